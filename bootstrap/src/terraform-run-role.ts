import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import { READ_ACTIONS, RUN_ROLE_PATH } from "./run-permissions";
import { AWS_WORKLOAD_IDENTITY_AUDIENCE } from "./workload-identity";

export interface TerraformRunRoleProps {
  /** The environment's aliased AWS provider. */
  readonly provider: AwsProvider;
  readonly name: string;
  readonly description: string;
  /** ARN of the account's IAM OIDC provider for Terraform Cloud. */
  readonly oidcProviderArn: string;
  /** Terraform Cloud host name, e.g. app.terraform.io: the prefix of the token's claim keys. */
  readonly hostname: string;
  /** The exact `sub` claim allowed (one workspace, one run phase). */
  readonly subject: string;
  /** Deny statements every run role carries (data-plane reads, the delivery identity). */
  readonly guardStatements: DataAwsIamPolicyDocumentStatement[];
  /** Write permissions on top of the read allow list. Default: none (a plan role). */
  readonly writeStatements?: DataAwsIamPolicyDocumentStatement[];
}

/**
 * An IAM role one Terraform Cloud workspace assumes for one run phase through
 * dynamic provider credentials: trust pinned to the exact token subject and
 * audience; the read allow list (READ_ACTIONS) minus the guard statements,
 * plus the write statements given.
 */
export class TerraformRunRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: TerraformRunRoleProps) {
    super(scope, id);
    const provider = props.provider;
    const trust = new DataAwsIamPolicyDocument(this, "trust", {
      provider,
      statement: [
        {
          effect: "Allow",
          actions: ["sts:AssumeRoleWithWebIdentity"],
          principals: [{ type: "Federated", identifiers: [props.oidcProviderArn] }],
          condition: [
            { test: "StringEquals", variable: `${props.hostname}:aud`, values: [AWS_WORKLOAD_IDENTITY_AUDIENCE] },
            { test: "StringEquals", variable: `${props.hostname}:sub`, values: [props.subject] },
          ],
        },
      ],
    });
    this.role = new IamRole(this, "role", {
      provider,
      name: props.name,
      path: RUN_ROLE_PATH,
      description: props.description,
      assumeRolePolicy: trust.json,
    });
    const read = new DataAwsIamPolicyDocument(this, "read", {
      provider,
      statement: [{ sid: "ReadConfiguration", effect: "Allow", actions: READ_ACTIONS, resources: ["*"] }],
    });
    new IamRolePolicy(this, "read-policy", { provider, name: "read", role: this.role.id, policy: read.json });
    const guard = new DataAwsIamPolicyDocument(this, "guard", { provider, statement: props.guardStatements });
    new IamRolePolicy(this, "guard-policy", { provider, name: "guard", role: this.role.id, policy: guard.json });
    if (props.writeStatements && props.writeStatements.length > 0) {
      const write = new DataAwsIamPolicyDocument(this, "write", { provider, statement: props.writeStatements });
      new IamRolePolicy(this, "write-policy", { provider, name: "write", role: this.role.id, policy: write.json });
    }
  }
}
