import { HorizontalPodAutoscalerV2 } from "@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2";
import { PodDisruptionBudgetV1 } from "@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1";
import { Construct } from "constructs";
import type { ApplicationConfig } from "../../../config";

export interface ApplicationScalingProps {
  readonly config: ApplicationConfig;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly selector: Record<string, string>;
  /** Name of the Deployment to scale. */
  readonly deploymentName: string;
}

/**
 * An autoscaling/v2 HPA on average CPU and memory utilization, scaling down
 * slowly (a window from config, 10 minutes by default) so bursts of LLM traffic
 * do not flap, and a
 * PodDisruptionBudget that keeps `minAvailable` pods through node drains.
 */
export class ApplicationScaling extends Construct {
  readonly autoscaler: HorizontalPodAutoscalerV2;
  readonly disruptionBudget: PodDisruptionBudgetV1;

  constructor(scope: Construct, id: string, props: ApplicationScalingProps) {
    super(scope, id);
    const { autoscaling, disruptionBudget } = props.config;
    const utilization = (name: string, percent: number) => ({
      type: "Resource",
      resource: { name, target: { type: "Utilization", averageUtilization: percent } },
    });
    this.autoscaler = new HorizontalPodAutoscalerV2(this, "autoscaler", {
      metadata: { name: props.config.name, namespace: props.namespace, labels: props.labels },
      spec: {
        minReplicas: autoscaling.minReplicas,
        maxReplicas: autoscaling.maxReplicas,
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: props.deploymentName },
        metric: [utilization("cpu", autoscaling.targetCpuPercent), utilization("memory", autoscaling.targetMemoryPercent)],
        behavior: {
          scaleDown: [
            {
              stabilizationWindowSeconds: autoscaling.scaleDownStabilizationSeconds,
              selectPolicy: "Max",
              policy: [{ type: "Percent", value: 50, periodSeconds: 60 }],
            },
          ],
          scaleUp: [
            {
              stabilizationWindowSeconds: 0,
              selectPolicy: "Max",
              policy: [
                { type: "Percent", value: 100, periodSeconds: 30 },
                { type: "Pods", value: 4, periodSeconds: 30 },
              ],
            },
          ],
        },
      },
    });
    this.disruptionBudget = new PodDisruptionBudgetV1(this, "disruption-budget", {
      metadata: { name: props.config.name, namespace: props.namespace, labels: props.labels },
      spec: { minAvailable: String(disruptionBudget.minAvailable), selector: { matchLabels: props.selector } },
    });
  }
}
