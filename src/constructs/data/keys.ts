import { Construct } from "constructs";
import { AwsScope, arn, regionalService } from "../iam/arn";
import { CustomerManagedKey, KmsServiceGrant } from "../kms/kms-key";
import { dataLogGroupPrefixes } from "./log-group";

/** One key per purpose, so access to one kind of data never implies another. */
export const DATA_KEY_PURPOSES = ["database", "cache", "search", "tables", "buckets", "logs", "alarms", "secrets"] as const;
export type DataKeyPurpose = (typeof DATA_KEY_PURPOSES)[number];

const DESCRIPTIONS: Record<DataKeyPurpose, string> = {
  database: "PostgreSQL storage, snapshots, Performance Insights and the RDS-managed master secret",
  cache: "ElastiCache data at rest and snapshots",
  search: "OpenSearch data at rest",
  tables: "DynamoDB tables, backups and streams",
  buckets: "S3 objects of the application buckets",
  logs: "CloudWatch log groups of the data services",
  alarms: "the SNS topic data-layer alarms are sent to",
  secrets: "the application secrets (Secrets Manager) and SecureString parameters (SSM)",
};

/**
 * What a data key's policy grants a service directly, in `account`'s region:
 * CloudWatch Logs for the data services' log groups (`logs`), CloudWatch for the
 * alarm topic (`alarms`).
 */
export function dataKeyServiceGrants(account: AwsScope, namePrefix: string): Partial<Record<DataKeyPurpose, KmsServiceGrant[]>> {
  return {
    logs: [
      {
        sid: "CloudWatchLogsOfTheDataServices",
        servicePrincipal: regionalService(account, "logs"),
        conditions: [
          {
            test: "ArnLike",
            variable: "kms:EncryptionContext:aws:logs:arn",
            values: dataLogGroupPrefixes(namePrefix).map((prefix) => arn(account, "logs", `log-group:${prefix}*`)),
          },
        ],
      },
    ],
    alarms: [
      {
        sid: "CloudWatchAlarmsPublish",
        servicePrincipal: "cloudwatch.amazonaws.com",
        actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
        conditions: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [account.accountId] }],
      },
    ],
  };
}

export interface DataKeysProps {
  /** e.g. `llm-platform-dev`; aliases are `alias/<namePrefix>/data-<purpose>`. */
  readonly namePrefix: string;
}

/**
 * The customer-managed keys of the data layer, rotation on. Their policies grant
 * the account root (so IAM decides who in the account may use them; RDS,
 * ElastiCache, OpenSearch, DynamoDB, S3 and Secrets Manager use them through
 * grants made on behalf of those principals) and, where a service must use a
 * key on its own, only that service, scoped to this environment's resources:
 * CloudWatch Logs for the data services' log groups, CloudWatch for the alarm topic.
 */
export class DataKeys extends Construct {
  readonly keys: Record<DataKeyPurpose, CustomerManagedKey>;

  constructor(scope: Construct, id: string, props: DataKeysProps) {
    super(scope, id);
    const { namePrefix } = props;
    const serviceGrants = dataKeyServiceGrants(AwsScope.of(this), namePrefix);
    this.keys = Object.fromEntries(
      DATA_KEY_PURPOSES.map((purpose) => [
        purpose,
        new CustomerManagedKey(this, purpose, {
          alias: `${namePrefix}/data-${purpose}`,
          description: `Encrypts ${DESCRIPTIONS[purpose]} of ${namePrefix}`,
          serviceGrants: serviceGrants[purpose],
        }),
      ]),
    ) as Record<DataKeyPurpose, CustomerManagedKey>;
  }

  arn(purpose: DataKeyPurpose): string {
    return this.keys[purpose].arn;
  }
}
