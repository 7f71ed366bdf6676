import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { AccountScope } from "./arn";

export interface ServiceRoleProps {
  /** IAM role name. */
  readonly name: string;
  readonly description: string;
  /** Service principal that assumes the role, e.g. `vpc-flow-logs.amazonaws.com`. */
  readonly servicePrincipal: string;
  /**
   * Account (and optionally source ARN pattern) the service must act for; guards
   * against the confused-deputy problem. Default: no source ARN condition.
   */
  readonly account: AccountScope;
  readonly sourceArnLike?: string;
  /** The role's inline permissions: keep them to exactly what the service needs. */
  readonly statements: DataAwsIamPolicyDocumentStatement[];
}

/** An IAM role an AWS service assumes on this account's behalf, with one inline policy. */
export class ServiceRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    const conditions = [{ test: "StringEquals", variable: "aws:SourceAccount", values: [props.account.accountId] }];
    if (props.sourceArnLike) {
      conditions.push({ test: "ArnLike", variable: "aws:SourceArn", values: [props.sourceArnLike] });
    }
    const trust = new DataAwsIamPolicyDocument(this, "trust", {
      statement: [
        {
          effect: "Allow",
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: [props.servicePrincipal] }],
          condition: conditions,
        },
      ],
    });
    this.role = new IamRole(this, "role", {
      name: props.name,
      description: props.description,
      assumeRolePolicy: trust.json,
    });
    const permissions = new DataAwsIamPolicyDocument(this, "permissions", { statement: props.statements });
    new IamRolePolicy(this, "policy", { name: props.name, role: this.role.id, policy: permissions.json });
  }
}

