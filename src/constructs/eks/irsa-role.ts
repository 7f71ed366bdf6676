import { Construct } from "constructs";
import { Grantee, PolicyStatement } from "../iam/grant";
import { PolicyRole } from "../iam/policy-role";

/** A Kubernetes service account: the identity an IRSA role trusts. */
export interface ServiceAccountRef {
  readonly namespace: string;
  readonly name: string;
}

/** The OIDC identity of one cluster, as IRSA trust policies need it. */
export interface OidcIdentity {
  /** ARN of the cluster's IAM OIDC provider. */
  readonly providerArn: string;
  /** Issuer URL without `https://`, e.g. `oidc.eks.us-east-1.amazonaws.com/id/ABC`. */
  readonly issuer: string;
}

export interface IrsaRoleProps {
  readonly name: string;
  readonly description: string;
  readonly oidc: OidcIdentity;
  /** The one service account that may assume the role. */
  readonly serviceAccount: ServiceAccountRef;
  /** Names of AWS managed policies to attach. Default: none. */
  readonly awsManagedPolicies?: string[];
  /** Inline permissions to start with; grants add to them. Default: none. */
  readonly statements?: PolicyStatement[];
}

/** `system:serviceaccount:<namespace>:<name>`, the subject of a service account's token. */
export function serviceAccountSubject(account: ServiceAccountRef): string {
  return `system:serviceaccount:${account.namespace}:${account.name}`;
}

/**
 * IAM role for a Kubernetes service account (IRSA): only tokens the cluster's
 * OIDC issuer signed for exactly this service account, with the STS audience,
 * may assume it. A {@link Grantee}: grants add to its role's one inline policy.
 */
export class IrsaRole extends Construct implements Grantee {
  readonly role: PolicyRole;

  constructor(scope: Construct, id: string, props: IrsaRoleProps) {
    super(scope, id);
    const { oidc } = props;
    this.role = new PolicyRole(this, "role", {
      name: props.name,
      description: props.description,
      trust: [
        {
          sid: "ServiceAccountOfThisCluster",
          effect: "Allow",
          actions: ["sts:AssumeRoleWithWebIdentity"],
          principals: [{ type: "Federated", identifiers: [oidc.providerArn] }],
          condition: [
            {
              test: "StringEquals",
              variable: `${oidc.issuer}:sub`,
              values: [serviceAccountSubject(props.serviceAccount)],
            },
            { test: "StringEquals", variable: `${oidc.issuer}:aud`, values: ["sts.amazonaws.com"] },
          ],
        },
      ],
      awsManagedPolicies: props.awsManagedPolicies,
      statements: props.statements,
    });
  }

  get arn(): string {
    return this.role.arn;
  }

  get principalArn(): string {
    return this.role.arn;
  }

  addToPolicy(statement: PolicyStatement): void {
    this.role.addToPolicy(statement);
  }
}
