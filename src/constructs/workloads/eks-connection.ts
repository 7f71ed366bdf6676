import { DataAwsEksCluster } from "@cdktf/provider-aws/lib/data-aws-eks-cluster";
import { DataAwsEksClusterAuth } from "@cdktf/provider-aws/lib/data-aws-eks-cluster-auth";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Fn, TerraformVariable } from "cdktf";
import { Construct } from "constructs";

/**
 * Where the Kubernetes credentials come from.
 * - `terraform-cloud`: Terraform Cloud's dynamic credentials. Each run phase
 *   gets a token of its own identity (plan or apply) in a file, valid for the
 *   whole phase; nothing is read in the plan and reused by the apply.
 * - `local`: an `aws_eks_cluster_auth` token of whoever runs Terraform, for a
 *   try-out on one's own account (15 minutes; read at plan time).
 */
export type KubernetesCredentials = "terraform-cloud" | "local";

/** The variable Terraform Cloud sets when the workspace has `TFC_KUBERNETES_PROVIDER_AUTH=true`. */
export const DYNAMIC_CREDENTIALS_VARIABLE = "tfc_kubernetes_dynamic_credentials";

export interface EksConnectionProps {
  /** Name of the EKS cluster, from the cluster layer. */
  readonly clusterName: string;
  /** Default: `terraform-cloud`. */
  readonly credentials?: KubernetesCredentials;
}

/**
 * The Kubernetes and Helm providers, pointed at an EKS cluster through the
 * `aws_eks_cluster` data source (endpoint and CA, no secret), authenticated as
 * the run phase's own identity (see KubernetesCredentials). Neither needs an
 * AWS CLI on the runner, unlike `exec` authentication.
 */
export class EksConnection extends Construct {
  readonly cluster: DataAwsEksCluster;
  readonly kubernetes: KubernetesProvider;
  readonly helm: HelmProvider;

  constructor(scope: Construct, id: string, props: EksConnectionProps) {
    super(scope, id);
    this.cluster = new DataAwsEksCluster(this, "cluster", { name: props.clusterName });
    const connection = {
      host: this.cluster.endpoint,
      clusterCaCertificate: Fn.base64decode(this.cluster.certificateAuthority.get(0).data),
      token: props.credentials === "local" ? this.localToken(props.clusterName) : this.dynamicToken(),
    };
    this.kubernetes = new KubernetesProvider(this, "kubernetes", connection);
    this.helm = new HelmProvider(this, "helm", { kubernetes: connection });
  }

  /** `file(var.tfc_kubernetes_dynamic_credentials.default.token_path)`: read by each phase afresh. */
  private dynamicToken(): string {
    const variable = new TerraformVariable(this, DYNAMIC_CREDENTIALS_VARIABLE, {
      type: "object({ default = object({ token_path = string }), aliases = map(object({ token_path = string })) })",
      description: "Set by Terraform Cloud (TFC_KUBERNETES_PROVIDER_AUTH): where this run phase's Kubernetes token is",
    });
    variable.overrideLogicalId(DYNAMIC_CREDENTIALS_VARIABLE);
    return `\${file(var.${DYNAMIC_CREDENTIALS_VARIABLE}.default.token_path)}`;
  }

  private localToken(clusterName: string): string {
    return new DataAwsEksClusterAuth(this, "auth", { name: clusterName }).token;
  }
}
