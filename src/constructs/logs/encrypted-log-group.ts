import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Construct } from "constructs";
import { AwsScope, arn, regionalService } from "../iam/arn";
import { CustomerManagedKey } from "../kms/kms-key";

export interface EncryptedLogGroupProps {
  /** Log group name, e.g. `/aws/eks/<cluster>/cluster`. */
  readonly name: string;
  /** Alias of the log group's own key, without `alias/`. */
  readonly keyAlias: string;
  /** Default: 365 days. */
  readonly retentionDays?: number;
}

/**
 * A CloudWatch log group encrypted with its own customer-managed key, whose
 * policy lets CloudWatch Logs use it for this one log group only.
 */
export class EncryptedLogGroup extends Construct {
  readonly key: CustomerManagedKey;
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps) {
    super(scope, id);
    const account = AwsScope.of(scope);
    this.key = new CustomerManagedKey(this, "key", {
      alias: props.keyAlias,
      description: `Encrypts the CloudWatch log group ${props.name}`,
      serviceGrants: [
        {
          sid: "CloudWatchLogsOfThisLogGroup",
          servicePrincipal: regionalService(account, "logs"),
          conditions: [
            {
              test: "ArnEquals",
              variable: "kms:EncryptionContext:aws:logs:arn",
              values: [arn(account, "logs", `log-group:${props.name}`)],
            },
          ],
        },
      ],
    });
    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: props.name,
      retentionInDays: props.retentionDays ?? 365,
      kmsKeyId: this.key.arn,
    });
  }
}
