import { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { Construct } from "constructs";
import type { ClusterExports, DataExports } from "../../../contracts";
import { AccountScope, arn } from "../../iam/arn";
import { IrsaRole } from "../../eks/irsa-role";
import { IRSA_ANNOTATION } from "../helm-chart-release";

/** Read and write on items; no table administration. */
export const TABLE_ACTIONS = [
  "dynamodb:BatchGetItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:ConditionCheckItem",
  "dynamodb:DeleteItem",
  "dynamodb:DescribeTable",
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:Query",
  "dynamodb:Scan",
  "dynamodb:UpdateItem",
];

export const OBJECT_ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:GetObjectVersion"];

export interface ApplicationIdentityProps {
  readonly account: AccountScope;
  /** IAM role name. */
  readonly roleName: string;
  /** Service account name. */
  readonly name: string;
  /** Namespace of the service account (may be a reference to the namespace resource). */
  readonly namespace: string;
  /** The namespace's plain name, for the role's trust policy. */
  readonly namespaceName: string;
  readonly labels: Record<string, string>;
  readonly cluster: Pick<ClusterExports, "oidcProviderArn" | "oidcIssuer">;
  readonly data: DataExports;
  /** Config names of the tables and buckets the application uses. */
  readonly tables: string[];
  readonly buckets: string[];
}

function pick<T>(exported: Record<string, T>, names: string[], what: string): T[] {
  return names.map((name) => {
    const found = exported[name];
    if (!found) {
      const known = Object.keys(exported).join(", ") || "none";
      throw new Error(`the application uses ${what} "${name}", which the data layer does not export (exports: ${known})`);
    }
    return found;
  });
}

/**
 * The application's service account and the IAM role it assumes (IRSA),
 * granting exactly its tables (and their indexes), its buckets, the
 * application's secrets, its search domain and cache user, and use of the
 * data layer's keys only through those services.
 */
export class ApplicationIdentity extends Construct {
  readonly role: IrsaRole;
  readonly serviceAccount: ServiceAccountV1;

  constructor(scope: Construct, id: string, props: ApplicationIdentityProps) {
    super(scope, id);
    const { data, account } = props;
    const tables = pick(data.tables, props.tables, "table");
    const buckets = pick(data.buckets, props.buckets, "bucket");
    const statements: DataAwsIamPolicyDocumentStatement[] = [];
    if (tables.length > 0) {
      statements.push({
        sid: "Tables",
        effect: "Allow",
        actions: TABLE_ACTIONS,
        resources: tables.flatMap((table) => [table.arn, `${table.arn}/index/*`]),
      });
    }
    if (buckets.length > 0) {
      statements.push(
        { sid: "ListBuckets", effect: "Allow", actions: ["s3:ListBucket"], resources: buckets.map((b) => b.arn) },
        { sid: "Objects", effect: "Allow", actions: OBJECT_ACTIONS, resources: buckets.map((b) => `${b.arn}/*`) },
      );
    }
    statements.push(
      {
        sid: "Secrets",
        effect: "Allow",
        actions: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
        resources: data.secretArns,
      },
      {
        sid: "Search",
        effect: "Allow",
        actions: ["es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost", "es:ESHttpPut", "es:ESHttpDelete"],
        resources: [`${data.search.domainArn}/*`],
      },
      {
        sid: "CacheIamAuth",
        effect: "Allow",
        actions: ["elasticache:Connect"],
        resources: [
          arn(account, "elasticache", "replicationgroup:*"),
          arn(account, "elasticache", `user:${data.cache.userId}`),
        ],
      },
      {
        sid: "KeysThroughDataServices",
        effect: "Allow",
        actions: ["kms:Decrypt", "kms:GenerateDataKey"],
        resources: data.applicationKmsKeyArns,
        condition: [
          {
            test: "StringEquals",
            variable: "kms:ViaService",
            values: ["dynamodb", "s3", "secretsmanager"].map((service) => `${service}.${account.region}.amazonaws.com`),
          },
        ],
      },
    );
    this.role = new IrsaRole(this, "role", {
      name: props.roleName,
      description: `Runtime role of the ${props.name} pods in namespace ${props.namespaceName}`,
      oidc: { providerArn: props.cluster.oidcProviderArn, issuer: props.cluster.oidcIssuer },
      serviceAccount: { namespace: props.namespaceName, name: props.name },
      statements,
    });
    this.serviceAccount = new ServiceAccountV1(this, "service-account", {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        labels: props.labels,
        annotations: { [IRSA_ANNOTATION]: this.role.role.arn },
      },
      automountServiceAccountToken: false,
    });
  }
}
