import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatementCondition } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { AwsScope, accountRootArn } from "../iam/arn";
import { KeyGrants } from "./key-grants";

/** Lets one AWS service principal use the key for encryption, under conditions. */
export interface KmsServiceGrant {
  /** Statement id, e.g. `CloudWatchLogs`. */
  readonly sid: string;
  /** e.g. `logs.us-east-1.amazonaws.com`. */
  readonly servicePrincipal: string;
  /** Default: encrypt, decrypt, re-encrypt, generate data keys and describe. */
  readonly actions?: string[];
  /** Conditions that scope the grant to this environment's resources. */
  readonly conditions: DataAwsIamPolicyDocumentStatementCondition[];
}

export interface CustomerManagedKeyProps {
  /** Alias without the `alias/` prefix, e.g. `llm-platform-dev/logs`. */
  readonly alias: string;
  readonly description: string;
  /** Service principals that may use the key directly. Default: none (only through IAM of this account). */
  readonly serviceGrants?: KmsServiceGrant[];
  /** Waiting period before a scheduled deletion. Default: 30 days, the maximum. */
  readonly deletionWindowInDays?: number;
  /** Provider of another region (a replica or disaster-recovery key). Default: the stack's default AWS provider. */
  readonly provider?: TerraformProvider;
}

export const DEFAULT_KEY_USE_ACTIONS = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"];

/**
 * A symmetric customer-managed KMS key with yearly rotation and an alias. Its
 * policy grants the account root (so IAM policies in the account decide who may
 * use it) and only the service principals named in `serviceGrants`.
 */
export class CustomerManagedKey extends Construct {
  readonly key: KmsKey;
  readonly alias: KmsAlias;
  /** The key's ARN: one token, so grants that name the key twice name it once. */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: CustomerManagedKeyProps) {
    super(scope, id);
    const policy = new DataAwsIamPolicyDocument(this, "key-policy", {
      statement: [
        {
          sid: "AccountRootManagesKey",
          effect: "Allow",
          actions: ["kms:*"],
          resources: ["*"],
          principals: [{ type: "AWS", identifiers: [accountRootArn(AwsScope.of(this))] }],
        },
        ...(props.serviceGrants ?? []).map((grant) => ({
          sid: grant.sid,
          effect: "Allow",
          actions: grant.actions ?? DEFAULT_KEY_USE_ACTIONS,
          resources: ["*"],
          principals: [{ type: "Service", identifiers: [grant.servicePrincipal] }],
          condition: grant.conditions,
        })),
      ],
    });
    this.key = new KmsKey(this, "key", {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowInDays ?? 30,
      policy: policy.json,
      provider: props.provider,
    });
    this.arn = this.key.arn;
    this.alias = new KmsAlias(this, "alias", { name: `alias/${props.alias}`, targetKeyId: this.key.keyId, provider: props.provider });
  }

  /** Use of the key by grantees, through one service. */
  get grants(): KeyGrants {
    return new KeyGrants({ arn: this.arn });
  }
}
