import { CloudwatchMetricAlarm, CloudwatchMetricAlarmMetricQuery } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Construct } from "constructs";
import type { AlarmsConfig } from "../../config/schema/data";

/** What one alarm watches: a single metric, or metric math over several. */
export type AlarmMetric =
  | { readonly namespace: string; readonly metricName: string; readonly statistic: string; readonly dimensions: Record<string, string> }
  | {
      readonly expression: string;
      readonly metrics: Record<string, { namespace: string; metricName: string; stat: string; dimensions: Record<string, string> }>;
    };

export interface AlarmSpec {
  readonly description: string;
  readonly metric: AlarmMetric;
  readonly comparison: "GreaterThanOrEqualToThreshold" | "GreaterThanThreshold" | "LessThanThreshold";
  readonly threshold: number;
}

export interface AlarmTopicProps {
  /** e.g. `llm-platform-dev`; the topic is `<namePrefix>-data-alarms`, alarms `<namePrefix>-<id>`. */
  readonly namePrefix: string;
  /** Encrypts the topic; its policy must let CloudWatch use it. */
  readonly kmsKeyArn: string;
  /** Period and evaluation periods of every alarm, and e-mail subscribers. */
  readonly settings: Pick<AlarmsConfig, "emailSubscribers" | "periodSeconds" | "evaluationPeriods">;
}

/**
 * One KMS-encrypted SNS topic per environment and the CloudWatch alarms that
 * notify it, both when they fire and when they recover. Alarm construct ids are
 * the alarm's own name (`database-cpu`, `table-chats-throttles`), never a position.
 */
export class AlarmTopic extends Construct {
  readonly topic: SnsTopic;
  readonly alarms: Record<string, CloudwatchMetricAlarm> = {};

  constructor(
    scope: Construct,
    id: string,
    private readonly props: AlarmTopicProps,
  ) {
    super(scope, id);
    this.topic = new SnsTopic(this, "topic", { name: `${props.namePrefix}-data-alarms`, kmsMasterKeyId: props.kmsKeyArn });
    for (const address of props.settings.emailSubscribers) {
      new SnsTopicSubscription(this, `email-${address}`, { topicArn: this.topic.arn, protocol: "email", endpoint: address });
    }
  }

  /** Adds an alarm named `<namePrefix>-<name>`. Missing data never alarms: idle is not broken. */
  add(name: string, spec: AlarmSpec): CloudwatchMetricAlarm {
    const alarm = metricAlarm(this, name, spec, {
      namePrefix: this.props.namePrefix,
      topicArn: this.topic.arn,
      periodSeconds: this.props.settings.periodSeconds,
      evaluationPeriods: this.props.settings.evaluationPeriods,
    });
    this.alarms[name] = alarm;
    return alarm;
  }
}

/** Where an alarm notifies and how it evaluates. */
export interface AlarmOptions {
  /** The alarm is `<namePrefix>-<name>`. */
  readonly namePrefix: string;
  /** SNS topic told when the alarm fires and when it recovers. */
  readonly topicArn: string;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
}

/**
 * One CloudWatch alarm with construct id `name`, notifying `topicArn` when it
 * fires and when it recovers; missing data never alarms (idle is not broken).
 * A percentile statistic (`p99`) becomes an extended statistic.
 */
export function metricAlarm(scope: Construct, name: string, spec: AlarmSpec, options: AlarmOptions): CloudwatchMetricAlarm {
  const { periodSeconds, evaluationPeriods } = options;
  const metric = spec.metric;
  const percentile = "metricName" in metric && /^p\d/.test(metric.statistic);
  const single =
    "metricName" in metric
      ? {
          namespace: metric.namespace,
          metricName: metric.metricName,
          ...(percentile ? { extendedStatistic: metric.statistic } : { statistic: metric.statistic }),
          dimensions: metric.dimensions,
          period: periodSeconds,
        }
      : {
          metricQuery: [
            ...Object.entries(metric.metrics).map(([queryId, m]): CloudwatchMetricAlarmMetricQuery => ({
              id: queryId,
              returnData: false,
              metric: { ...m, period: periodSeconds },
            })),
            { id: "total", expression: metric.expression, label: name, returnData: true },
          ],
        };
  return new CloudwatchMetricAlarm(scope, name, {
    alarmName: `${options.namePrefix}-${name}`,
    alarmDescription: spec.description,
    comparisonOperator: spec.comparison,
    threshold: spec.threshold,
    evaluationPeriods,
    treatMissingData: "notBreaching",
    alarmActions: [options.topicArn],
    okActions: [options.topicArn],
    ...single,
  });
}
