import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";

/** The Kubernetes service account a role is for. */
export interface ServiceAccountRef {
  readonly namespace: string;
  readonly name: string;
}

export interface IrsaRoleProps {
  /** IAM role name. */
  readonly name: string;
  readonly description: string;
  /** ARN of the cluster's IAM OIDC provider. */
  readonly oidcProviderArn: string;
  /** Issuer URL without `https://`, e.g. `oidc.eks.us-east-1.amazonaws.com/id/ABC`. */
  readonly oidcIssuer: string;
  /** The only service account that may assume the role. */
  readonly serviceAccount: ServiceAccountRef;
  /** The role's inline permissions: exactly what the workload needs. */
  readonly statements: DataAwsIamPolicyDocumentStatement[];
}

/**
 * An IAM role for one Kubernetes service account (IRSA): only tokens the
 * cluster's OIDC issuer minted for that namespace and name, with the STS
 * audience, may assume it.
 */
export class IrsaRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: IrsaRoleProps) {
    super(scope, id);
    const { namespace, name } = props.serviceAccount;
    const trust = new DataAwsIamPolicyDocument(this, "trust", {
      statement: [
        {
          effect: "Allow",
          actions: ["sts:AssumeRoleWithWebIdentity"],
          principals: [{ type: "Federated", identifiers: [props.oidcProviderArn] }],
          condition: [
            { test: "StringEquals", variable: `${props.oidcIssuer}:sub`, values: [`system:serviceaccount:${namespace}:${name}`] },
            { test: "StringEquals", variable: `${props.oidcIssuer}:aud`, values: ["sts.amazonaws.com"] },
          ],
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
