import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { AwsScope, awsManagedPolicyArn } from "./arn";
import { Grantee, PolicyStatement, PolicyStatements } from "./grant";

export interface PolicyRoleProps {
  /** IAM role name. */
  readonly name: string;
  readonly description: string;
  /** Who may assume the role, as trust policy statements. */
  readonly trust: DataAwsIamPolicyDocumentStatement[];
  /** Names (not ARNs) of AWS managed policies to attach, with any path (`service-role/...`). Default: none. */
  readonly awsManagedPolicies?: string[];
  /** Inline permissions to start with; grants add to them. Default: none. */
  readonly statements?: PolicyStatement[];
}

/**
 * An IAM role with a typed trust policy, AWS managed policies attached by name
 * (each attachment's id is the policy name, so adding one never moves another)
 * and one inline policy document, made when the first statement arrives. It is a
 * {@link Grantee}: resources' grants add their statements to that one policy.
 */
export class PolicyRole extends Construct implements Grantee {
  readonly role: IamRole;
  private readonly name: string;
  private readonly policy = new PolicyStatements();
  private document?: DataAwsIamPolicyDocument;
  private inline?: IamRolePolicy;

  constructor(scope: Construct, id: string, props: PolicyRoleProps) {
    super(scope, id);
    this.name = props.name;
    const trust = new DataAwsIamPolicyDocument(this, "trust", { statement: props.trust });
    this.role = new IamRole(this, "role", {
      name: props.name,
      description: props.description,
      assumeRolePolicy: trust.json,
    });
    for (const policy of props.awsManagedPolicies ?? []) {
      new IamRolePolicyAttachment(this, `attach-${policy.split("/").pop()}`, {
        role: this.role.name,
        policyArn: awsManagedPolicyArn(AwsScope.of(this), policy),
      });
    }
    for (const statement of props.statements ?? []) this.addToPolicy(statement);
  }

  /** The inline permissions, once there are any. */
  get permissions(): DataAwsIamPolicyDocument | undefined {
    return this.document;
  }

  get arn(): string {
    return this.role.arn;
  }

  get principalArn(): string {
    return this.role.arn;
  }

  /** The inline policy resource, once there are permissions: what must exist before the role is used. */
  get inlinePolicy(): IamRolePolicy | undefined {
    return this.inline;
  }

  addToPolicy(statement: PolicyStatement): void {
    this.policy.add(statement);
    if (!this.document) {
      this.document = new DataAwsIamPolicyDocument(this, "permissions", {});
      this.inline = new IamRolePolicy(this, "policy", { name: this.name, role: this.role.id, policy: this.document.json });
    }
    this.document.putStatement(this.policy.statements);
  }
}
