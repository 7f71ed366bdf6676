import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { Fn, Token } from "cdktf";
import { Construct } from "constructs";
import { ConstructError } from "../errors";
import { suppressPolicy } from "../../guardrails/suppressions";
import type { ClusterAccessLevel } from "../../config/schema/cluster";
import { Items, Named } from "../expressions/items";
import { Value, isKnown, known } from "../expressions/expression";
import { choose } from "../expressions/values";
import { CustomerManagedKey } from "../kms/kms-key";
import { EncryptedLogGroup } from "../logs/encrypted-log-group";
import { OidcIdentity } from "./irsa-role";
import { AwsScope, formatArn } from "../iam/arn";
import { PolicyRole } from "../iam/policy-role";

/** Every control-plane log type EKS can send to CloudWatch. */
export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

/** The EKS access policy each access level maps to (cluster-wide scope), by name. */
export const ACCESS_POLICIES: Record<ClusterAccessLevel, string> = {
  admin: "AmazonEKSClusterAdminPolicy",
  /** Reads everything, Secrets included: what a plan needs to refresh Helm releases. */
  "admin-view": "AmazonEKSAdminViewPolicy",
  viewer: "AmazonEKSViewPolicy",
};

/** ARN of an EKS access policy: `arn:<partition>:eks::aws:cluster-access-policy/<name>`. */
function accessPolicy(scope: AwsScope, name: string): string {
  return formatArn(scope, { service: "eks", region: "", account: "aws", resource: `cluster-access-policy/${name}` });
}

export interface ClusterAccessEntry {
  readonly principalArn: string;
  readonly access: ClusterAccessLevel;
}

/** An access entry named by its stable key. */
export type NamedAccessEntry = ClusterAccessEntry & Named;

/** The access policy ARN of a level: a literal, or `lookup({...}, level)` for an expression. */
export function accessPolicyArn(scope: AwsScope, access: ClusterAccessLevel): string {
  if (isKnown(access)) return accessPolicy(scope, ACCESS_POLICIES[access]);
  const arns = Object.fromEntries(Object.entries(ACCESS_POLICIES).map(([level, name]) => [level, accessPolicy(scope, name)]));
  return Token.asString(Fn.lookup(arns, access));
}

export interface EksControlPlaneProps {
  /** Cluster name; also names its roles, keys and log group. */
  readonly name: string;
  /** Kubernetes minor version, e.g. `1.35`. */
  readonly kubernetesVersion: string;
  /** Subnets for the control plane's network interfaces (the private tier). */
  readonly subnetIds: string[];
  /** Default: false, the endpoint is reachable from the VPC only. */
  readonly publicAccess?: Value<boolean>;
  /** Who may reach a public endpoint. Required when `publicAccess` is on. */
  readonly publicAccessCidrs?: string[];
  /**
   * Why the endpoint is public. Required when `publicAccess` is on; it becomes the
   * reason of the NET003 policy suppression on the cluster.
   */
  readonly publicAccessReason?: string;
  /** Default: true. */
  readonly deletionProtection?: Value<boolean>;
  /** Default: STANDARD. */
  readonly supportType?: "STANDARD" | "EXTENDED";
  /** Control-plane log retention. Default: 365 days. */
  readonly logRetentionDays?: number;
  /** Kubernetes API access, keyed by a stable name (the construct id of each entry); a module passes Items over a map. */
  readonly accessEntries: Record<string, ClusterAccessEntry> | Items<NamedAccessEntry>;
}

/** The CloudWatch log group EKS writes a cluster's control-plane logs to (EKS chooses the name). */
export function controlPlaneLogGroupName(clusterName: string): string {
  return `/aws/eks/${clusterName}/cluster`;
}

/**
 * An EKS control plane: Kubernetes secrets envelope-encrypted with a CMK, all
 * control-plane logs to a CMK-encrypted log group created here (so retention
 * and encryption are ours, not EKS's defaults), API access through access
 * entries only, and an IAM OIDC provider for IRSA.
 */
export class EksControlPlane extends Construct {
  readonly cluster: EksCluster;
  readonly secretsKey: CustomerManagedKey;
  readonly logs: EncryptedLogGroup;
  readonly role: PolicyRole;
  readonly oidcProvider: IamOpenidConnectProvider;
  /** OIDC provider ARN and issuer without the scheme. */
  readonly oidc: OidcIdentity;

  constructor(scope: Construct, id: string, props: EksControlPlaneProps) {
    super(scope, id);
    const { name } = props;
    const publicAccess = props.publicAccess ?? false;
    // The config schema and a module's validation blocks check this for their inputs; this guards direct use.
    if (known(publicAccess) && publicAccess && ((props.publicAccessCidrs ?? []).length === 0 || !props.publicAccessReason)) {
      throw new ConstructError(this, `a public endpoint of cluster ${name} needs publicAccessCidrs and publicAccessReason`);
    }

    this.secretsKey = new CustomerManagedKey(this, "secrets-key", {
      alias: `${name}/kubernetes-secrets`,
      description: `Envelope-encrypts the Kubernetes secrets of EKS cluster ${name}`,
    });
    this.logs = new EncryptedLogGroup(this, "logs", {
      name: controlPlaneLogGroupName(name),
      keyAlias: `${name}/control-plane-logs`,
      retentionDays: props.logRetentionDays,
    });
    this.role = new PolicyRole(this, "cluster-role", {
      name: `${name}-cluster`,
      description: `Lets EKS manage the control plane of ${name}`,
      trust: [
        {
          effect: "Allow",
          actions: ["sts:AssumeRole", "sts:TagSession"],
          principals: [{ type: "Service", identifiers: ["eks.amazonaws.com"] }],
        },
      ],
      awsManagedPolicies: ["AmazonEKSClusterPolicy"],
      statements: [
        {
          sid: "EnvelopeEncryptSecrets",
          effect: "Allow",
          actions: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
          resources: [this.secretsKey.arn],
        },
      ],
    });

    this.cluster = new EksCluster(this, "cluster", {
      name,
      version: props.kubernetesVersion,
      roleArn: this.role.arn,
      vpcConfig: {
        subnetIds: props.subnetIds,
        endpointPrivateAccess: true,
        endpointPublicAccess: publicAccess,
        publicAccessCidrs: choose(publicAccess, props.publicAccessCidrs),
      },
      encryptionConfig: { resources: ["secrets"], provider: { keyArn: this.secretsKey.arn } },
      enabledClusterLogTypes: CONTROL_PLANE_LOG_TYPES,
      accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
      // The managed add-ons below replace the self-managed ones EKS would otherwise install.
      bootstrapSelfManagedAddons: false,
      deletionProtection: props.deletionProtection ?? true,
      upgradePolicy: { supportType: props.supportType ?? "STANDARD" },
      // EKS would create the log group itself, unencrypted and kept forever, if it got there first.
      dependsOn: [this.logs.logGroup, this.role.role],
    });
    if (known(publicAccess) && publicAccess && props.publicAccessReason) {
      suppressPolicy(this.cluster, "NET003", `public endpoint limited to ${props.publicAccessCidrs?.join(", ")}: ${props.publicAccessReason}`, [
        "vpc_config.endpoint_public_access",
      ]);
    }

    const issuerUrl = this.cluster.identity.get(0).oidc.get(0).issuer;
    this.oidcProvider = new IamOpenidConnectProvider(this, "oidc-provider", {
      url: issuerUrl,
      clientIdList: ["sts.amazonaws.com"],
      tags: { Name: `${name}-irsa` },
    });
    this.oidc = { providerArn: this.oidcProvider.arn, issuer: Fn.replace(issuerUrl, "https://", "") };

    const accessEntries =
      props.accessEntries instanceof Items
        ? props.accessEntries
        : Items.known(Object.entries(props.accessEntries).map(([entryName, entry]) => ({ ...entry, name: entryName })));
    const entries = accessEntries.each(
      this,
      (entry, name) =>
        new EksAccessEntry(this, name.id("access-{}"), {
          clusterName: this.cluster.name,
          principalArn: entry.principalArn,
          type: "STANDARD",
        }),
    );
    accessEntries.each(
      this,
      (entry, name) =>
        new EksAccessPolicyAssociation(this, name.id("access-{}-policy"), {
          clusterName: this.cluster.name,
          principalArn: entries.get(name.name, "principal_arn"),
          policyArn: accessPolicyArn(AwsScope.of(this), entry.access),
          accessScope: { type: "cluster" },
        }),
    );
  }

  /** The security group EKS creates for the cluster; managed node groups use it as their node group. */
  get clusterSecurityGroupId(): string {
    return this.cluster.vpcConfig.clusterSecurityGroupId;
  }
}
