import { DataAwsLb } from "@cdktf/provider-aws/lib/data-aws-lb";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { AlarmsConfig } from "../../config/schema/data";
import { AlarmSpec, metricAlarm } from "../data/alarms";

export interface LoadBalancerAlarmsProps {
  /** e.g. `llm-platform-prod`; alarms are `<namePrefix>-lb-...`. */
  readonly namePrefix: string;
  /** The EKS cluster whose AWS Load Balancer Controller created the load balancer. */
  readonly clusterName: string;
  /** `<namespace>/<name>` of the Ingress the load balancer serves. */
  readonly ingress: string;
  /** The Ingress, which waits for its load balancer: the lookup runs after it. */
  readonly dependsOn: ITerraformDependable[];
  /** The environment's alarm topic. */
  readonly topicArn: string;
  readonly settings: Pick<AlarmsConfig, "periodSeconds" | "evaluationPeriods" | "loadBalancer">;
  /** What the alarm descriptions call the load balancer's workload. Default: `LLM API`. */
  readonly subject?: string;
}

/** The alarm specs of one Application Load Balancer, by its `LoadBalancer` dimension (`app/<name>/<id>`). */
export function loadBalancerAlarms(loadBalancer: string, thresholds: AlarmsConfig["loadBalancer"], subject = "LLM API"): Record<string, AlarmSpec> {
  const alb = (metricName: string, stat: string) => ({
    namespace: "AWS/ApplicationELB",
    metricName,
    stat,
    dimensions: { LoadBalancer: loadBalancer },
  });
  const responseTime = (percentile: "p95" | "p99", thresholdMs: number): AlarmSpec => ({
    description: `${subject} target response time ${percentile} above ${thresholdMs} ms`,
    metric: { namespace: "AWS/ApplicationELB", metricName: "TargetResponseTime", statistic: percentile, dimensions: { LoadBalancer: loadBalancer } },
    comparison: "GreaterThanThreshold",
    // TargetResponseTime is in seconds.
    threshold: thresholdMs / 1000,
  });
  return {
    "lb-5xx-rate": {
      description: `${subject}: more than ${thresholds.error5xxPercent}% of requests answered 5xx (application or load balancer)`,
      metric: {
        expression: "IF(requests > 0, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests, 0)",
        metrics: {
          requests: alb("RequestCount", "Sum"),
          target5xx: alb("HTTPCode_Target_5XX_Count", "Sum"),
          elb5xx: alb("HTTPCode_ELB_5XX_Count", "Sum"),
        },
      },
      comparison: "GreaterThanThreshold",
      threshold: thresholds.error5xxPercent,
    },
    "lb-response-time-p95": responseTime("p95", thresholds.responseTimeP95Ms),
    "lb-response-time-p99": responseTime("p99", thresholds.responseTimeP99Ms),
  };
}

/**
 * Alarms on the LLM API's Application Load Balancer: 5xx rate and target
 * response time percentiles. The AWS Load Balancer Controller names the load
 * balancer, so it is found by the tags the controller puts on it (cluster and
 * Ingress), after the Ingress has waited for it.
 */
export class LoadBalancerAlarms extends Construct {
  readonly loadBalancer: DataAwsLb;

  constructor(scope: Construct, id: string, props: LoadBalancerAlarmsProps) {
    super(scope, id);
    this.loadBalancer = new DataAwsLb(this, "load-balancer", {
      tags: { "elbv2.k8s.aws/cluster": props.clusterName, "ingress.k8s.aws/stack": props.ingress },
      dependsOn: props.dependsOn,
    });
    const { periodSeconds, evaluationPeriods, loadBalancer } = props.settings;
    for (const [name, spec] of Object.entries(loadBalancerAlarms(this.loadBalancer.arnSuffix, loadBalancer, props.subject))) {
      metricAlarm(this, name, spec, { namePrefix: props.namePrefix, topicArn: props.topicArn, periodSeconds, evaluationPeriods });
    }
  }
}
