import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import type { ClusterExports, DataServiceAccess, ParameterRef, SecretRef } from "../contracts";
import { parseEcrRepository } from "../config/schema/workloads";
import { ControllerRoles, DataServiceAccessRules, ImageRepositories, KubernetesCluster, TerraformCloudAccess } from "../constructs/eks";
import { helmReleaseNamespaces } from "../constructs/workloads/release-namespaces";
import { runRoleArn } from "../naming";
import { kubernetesRunUser } from "../terraform-cloud-identity";
import { LayerStack, LayerStackProps, defaultTags } from "./layer-stack";
import type { NetworkStack } from "./network-stack";

export interface ClusterStackProps extends LayerStackProps {
  /** The environment's network layer: the cluster lives in its private subnets. */
  readonly network: NetworkStack;
  /** Data services whose security groups admit the nodes, each on its port (from the data layer). */
  readonly dataAccess: readonly DataServiceAccess[];
  /**
   * Secrets external-secrets may read, through their grants. Default: this
   * environment's secrets by pattern: names `<project>-<env>/*` and RDS-managed
   * master secrets of its databases (see externalSecretsStatements).
   */
  readonly externalSecrets?: SecretRef[];
  /** SSM parameters external-secrets may read, through their grants. Default: none. */
  readonly externalParameters?: ParameterRef[];
}

/**
 * The `cluster` layer: EKS control plane, node groups, add-ons, IRSA roles for
 * the controllers the workloads layer installs, and the node access to data.
 */
export class ClusterStack extends LayerStack {
  readonly cluster: KubernetesCluster;
  readonly controllerRoles: ControllerRoles;
  readonly dataAccessRules: DataServiceAccessRules;
  /** Kubernetes access of Terraform Cloud runs; none for a local try-out outside Terraform Cloud. */
  readonly terraformCloudAccess?: TerraformCloudAccess;
  readonly imageRepositories: ImageRepositories;
  readonly exports: ClusterExports;

  constructor(scope: Construct, props: ClusterStackProps) {
    super(scope, "cluster", props);
    const { network } = props.network;
    this.cluster = new KubernetesCluster(this, "eks", {
      namePrefix: this.namePrefix,
      subnetIds: network.subnetIds("private"),
      config: this.env.cluster,
      instanceTags: defaultTags(this.env, this.layer),
    });
    this.controllerRoles = new ControllerRoles(this, "controllers", {
      namePrefix: this.namePrefix,
      clusterName: this.cluster.clusterName,
      oidc: this.cluster.controlPlane.oidc,
      externalSecrets: props.externalSecrets,
      externalParameters: props.externalParameters,
    });
    if ((props.backend ?? "cloud") === "cloud") {
      const { hostname, organization } = this.env.terraformCloud;
      this.terraformCloudAccess = new TerraformCloudAccess(this, "terraform-cloud", {
        cluster: this.cluster.controlPlane.cluster,
        hostname,
        organization,
        ownRunRoleArns: { plan: runRoleArn(this.env, "cluster", "plan"), apply: runRoleArn(this.env, "cluster", "apply") },
        workloadsUsers: { plan: kubernetesRunUser(this.env, "workloads", "plan"), apply: kubernetesRunUser(this.env, "workloads", "apply") },
        helmReleaseNamespaces: helmReleaseNamespaces(this.env),
      });
    }
    this.dataAccessRules = new DataServiceAccessRules(this, "data-access", {
      nodeSecurityGroupId: this.cluster.nodeSecurityGroupId,
      services: props.dataAccess,
    });

    // Config requires every workload's image to be in this environment's ECR (parseEcrRepository is defined there).
    const imageNames = Object.values(this.env.workloads.applications).flatMap((workload) => parseEcrRepository(workload.image.repository)?.name ?? []);
    this.imageRepositories = new ImageRepositories(this, "images", {
      namePrefix: this.namePrefix,
      names: [...new Set(imageNames)],
      pullerRoleArn: this.cluster.nodeRole.arn,
    });

    const { roles } = this.controllerRoles;
    this.exports = {
      clusterName: this.cluster.clusterName,
      oidcProviderArn: this.cluster.controlPlane.oidc.providerArn,
      oidcIssuer: this.cluster.controlPlane.oidc.issuer,
      controllerRoleArns: {
        awsLoadBalancerController: roles.awsLoadBalancerController.arn,
        clusterAutoscaler: roles.clusterAutoscaler.arn,
        externalSecrets: roles.externalSecrets.arn,
      },
      nodeSecurityGroupId: this.cluster.nodeSecurityGroupId,
      volumeKmsKeyArn: this.cluster.volumeKey.arn,
    };
    this.declareOutputs(network.vpc.id);
  }

  private declareOutputs(vpcId: string): void {
    const { cluster, exports } = this;
    const eks = cluster.controlPlane.cluster;
    const outputs: Record<string, { value: unknown; description: string; sensitive?: boolean }> = {
      cluster_name: { value: exports.clusterName, description: "EKS cluster name" },
      cluster_endpoint: { value: eks.endpoint, description: "Kubernetes API server endpoint (HTTPS URL)" },
      cluster_certificate_authority_data: {
        value: eks.certificateAuthority.get(0).data,
        description: "Base64 CA certificate of the API server, for the kubernetes and helm providers",
      },
      cluster_version: { value: eks.version, description: "Kubernetes version of the control plane" },
      cluster_vpc_id: {
        value: vpcId,
        description: "VPC of the cluster: the AWS Load Balancer Controller needs it explicitly (IMDS hop limit 1)",
      },
      oidc_provider_arn: {
        value: exports.oidcProviderArn,
        description: "IAM OIDC provider ARN, for IRSA trust policies",
      },
      oidc_issuer: {
        value: exports.oidcIssuer,
        description: "OIDC issuer without https://, for IRSA trust conditions",
      },
      node_security_group_id: { value: exports.nodeSecurityGroupId, description: "Security group on every node" },
      node_group_names: { value: cluster.nodeGroupNames(), description: "EKS node group names, by config name" },
      node_role_arn: { value: cluster.nodeRole.arn, description: "IAM role of the nodes" },
      image_repository_urls: {
        value: Object.fromEntries(Object.entries(this.imageRepositories.repositories).map(([name, repo]) => [name, repo.repositoryUrl])),
        description: "ECR repositories of the application images by name (push release images here)",
      },
      controller_role_arns: {
        value: exports.controllerRoleArns,
        description: "IRSA role ARNs of the controllers the workloads layer installs",
      },
      addon_role_arns: {
        value: {
          vpcCni: cluster.addonRoles.vpcCni.arn,
          ebsCsiDriver: cluster.addonRoles.ebsCsiDriver.arn,
          cloudwatchObservability: cluster.telemetry.role.arn,
        },
        description: "IRSA role ARNs of the add-ons with their own AWS permissions",
      },
      volume_kms_key_arn: {
        value: exports.volumeKmsKeyArn,
        description: "KMS key for node and persistent volumes (for EBS storage classes)",
      },
    };
    for (const [name, output] of Object.entries(outputs)) {
      new TerraformOutput(this, name, output);
    }
  }
}
