import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { EksIdentityProviderConfig } from "@cdktf/provider-aws/lib/eks-identity-provider-config";
import { ClusterRoleBindingV1 } from "@cdktf/provider-kubernetes/lib/cluster-role-binding-v1";
import { ClusterRoleV1 } from "@cdktf/provider-kubernetes/lib/cluster-role-v1";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { RoleBindingV1 } from "@cdktf/provider-kubernetes/lib/role-binding-v1";
import { Fn, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { KUBERNETES_USERNAME_PREFIX, KUBERNETES_WORKLOAD_IDENTITY_AUDIENCE } from "../../terraform-cloud-identity";
import { AwsScope } from "../iam/arn";
import type { HelmReleaseNamespace } from "../workloads/release-namespaces";
import { accessPolicyArn } from "./control-plane";

/** The Kubernetes users of one layer's Terraform Cloud runs (dynamic credentials), by run phase. */
export interface RunUsers {
  readonly plan: string;
  readonly apply: string;
}

export interface TerraformCloudAccessProps {
  readonly cluster: EksCluster;
  /** Terraform Cloud host: the issuer is `https://<hostname>`. */
  readonly hostname: string;
  /** Tokens of other organizations are refused (`terraform_organization_name` claim). */
  readonly organization: string;
  /** The IAM run roles of the layer that owns this construct (the cluster layer), by phase. */
  readonly ownRunRoleArns: { readonly plan: string; readonly apply: string };
  /** The Kubernetes users of the workloads layer's runs, bound to RBAC here. */
  readonly workloadsUsers: RunUsers;
  /**
   * The namespaces the workloads layer records Helm releases in
   * (helmReleaseNamespaces): the only ones whose Secrets its plan user may read.
   * Those marked `cluster-layer` are created here.
   */
  readonly helmReleaseNamespaces: readonly HelmReleaseNamespace[];
}

/** Kubernetes group of the cluster layer's plan role: reads the RBAC objects this construct manages. */
export const RBAC_READERS_GROUP = "tfc:rbac-readers";

/**
 * Kubernetes access for Terraform Cloud runs, with credentials per run phase.
 *
 * - The cluster trusts Terraform Cloud as an OIDC identity provider: a run's
 *   token (audience KUBERNETES_WORKLOAD_IDENTITY_AUDIENCE, this organization
 *   only) authenticates it as `tfc:<sub>`, and `sub` names workspace and phase.
 * - The workloads layer's plan user may view, and read the StorageClasses
 *   that layer manages. It reads Secrets only in the namespaces that hold the
 *   layer's Helm releases (Helm keeps each release there, values included),
 *   through a RoleBinding in each, never in an application namespace. Its
 *   apply user is cluster admin.
 * - The add-on namespaces those releases are recorded in are created here, so
 *   their RoleBindings exist before the workloads layer's first plan reads a
 *   release there; the workloads layer labels them for Pod Security.
 * - The first RBAC bindings cannot be made by an identity that only RBAC
 *   admits: this layer makes them as its own apply role, which an EKS access
 *   entry (IAM) admits as cluster admin, with a token minted for the apply
 *   phase by an ephemeral `aws_eks_cluster_auth` (never in a plan or state).
 *   Its plan role reads only the RBAC objects, through a group of its access entry.
 */
export class TerraformCloudAccess extends Construct {
  readonly identityProvider: EksIdentityProviderConfig;
  readonly kubernetes: KubernetesProvider;

  constructor(scope: Construct, id: string, props: TerraformCloudAccessProps) {
    super(scope, id);
    const { cluster } = props;
    this.identityProvider = new EksIdentityProviderConfig(this, "identity-provider", {
      clusterName: cluster.name,
      oidc: {
        identityProviderConfigName: "terraform-cloud",
        issuerUrl: `https://${props.hostname}`,
        clientId: KUBERNETES_WORKLOAD_IDENTITY_AUDIENCE,
        usernameClaim: "sub",
        usernamePrefix: KUBERNETES_USERNAME_PREFIX,
        requiredClaims: { terraform_organization_name: props.organization },
      },
    });

    const applyEntry = new EksAccessEntry(this, "apply-role-entry", {
      clusterName: cluster.name,
      principalArn: props.ownRunRoleArns.apply,
      type: "STANDARD",
    });
    const applyAdmin = new EksAccessPolicyAssociation(this, "apply-role-admin", {
      clusterName: cluster.name,
      principalArn: applyEntry.principalArn,
      policyArn: accessPolicyArn(AwsScope.of(this), "admin"),
      accessScope: { type: "cluster" },
    });
    new EksAccessEntry(this, "plan-role-entry", {
      clusterName: cluster.name,
      principalArn: props.ownRunRoleArns.plan,
      type: "STANDARD",
      kubernetesGroups: [RBAC_READERS_GROUP],
    });

    // Ephemeral: opened in each phase with that phase's AWS credentials, kept in no plan and no state.
    const authName = `${id}-auth`.replace(/[^A-Za-z0-9_-]/g, "_");
    TerraformStack.of(this).addOverride(`ephemeral.aws_eks_cluster_auth.${authName}`, { name: cluster.name });
    this.kubernetes = new KubernetesProvider(this, "kubernetes", {
      alias: "cluster_rbac",
      host: cluster.endpoint,
      clusterCaCertificate: Fn.base64decode(cluster.certificateAuthority.get(0).data),
      token: `\${ephemeral.aws_eks_cluster_auth.${authName}.token}`,
    });
    const provider = this.kubernetes;
    const after = [applyAdmin];

    const rbacReader = new ClusterRoleV1(this, "rbac-reader", {
      provider,
      metadata: { name: "tfc:rbac-reader" },
      rule: [
        { apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterroles", "clusterrolebindings", "rolebindings"], verbs: ["get", "list", "watch"] },
        { apiGroups: [""], resources: ["namespaces"], verbs: ["get", "list", "watch"] },
      ],
      dependsOn: after,
    });
    // What the workloads layer manages beyond the `view` role: its StorageClass (cluster-scoped, not in `view`).
    const workloadsPlanReader = new ClusterRoleV1(this, "workloads-plan-reader-role", {
      provider,
      metadata: { name: "tfc:workloads-plan-reader" },
      rule: [{ apiGroups: ["storage.k8s.io"], resources: ["storageclasses"], verbs: ["get", "list", "watch"] }],
      dependsOn: after,
    });
    const helmReleaseReader = new ClusterRoleV1(this, "helm-release-reader", {
      provider,
      metadata: { name: "tfc:helm-release-reader" },
      // Helm keeps each release (values included) in a Secret of its namespace: a plan refreshing a release reads it.
      rule: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get", "list"] }],
      dependsOn: after,
    });
    const bind = (bindingId: string, role: string, subject: { kind: "User" | "Group"; name: string }) =>
      new ClusterRoleBindingV1(this, bindingId, {
        provider,
        metadata: { name: `tfc:${bindingId}` },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
        subject: [{ apiGroup: "rbac.authorization.k8s.io", ...subject }],
        dependsOn: after,
      });
    bind("rbac-readers", rbacReader.metadata.name, { kind: "Group", name: RBAC_READERS_GROUP });
    bind("workloads-plan-view", "view", { kind: "User", name: props.workloadsUsers.plan });
    bind("workloads-plan-reader", workloadsPlanReader.metadata.name, { kind: "User", name: props.workloadsUsers.plan });
    for (const releaseNamespace of props.helmReleaseNamespaces) {
      const namespace =
        releaseNamespace.createdBy === "cluster-layer"
          ? new NamespaceV1(this, `namespace-${releaseNamespace.name}`, {
              provider,
              metadata: { name: releaseNamespace.name },
              // The workloads layer sets the Pod Security labels (PodSecurityLabels); this layer owns the object only.
              lifecycle: { ignoreChanges: ["metadata[0].labels"] },
              dependsOn: after,
            }).metadata.name
          : releaseNamespace.name;
      new RoleBindingV1(this, `workloads-plan-helm-releases-${releaseNamespace.name}`, {
        provider,
        metadata: { name: "tfc:workloads-plan-helm-releases", namespace },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: helmReleaseReader.metadata.name },
        subject: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: props.workloadsUsers.plan }],
        dependsOn: after,
      });
    }
    // Helm charts install CRDs, webhooks and cluster roles; Kubernetes lets a subject grant only what it holds.
    bind("workloads-apply-admin", "cluster-admin", { kind: "User", name: props.workloadsUsers.apply });
  }
}
