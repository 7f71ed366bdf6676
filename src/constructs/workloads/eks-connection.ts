import { DataAwsEksCluster } from "@cdktf/provider-aws/lib/data-aws-eks-cluster";
import { DataAwsEksClusterAuth } from "@cdktf/provider-aws/lib/data-aws-eks-cluster-auth";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Fn } from "cdktf";
import { Construct } from "constructs";

export interface EksConnectionProps {
  /** Name of the EKS cluster, from the cluster layer. */
  readonly clusterName: string;
}

/**
 * The Kubernetes and Helm providers, pointed at an EKS cluster through the
 * `aws_eks_cluster` and `aws_eks_cluster_auth` data sources of this stack. The
 * token is read afresh by every plan and apply (it expires after 15 minutes,
 * so it must never travel through remote state) and needs no AWS CLI on the
 * runner, unlike `exec` authentication.
 */
export class EksConnection extends Construct {
  readonly cluster: DataAwsEksCluster;
  readonly auth: DataAwsEksClusterAuth;
  readonly kubernetes: KubernetesProvider;
  readonly helm: HelmProvider;

  constructor(scope: Construct, id: string, props: EksConnectionProps) {
    super(scope, id);
    this.cluster = new DataAwsEksCluster(this, "cluster", { name: props.clusterName });
    this.auth = new DataAwsEksClusterAuth(this, "auth", { name: props.clusterName });
    const connection = {
      host: this.cluster.endpoint,
      clusterCaCertificate: Fn.base64decode(this.cluster.certificateAuthority.get(0).data),
      token: this.auth.token,
    };
    this.kubernetes = new KubernetesProvider(this, "kubernetes", connection);
    this.helm = new HelmProvider(this, "helm", { kubernetes: connection });
  }
}
