import { EksNodeGroup, EksNodeGroupTaint, eksNodeGroupTaintToTerraform } from "@cdktf/provider-aws/lib/eks-node-group";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { Fn, ITerraformDependable, Token } from "cdktf";
import { Construct } from "constructs";
import { ConstructError } from "../errors";
import { CpuArchitecture, INSTANCE_TYPES, InstanceTypeInfo } from "../../config/instance-types";
import type { NodeGroupConfig } from "../../config/schema/cluster";
import { Items, Named } from "../expressions/items";
import type { NameScope } from "../expressions/names";
import { isKnown } from "../expressions/expression";

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

/** A node taint, named by its key: the items of {@link ManagedNodeGroupProps.taints}. */
export type NamedTaint = NodeGroupConfig["taints"][number] & Named;

/** The AL2023 AMI type of an architecture: a literal, or `lookup({...}, architecture)` for an expression. */
export function al2023AmiType(architecture: CpuArchitecture): string {
  return isKnown(architecture) ? AL2023_AMI_TYPES[architecture] : Token.asString(Fn.lookup(AL2023_AMI_TYPES, architecture));
}

/** `{ ...tags, ...extra }`, or `merge(tags, extra)` when `tags` is a Terraform map. */
function withTags(tags: Record<string, string>, extra: Record<string, string>): Record<string, string> {
  return isKnown(tags) ? { ...tags, ...extra } : Token.asStringMap(Fn.merge([tags, extra]));
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
  /**
   * CPU architecture of the instance types. Default: looked up in INSTANCE_TYPES
   * for the first type (a module passes the Terraform expression of that lookup).
   */
  readonly architecture?: CpuArchitecture;
  /** Node taints as items named by key. Default: `config.taints` (a module passes a map keyed by taint key). */
  readonly taints?: Items<NamedTaint>;
  /** Must exist before nodes join (e.g. the VPC CNI add-on). Default: none. */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * How the group references its own launch template. Default: directly. A
   * per-name body passes its name scope, so a module's references carry `[each.key]`.
   */
  readonly within?: Pick<NameScope, "attr">;
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
    const known = INSTANCE_TYPES[config.instanceTypes[0]] as InstanceTypeInfo | undefined;
    const architecture = props.architecture ?? known?.architecture;
    // The config schema allows known types only; this guards direct use of the construct.
    if (architecture === undefined) {
      throw new ConstructError(this, `unknown instance type ${config.instanceTypes[0]}: give props.architecture or a type from src/config/instance-types.ts`);
    }

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
        tags: withTags(props.tags, { Name: props.name }),
      })),
    });

    this.nodeGroup = new EksNodeGroup(this, "node-group", {
      clusterName: props.clusterName,
      nodeGroupName: props.name,
      nodeRoleArn: props.nodeRoleArn,
      subnetIds: props.subnetIds,
      version: props.kubernetesVersion,
      amiType: al2023AmiType(architecture),
      capacityType: config.capacityType,
      instanceTypes: config.instanceTypes,
      labels: config.labels,
      taint: (props.taints ?? Items.known(config.taints.map((taint) => ({ ...taint, name: taint.key })))).blocks<EksNodeGroupTaint>(
        (taint) => ({ key: taint.key, value: taint.value, effect: taint.effect }),
        eksNodeGroupTaintToTerraform,
      ),
      scalingConfig: { minSize: config.minSize, desiredSize: config.desiredSize, maxSize: config.maxSize },
      updateConfig: { maxUnavailablePercentage: config.maxUnavailablePercentage },
      launchTemplate: props.within
        ? { id: props.within.attr(this.launchTemplate, "id"), version: props.within.attr(this.launchTemplate, "latest_version") }
        : { id: this.launchTemplate.id, version: Token.asString(this.launchTemplate.latestVersion) },
      lifecycle: { ignoreChanges: ["scaling_config[0].desired_size"] },
      dependsOn: props.dependsOn,
    });
  }
}
