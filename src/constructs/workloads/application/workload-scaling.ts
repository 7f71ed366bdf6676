import { HorizontalPodAutoscalerV2 } from "@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2";
import { PodDisruptionBudgetV1 } from "@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { ApiWorkloadConfig, ScalingTrigger, WorkerWorkloadConfig } from "../../../config";
import { CustomResourcesChart, CustomResourcesRelease } from "../helm-chart-release";

export interface ApiScalingProps {
  /** The workload's name: names the HPA and the PDB. */
  readonly name: string;
  readonly config: ApiWorkloadConfig;
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
export class ApiScaling extends Construct {
  readonly autoscaler: HorizontalPodAutoscalerV2;
  readonly disruptionBudget: PodDisruptionBudgetV1;

  constructor(scope: Construct, id: string, props: ApiScalingProps) {
    super(scope, id);
    const { autoscaling, disruptionBudget } = props.config;
    const utilization = (name: string, percent: number) => ({
      type: "Resource",
      resource: { name, target: { type: "Utilization", averageUtilization: percent } },
    });
    this.autoscaler = new HorizontalPodAutoscalerV2(this, "autoscaler", {
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
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
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
      spec: { minAvailable: String(disruptionBudget.minAvailable), selector: { matchLabels: props.selector } },
    });
  }
}

export interface WorkerDisruptionBudgetProps {
  readonly name: string;
  readonly config: WorkerWorkloadConfig;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly selector: Record<string, string>;
}

/** A worker's PodDisruptionBudget: node drains evict at most `maxUnavailable` of its pods at once. */
export class WorkerDisruptionBudget extends Construct {
  readonly disruptionBudget: PodDisruptionBudgetV1;

  constructor(scope: Construct, id: string, props: WorkerDisruptionBudgetProps) {
    super(scope, id);
    this.disruptionBudget = new PodDisruptionBudgetV1(this, "disruption-budget", {
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
      spec: { maxUnavailable: String(props.config.maxUnavailable), selector: { matchLabels: props.selector } },
    });
  }
}

/** KEDA's API version for ScaledObject and ClusterTriggerAuthentication. */
export const KEDA_API_VERSION = "keda.sh/v1alpha1";

/** The ClusterTriggerAuthentication through which scalers use KEDA operator's own IRSA role. */
export const KEDA_AWS_AUTHENTICATION = "keda-aws-operator-role";

export interface KedaScalingProps {
  readonly chart: CustomResourcesChart;
  /** The workload's name: names the ScaledObject and the release (`<name>-scaling`). */
  readonly name: string;
  readonly scaling: NonNullable<WorkerWorkloadConfig["scaling"]>;
  /** Namespace of the Deployment and its ScaledObject. */
  readonly namespace: string;
  /** Namespace the Helm release is recorded in: KEDA's. */
  readonly releaseNamespace: string;
  readonly deploymentName: string;
  readonly region: string;
  /** `https://sqs.<region>.<suffix>/<account>/`: queue URLs are this plus the name. */
  readonly queueUrlPrefix: string;
  /** Must include the release that installs KEDA's CRDs and the trigger authentication. */
  readonly dependsOn: ITerraformDependable[];
}

/** One KEDA trigger from config. */
export function kedaTrigger(trigger: ScalingTrigger, region: string, queueUrlPrefix: string): object {
  const authenticationRef = { name: KEDA_AWS_AUTHENTICATION, kind: "ClusterTriggerAuthentication" };
  if (trigger.type === "sqs") {
    return {
      type: "aws-sqs-queue",
      metadata: { queueURL: `${queueUrlPrefix}${trigger.queueName}`, queueLength: String(trigger.messagesPerReplica), awsRegion: region },
      authenticationRef,
    };
  }
  const dimensions = Object.entries(trigger.dimensions);
  return {
    type: "aws-cloudwatch",
    metadata: {
      namespace: trigger.namespace,
      metricName: trigger.metricName,
      ...(dimensions.length > 0
        ? { dimensionName: dimensions.map(([name]) => name).join(";"), dimensionValue: dimensions.map(([, value]) => value).join(";") }
        : {}),
      metricStat: trigger.statistic,
      metricStatPeriod: String(trigger.periodSeconds),
      targetMetricValue: String(trigger.targetValue),
      minMetricValue: "0",
      awsRegion: region,
    },
    authenticationRef,
  };
}

/**
 * A worker's KEDA ScaledObject (applied through the custom-resources chart,
 * recorded in KEDA's namespace): KEDA makes and drives an HPA for the
 * Deployment from the configured triggers, down to `minReplicas` (0 stops
 * every pod while there is no work).
 */
export class KedaScaling extends CustomResourcesRelease {
  constructor(scope: Construct, id: string, props: KedaScalingProps) {
    const { scaling } = props;
    super(scope, id, {
      chart: props.chart,
      name: `${props.name}-scaling`,
      namespace: props.releaseNamespace,
      dependsOn: props.dependsOn,
      resources: [
        {
          apiVersion: KEDA_API_VERSION,
          kind: "ScaledObject",
          metadata: { name: props.name, namespace: props.namespace },
          spec: {
            scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: props.deploymentName },
            minReplicaCount: scaling.minReplicas,
            maxReplicaCount: scaling.maxReplicas,
            pollingInterval: scaling.pollingIntervalSeconds,
            cooldownPeriod: scaling.cooldownSeconds,
            triggers: scaling.triggers.map((trigger) => kedaTrigger(trigger, props.region, props.queueUrlPrefix)),
          },
        },
      ],
    });
  }
}
