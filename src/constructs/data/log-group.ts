import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Construct } from "constructs";

export interface SharedKeyLogGroupProps {
  readonly name: string;
  /** KMS key ARN; its policy must let CloudWatch Logs use it for this group. */
  readonly kmsKeyArn: string;
  /** Default: 365 days. */
  readonly retentionDays?: number;
}

/**
 * A CloudWatch log group encrypted with a key shared by several groups (the data
 * layer's logs key), retained a year by default. For a group with a key of its
 * own, see `EncryptedLogGroup` in src/constructs/logs.
 */
export function sharedKeyLogGroup(scope: Construct, id: string, props: SharedKeyLogGroupProps): CloudwatchLogGroup {
  return new CloudwatchLogGroup(scope, id, {
    name: props.name,
    kmsKeyId: props.kmsKeyArn,
    retentionInDays: props.retentionDays ?? 365,
  });
}

/** Log group name prefixes of the data services of one environment (the logs key is scoped to these). */
export function dataLogGroupPrefixes(namePrefix: string): string[] {
  return [`/aws/rds/cluster/${namePrefix}-`, `/aws/rds/instance/${namePrefix}-`, `/aws/elasticache/${namePrefix}-`, `/aws/opensearch/${namePrefix}-`];
}
