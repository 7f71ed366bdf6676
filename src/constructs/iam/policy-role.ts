import {
  DataAwsIamPolicyDocument,
  DataAwsIamPolicyDocumentStatement,
} from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";

/** ARN of an AWS managed policy, e.g. `awsManagedPolicy("AmazonEKSClusterPolicy")`. */
export function awsManagedPolicy(name: string): string {
  return `arn:aws:iam::aws:policy/${name}`;
}

export interface PolicyRoleProps {
  /** IAM role name. */
  readonly name: string;
  readonly description: string;
  /** Who may assume the role, as trust policy statements. */
  readonly trust: DataAwsIamPolicyDocumentStatement[];
  /** Names (not ARNs) of AWS managed policies to attach, with any path (`service-role/...`). Default: none. */
  readonly awsManagedPolicies?: string[];
  /** Inline permissions, as one typed policy document. Default: none. */
  readonly statements?: DataAwsIamPolicyDocumentStatement[];
}

/**
 * An IAM role with a typed trust policy, AWS managed policies attached by name
 * (each attachment's id is the policy name, so adding one never moves another)
 * and optionally one inline policy document.
 */
export class PolicyRole extends Construct {
  readonly role: IamRole;
  /** The inline permissions, when there are any. */
  readonly permissions?: DataAwsIamPolicyDocument;

  constructor(scope: Construct, id: string, props: PolicyRoleProps) {
    super(scope, id);
    const trust = new DataAwsIamPolicyDocument(this, "trust", { statement: props.trust });
    this.role = new IamRole(this, "role", {
      name: props.name,
      description: props.description,
      assumeRolePolicy: trust.json,
    });
    for (const policy of props.awsManagedPolicies ?? []) {
      new IamRolePolicyAttachment(this, `attach-${policy.split("/").pop()}`, {
        role: this.role.name,
        policyArn: awsManagedPolicy(policy),
      });
    }
    if (props.statements && props.statements.length > 0) {
      this.permissions = new DataAwsIamPolicyDocument(this, "permissions", { statement: props.statements });
      new IamRolePolicy(this, "policy", { name: props.name, role: this.role.id, policy: this.permissions.json });
    }
  }

  get arn(): string {
    return this.role.arn;
  }
}
