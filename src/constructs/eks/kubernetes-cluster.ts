import type { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { KmsGrant } from "@cdktf/provider-aws/lib/kms-grant";
import { Construct } from "constructs";
import type { CpuArchitecture } from "../../config/instance-types";
import type { ClusterConfig, NodeGroupConfig } from "../../config/schema/cluster";
import { Items, Named } from "../expressions/items";
import type { PerName } from "../expressions/names";
import type { Value } from "../expressions/expression";
import { AwsScope, formatArn } from "../iam/arn";
import { CustomerManagedKey } from "../kms/kms-key";
import { NODE_PREREQUISITE_ADDONS, WORKLOAD_ADDONS, EksAddons } from "./addons";
import { EksControlPlane, NamedAccessEntry } from "./control-plane";
import { ContainerTelemetry } from "./container-telemetry";
import { ebsCsiKeyStatements } from "./controller-policies";
import { IrsaRole } from "./irsa-role";
import { ManagedNodeGroup, NamedTaint, nodeGroupName } from "./node-group";
import { PolicyRole } from "../iam/policy-role";

/** The role EC2 Auto Scaling launches instances as; it must be able to use the root volumes' key. */
export function autoscalingServiceLinkedRoleArn(scope: AwsScope): string {
  return formatArn(scope, {
    service: "iam",
    region: "",
    resource: "role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling",
  });
}

/** Service accounts of the add-ons that get their own IRSA role. */
export const ADDON_SERVICE_ACCOUNTS = {
  vpcCni: { namespace: "kube-system", name: "aws-node" },
  ebsCsiDriver: { namespace: "kube-system", name: "ebs-csi-controller-sa" },
} as const;

/** The cluster section as the construct takes it: a module gives its switches as Terraform expressions. */
export type ClusterSettings = Omit<ClusterConfig, "endpoint" | "deletionProtection"> & {
  readonly endpoint: Omit<ClusterConfig["endpoint"], "publicAccess"> & { readonly publicAccess: Value<boolean> };
  readonly deletionProtection: Value<boolean>;
};

export interface KubernetesClusterProps {
  /** `<project>-<env>`: the cluster is `<prefix>-eks`, node groups `<prefix>-<group>`. */
  readonly namePrefix: string;
  /** The private subnets: control plane interfaces and nodes. */
  readonly subnetIds: string[];
  /** The environment's cluster section. */
  readonly config: ClusterSettings;
  /** Tags for instances and volumes the launch templates create. */
  readonly instanceTags: Record<string, string>;
  /**
   * The node groups. Default: `config.nodeGroups`. A module passes Items over a map
   * variable, with each group's architecture and taints as expressions.
   */
  readonly nodeGroups?: Items<NamedNodeGroup>;
  /** Kubernetes API access. Default: `config.access`; a module passes Items over a map variable. */
  readonly accessEntries?: Items<NamedAccessEntry>;
}

/** A node group named by its key, with what a module must give as expressions. */
export interface NamedNodeGroup extends Named {
  readonly config: NodeGroupConfig;
  /** Default: from the instance type table. */
  readonly architecture?: CpuArchitecture;
  /** Default: `config.taints`. */
  readonly taints?: Items<NamedTaint>;
}

/**
 * An EKS cluster with its nodes: control plane, node role, one managed node
 * group per configured group, the managed add-ons in the order nodes need
 * them, and the key the node and EBS CSI volumes are encrypted with.
 */
export class KubernetesCluster extends Construct {
  readonly controlPlane: EksControlPlane;
  readonly volumeKey: CustomerManagedKey;
  readonly nodeRole: PolicyRole;
  readonly nodeGroups: Record<string, ManagedNodeGroup> = {};
  /** The EKS node group resources by group name, also in a module (references with `for` expressions there). */
  readonly nodeGroupResources: PerName<EksNodeGroup>;
  readonly addonRoles: Record<keyof typeof ADDON_SERVICE_ACCOUNTS, IrsaRole>;
  /** Container log groups and the CloudWatch agent's role. */
  readonly telemetry: ContainerTelemetry;
  readonly nodePrerequisites: EksAddons;
  readonly workloadAddons: EksAddons;

  constructor(scope: Construct, id: string, props: KubernetesClusterProps) {
    super(scope, id);
    const { namePrefix, config } = props;
    const name = `${namePrefix}-eks`;
    this.controlPlane = new EksControlPlane(this, "control-plane", {
      name,
      kubernetesVersion: config.kubernetesVersion,
      subnetIds: props.subnetIds,
      publicAccess: config.endpoint.publicAccess,
      publicAccessCidrs: config.endpoint.publicAccessCidrs,
      publicAccessReason: config.endpoint.publicAccessReason,
      deletionProtection: config.deletionProtection,
      supportType: config.supportType,
      logRetentionDays: config.controlPlaneLogs.retentionDays,
      accessEntries: props.accessEntries ?? config.access,
    });
    const clusterName = this.controlPlane.cluster.name;
    const { oidc } = this.controlPlane;

    this.volumeKey = new CustomerManagedKey(this, "volume-key", {
      alias: `${name}/volumes`,
      description: `Encrypts the node root volumes and persistent volumes of EKS cluster ${name}`,
    });
    // EC2 Auto Scaling launches the nodes and must use the key for their root volumes.
    new KmsGrant(this, "volume-key-autoscaling-grant", {
      name: `${name}-autoscaling`,
      keyId: this.volumeKey.key.keyId,
      granteePrincipal: autoscalingServiceLinkedRoleArn(AwsScope.of(this)),
      operations: ["Encrypt", "Decrypt", "ReEncryptFrom", "ReEncryptTo", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "DescribeKey", "CreateGrant"],
    });

    this.addonRoles = {
      vpcCni: new IrsaRole(this, "vpc-cni-role", {
        name: `${namePrefix}-vpc-cni`,
        description: `VPC CNI of ${name}: manages pod network interfaces`,
        oidc,
        serviceAccount: ADDON_SERVICE_ACCOUNTS.vpcCni,
        awsManagedPolicies: ["AmazonEKS_CNI_Policy"],
      }),
      ebsCsiDriver: new IrsaRole(this, "ebs-csi-role", {
        name: `${namePrefix}-ebs-csi`,
        description: `EBS CSI driver of ${name}: manages persistent volumes`,
        oidc,
        serviceAccount: ADDON_SERVICE_ACCOUNTS.ebsCsiDriver,
        awsManagedPolicies: ["service-role/AmazonEBSCSIDriverPolicy"],
        statements: ebsCsiKeyStatements(this.volumeKey.arn),
      }),
    };
    this.telemetry = new ContainerTelemetry(this, "telemetry", {
      namePrefix,
      clusterName: name,
      oidc,
      retentionDays: config.containerLogs.retentionDays,
    });
    const serviceAccountRoleArns = {
      vpcCni: this.addonRoles.vpcCni.arn,
      ebsCsiDriver: this.addonRoles.ebsCsiDriver.arn,
      cloudwatchObservability: this.telemetry.role.arn,
    };

    this.nodePrerequisites = new EksAddons(this, "addons-before-nodes", {
      clusterName,
      keys: NODE_PREREQUISITE_ADDONS,
      versions: config.addons,
      serviceAccountRoleArns,
    });

    this.nodeRole = new PolicyRole(this, "node-role", {
      name: `${name}-node`,
      description: `Nodes of ${name}: join the cluster and pull images; pod networking has its own role`,
      trust: [
        {
          effect: "Allow",
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["ec2.amazonaws.com"] }],
        },
      ],
      awsManagedPolicies: ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly"],
    });

    const nodeGroups =
      props.nodeGroups ?? Items.known<NamedNodeGroup>(Object.entries(config.nodeGroups).map(([groupName, group]) => ({ name: groupName, config: group })));
    const madeGroups: ManagedNodeGroup[] = [];
    this.nodeGroupResources = nodeGroups.each(this, (group, groupName) => {
      const made = new ManagedNodeGroup(this, groupName.id("node-group-{}"), {
        clusterName,
        name: nodeGroupName(namePrefix, groupName.name),
        kubernetesVersion: config.kubernetesVersion,
        nodeRoleArn: this.nodeRole.arn,
        subnetIds: props.subnetIds,
        config: group.config,
        architecture: group.architecture,
        taints: group.taints,
        volumeKmsKeyArn: this.volumeKey.arn,
        tags: props.instanceTags,
        dependsOn: this.nodePrerequisites.all(),
        within: nodeGroups.names.isKnown ? undefined : groupName,
      });
      madeGroups.push(made);
      if (nodeGroups.names.isKnown) this.nodeGroups[groupName.name] = made;
      return made.nodeGroup;
    });

    this.workloadAddons = new EksAddons(this, "addons-after-nodes", {
      clusterName,
      keys: WORKLOAD_ADDONS,
      versions: config.addons,
      serviceAccountRoleArns,
      // The log groups first: Fluent Bit would otherwise create them unencrypted.
      dependsOn: [...madeGroups.map((group) => group.nodeGroup), ...Object.values(this.telemetry.logGroups)],
    });
  }

  get clusterName(): string {
    return this.controlPlane.cluster.name;
  }

  /** The security group on every node (EKS's cluster security group). */
  get nodeSecurityGroupId(): string {
    return this.controlPlane.clusterSecurityGroupId;
  }

  /** Node group names, by config name. */
  nodeGroupNames(): Record<string, string> {
    return Object.fromEntries(Object.entries(this.nodeGroups).map(([groupName, group]) => [groupName, group.nodeGroup.nodeGroupName]));
  }
}
