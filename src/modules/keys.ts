import { Construct } from "constructs";
import { AwsScope, arn, regionalService } from "../constructs/iam/arn";
import { CustomerManagedKey } from "../constructs/kms/kms-key";

export interface ServiceKeysProps {
  /** The service's name, e.g. `acme-dev-cache`: aliases are `alias/<name>/<data alias>` and `alias/<name>/logs`. */
  readonly name: string;
  /** The data key: construct id (part of its module address), alias suffix and description. */
  readonly data: { readonly id: string; readonly alias: string; readonly description: string };
  readonly logsDescription: string;
  /** Statement id of the CloudWatch Logs grant, e.g. `CloudWatchLogsOfThisCache`. */
  readonly logsSid: string;
  /** The service's log group names start with this, e.g. `/aws/elasticache/<name>/`. */
  readonly logGroupPrefix: string;
}

/**
 * The two customer-managed keys of a data service module (rotation on): one for
 * its data, one for its log groups that CloudWatch Logs may use for those log
 * groups only. One scope for both: the module address drops the first construct
 * id below the module, so they are `aws_kms_key.<data id>_key` and `aws_kms_key.logs_key`.
 */
export function serviceKeys(scope: Construct, props: ServiceKeysProps): { key: CustomerManagedKey; logsKey: CustomerManagedKey } {
  const { name } = props;
  const account = AwsScope.of(scope);
  const keys = new Construct(scope, "keys");
  const key = new CustomerManagedKey(keys, props.data.id, {
    alias: `${name}/${props.data.alias}`,
    description: props.data.description,
  });
  const logsKey = new CustomerManagedKey(keys, "logs", {
    alias: `${name}/logs`,
    description: props.logsDescription,
    serviceGrants: [
      {
        sid: props.logsSid,
        servicePrincipal: regionalService(account, "logs"),
        conditions: [
          {
            test: "ArnLike",
            variable: "kms:EncryptionContext:aws:logs:arn",
            values: [arn(account, "logs", `log-group:${props.logGroupPrefix}*`)],
          },
        ],
      },
    ],
  });
  return { key, logsKey };
}
