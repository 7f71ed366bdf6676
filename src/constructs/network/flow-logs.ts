import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { Construct } from "constructs";
import { AwsScope, arn, regionalService } from "../iam/arn";
import { CustomerManagedKey } from "../kms/kms-key";
import { ServiceRole } from "../iam/service-role";

export interface VpcFlowLogsProps {
  /** e.g. `llm-platform-dev`; names the log group and the delivery role. */
  readonly namePrefix: string;
  readonly vpcId: string;
  /** KMS key ARN the log group is encrypted with. */
  readonly kmsKeyArn: string;
  /** Default: 365 days. */
  readonly retentionDays?: number;
  /** Default: ALL. */
  readonly trafficType?: "ALL" | "ACCEPT" | "REJECT";
}

/** The CloudWatch log group name flow logs of a VPC go to. */
export function flowLogGroupName(namePrefix: string): string {
  return `/aws/vpc/flow-logs/${namePrefix}`;
}

/** The key a VPC's logs are encrypted with (alias `<namePrefix>/network-logs`): CloudWatch Logs may use it for the flow log group only. */
export function networkLogsKey(scope: Construct, id: string, namePrefix: string): CustomerManagedKey {
  const aws = AwsScope.of(scope);
  return new CustomerManagedKey(scope, id, {
    alias: `${namePrefix}/network-logs`,
    description: `Encrypts the network logs of ${namePrefix}`,
    serviceGrants: [
      {
        sid: "CloudWatchLogsOfThisNetwork",
        servicePrincipal: regionalService(aws, "logs"),
        conditions: [
          {
            test: "ArnLike",
            variable: "kms:EncryptionContext:aws:logs:arn",
            values: [arn(aws, "logs", `log-group:${flowLogGroupName(namePrefix)}`)],
          },
        ],
      },
    ],
  });
}

/**
 * A VPC's flow logs and the key their log group is encrypted with: construct ids
 * `logs-key` and `flow-logs` under `scope`.
 */
export function encryptedFlowLogs(
  scope: Construct,
  namePrefix: string,
  vpcId: string,
  options: { readonly flowLogRetentionDays?: number; readonly flowLogTrafficType?: "ALL" | "ACCEPT" | "REJECT" },
): { key: CustomerManagedKey; flowLogs: VpcFlowLogs } {
  const key = networkLogsKey(scope, "logs-key", namePrefix);
  const flowLogs = new VpcFlowLogs(scope, "flow-logs", {
    namePrefix,
    vpcId,
    kmsKeyArn: key.arn,
    retentionDays: options.flowLogRetentionDays,
    trafficType: options.flowLogTrafficType,
  });
  return { key, flowLogs };
}

/**
 * VPC flow logs delivered to an encrypted CloudWatch log group, through a role
 * that may write only to that group.
 */
export class VpcFlowLogs extends Construct {
  readonly logGroup: CloudwatchLogGroup;
  readonly flowLog: FlowLog;

  constructor(scope: Construct, id: string, props: VpcFlowLogsProps) {
    super(scope, id);
    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: flowLogGroupName(props.namePrefix),
      retentionInDays: props.retentionDays ?? 365,
      kmsKeyId: props.kmsKeyArn,
    });
    const delivery = new ServiceRole(this, "delivery-role", {
      name: `${props.namePrefix}-vpc-flow-logs`,
      description: `Delivers VPC flow logs of ${props.namePrefix} to CloudWatch Logs`,
      servicePrincipal: "vpc-flow-logs.amazonaws.com",
      sourceArnLike: arn(AwsScope.of(this), "ec2", "vpc-flow-log/*"),
      statements: [
        {
          sid: "WriteFlowLogs",
          effect: "Allow",
          actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          resources: [this.logGroup.arn, `${this.logGroup.arn}:*`],
        },
        {
          sid: "FindLogGroup",
          effect: "Allow",
          actions: ["logs:DescribeLogGroups"],
          resources: [arn(AwsScope.of(this), "logs", "log-group:*")],
        },
      ],
    });
    this.flowLog = new FlowLog(this, "flow-log", {
      vpcId: props.vpcId,
      trafficType: props.trafficType ?? "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: this.logGroup.arn,
      iamRoleArn: delivery.role.arn,
      maxAggregationInterval: 60,
    });
  }
}
