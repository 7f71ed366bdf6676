import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { ITerraformDependable, Token } from "cdktf";
import { Construct } from "constructs";
import { INSTANCE_TYPES } from "../../config/instance-types";
import type { NodeGroupConfig } from "../../config/schema/cluster";

/** AL2023 AMI type per CPU architecture. */
export const AL2023_AMI_TYPES = { x86_64: "AL2023_x86_64_STANDARD", arm64: "AL2023_ARM_64_STANDARD" } as const;

/** Root device of the AL2023 EKS AMIs. */
const ROOT_DEVICE = "/dev/xvda";

/** What the launch template tags on instances, volumes and network interfaces (default_tags do not reach them). */
const TAGGED_RESOURCE_TYPES = ["instance", "volume", "network-interface"];

/** EKS name of a node group: `<project>-<env>-<group>`; its Auto Scaling group is `eks-<that>-<uuid>`. */
export function nodeGroupName(namePrefix: string, groupName: string): string {
  return `${namePrefix}-${groupName}`;
}

export interface ManagedNodeGroupProps {
  readonly clusterName: string;
  /** Node group name, e.g. `llm-platform-dev-workers`; also names the launch template. */
  readonly name: string;
  /** Kubernetes version of the nodes (the cluster's, so upgrades roll the nodes too). */
  readonly kubernetesVersion: string;
  readonly nodeRoleArn: string;
  /** The private subnets. */
  readonly subnetIds: string[];
  /** Capacity, instance types, sizes, labels and taints from config. */
  readonly config: NodeGroupConfig;
  /** KMS key for the root volumes. */
  readonly volumeKmsKeyArn: string;
  /** Tags for instances, volumes and network interfaces. */
  readonly tags: Record<string, string>;
  /**
   * IMDS hop limit. Default: 1, so pods (one hop further) cannot reach the
   * node's credentials; controllers get their region and VPC id explicitly.
   */
  readonly metadataHopLimit?: number;
  /** Must exist before nodes join (e.g. the VPC CNI add-on). Default: none. */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * An EKS managed node group with its own launch template: IMDSv2 only, an
 * encrypted gp3 root volume, tags carried to instances and volumes. The
 * desired size is only the starting point: once the cluster autoscaler owns
 * it, Terraform ignores it.
 */
export class ManagedNodeGroup extends Construct {
  readonly launchTemplate: LaunchTemplate;
  readonly nodeGroup: EksNodeGroup;

  constructor(scope: Construct, id: string, props: ManagedNodeGroupProps) {
    super(scope, id);
    const { config } = props;
    const architecture = INSTANCE_TYPES[config.instanceTypes[0]]?.architecture;
    if (!architecture) throw new Error(`node group ${props.name}: unknown instance type ${config.instanceTypes[0]}`);

    this.launchTemplate = new LaunchTemplate(this, "launch-template", {
      name: props.name,
      description: `Nodes of EKS node group ${props.name}`,
      updateDefaultVersion: true,
      metadataOptions: {
        httpEndpoint: "enabled",
        httpTokens: "required",
        httpPutResponseHopLimit: props.metadataHopLimit ?? 1,
        instanceMetadataTags: "disabled",
      },
      blockDeviceMappings: [
        {
          deviceName: ROOT_DEVICE,
          ebs: {
            volumeSize: config.diskSizeGiB,
            volumeType: "gp3",
            iops: 3000,
            throughput: 125,
            encrypted: "true",
            kmsKeyId: props.volumeKmsKeyArn,
            deleteOnTermination: "true",
          },
        },
      ],
      tagSpecifications: TAGGED_RESOURCE_TYPES.map((resourceType) => ({
        resourceType,
        tags: { ...props.tags, Name: props.name },
      })),
    });

    this.nodeGroup = new EksNodeGroup(this, "node-group", {
      clusterName: props.clusterName,
      nodeGroupName: props.name,
      nodeRoleArn: props.nodeRoleArn,
      subnetIds: props.subnetIds,
      version: props.kubernetesVersion,
      amiType: AL2023_AMI_TYPES[architecture],
      capacityType: config.capacityType,
      instanceTypes: config.instanceTypes,
      labels: config.labels,
      taint: config.taints.map((taint) => ({ key: taint.key, value: taint.value, effect: taint.effect })),
      scalingConfig: { minSize: config.minSize, desiredSize: config.desiredSize, maxSize: config.maxSize },
      updateConfig: { maxUnavailablePercentage: config.maxUnavailablePercentage },
      launchTemplate: { id: this.launchTemplate.id, version: Token.asString(this.launchTemplate.latestVersion) },
      lifecycle: { ignoreChanges: ["scaling_config[0].desired_size"] },
      dependsOn: props.dependsOn,
    });
  }
}
