import { CAPACITY_TYPES, KUBERNETES_VERSIONS, MIN_SPOT_INSTANCE_TYPES, NodeGroupConfig, TAINT_EFFECTS } from "../../config/schema/cluster";
import { AL2023_AMI_TYPES, ManagedNodeGroup } from "../../constructs/eks/node-group";
import { VariableRule, defineModule } from "../definition";
import { NODE_GROUP_FAILURES, NodeGroupCheck, REPELLING_EFFECTS, architectureOf, instanceTypeLocals, nodeGroupChecks, taintsOf } from "../node-groups";
import { minItems, namePrefix, oneOf, pattern, subnetIds, unique, wholeNumber } from "../validation";

const rules = nodeGroupChecks("var.");
/** A node group check on `variable`, with the failing inputs of its generated test. */
const check = (name: NodeGroupCheck, variable: string): VariableRule => {
  if (!Object.hasOwn(NODE_GROUP_FAILURES[name], variable)) throw new Error(`NODE_GROUP_FAILURES.${name} sets no ${variable}`);
  const { [variable]: value, ...others } = NODE_GROUP_FAILURES[name];
  return { ...rules[name], rejects: { value, with: others } };
};

const sizes: VariableRule[] = [
  wholeNumber("min_size", 0, 1000),
  check("sizes", "min_size"),
];

export default defineModule({
  name: "eks-node-group",
  purpose: `
One EKS managed node group on Amazon Linux 2023 with its own launch template: IMDSv2
only (hop limit 1 by default, so pods cannot reach the node's credentials), an
encrypted gp3 root volume with your KMS key, and your tags on instances, volumes and
network interfaces. The AMI type (x86_64 or arm64) follows the instance types, which
come from the same closed table as the TypeScript schema (\`src/config/instance-types.ts\`).
\`desired_size\` is only the starting size: once the cluster autoscaler owns it,
Terraform ignores it. Taints are a map keyed by taint key (\`dynamic "taint"\` blocks).

Checked like the schema checks \`cluster.nodeGroups\`: one architecture per group;
a \`SPOT\` group needs at least ${MIN_SPOT_INSTANCE_TYPES} instance types of one size class (so
the autoscaler can predict a scale-up and one reclaimed pool does not stop it) and a
${REPELLING_EFFECTS.join(" or ")} taint; min <= desired <= max.

The node role and the volume key come from the cluster (the key must let the EC2
Auto Scaling service-linked role use it, through a grant or its policy). Stays in
TypeScript: the cluster's rule that a \`system\` group exists and is on demand, and
the ordering after the cluster's node add-ons: with the eks-cluster module, take
\`kubernetes_version\`, \`node_role_arn\` and \`volume_kms_key_arn\` from its outputs and
pass \`depends_on = [module.<cluster>.node_addons_ready]\` in your module call. The
eks-cluster module's README says when to use its \`node_groups\` instead.`,
  variables: {
    cluster_name: {
      type: "string",
      description: "EKS cluster the nodes join.",
      validation: [pattern("cluster_name", "^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$", "an EKS cluster name (letters, digits, '-' and '_', at most 100 characters)")],
      example: '"acme-dev-eks"',
    },
    name: {
      type: "string",
      description: "Node group name, also the launch template's, e.g. `<cluster prefix>-workers`.",
      validation: namePrefix("name", 63),
      example: '"acme-dev-workers"',
    },
    kubernetes_version: {
      type: "string",
      description: "Kubernetes version of the nodes: the cluster's, so cluster upgrades roll the nodes too.",
      validation: [oneOf("kubernetes_version", KUBERNETES_VERSIONS)],
      example: '"1.35"',
    },
    node_role_arn: {
      type: "string",
      description: "IAM role of the nodes (AmazonEKSWorkerNodePolicy and registry pull; pod networking has its own role).",
      validation: [pattern("node_role_arn", "^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$", "an IAM role ARN")],
      // eslint-disable-next-line local/no-literal-partition -- an example input in the generated module's documentation and tests
      example: '"arn:aws:iam::123456789012:role/acme-dev-eks-node"',
    },
    subnet_ids: {
      type: "list(string)",
      description: "Private subnets the nodes run in.",
      validation: subnetIds("subnet_ids", 1, "nodes need a subnet"),
      example: '["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]',
    },
    volume_kms_key_arn: {
      type: "string",
      description: "KMS key of the root volumes; EC2 Auto Scaling's service-linked role must be able to use it.",
      validation: [pattern("volume_kms_key_arn", "^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", "a KMS key ARN")],
      // eslint-disable-next-line local/no-literal-partition -- an example input in the generated module's documentation and tests
      example: '"arn:aws:kms:us-east-1:123456789012:key/0123abcd-0123-abcd-0123-0123456789ab"',
    },
    capacity_type: {
      type: "string",
      description: "`ON_DEMAND` for what must not be interrupted, `SPOT` for interruptible workers.",
      default: "ON_DEMAND",
      validation: [oneOf("capacity_type", CAPACITY_TYPES)],
    },
    instance_types: {
      rules: `Supported types (src/config/instance-types.ts), each once, of one CPU architecture; SPOT needs ${MIN_SPOT_INSTANCE_TYPES} or more of one size class.`,
      type: "list(string)",
      description: "Instance types, all of one architecture; a SPOT group needs several of one size class.",
      validation: [
        minItems("instance_types", 1, "a node group needs an instance type"),
        unique("instance_types", "instance type", '["m7g.large", "m7g.large"]'),
        check("supportedTypes", "instance_types"),
        check("oneArchitecture", "instance_types"),
        check("spotTypes", "instance_types"),
      ],
      example: '["m7g.large"]',
    },
    min_size: { type: "number", description: "Fewest nodes.", default: 1, validation: sizes },
    desired_size: { type: "number", description: "Starting number of nodes; later plans leave it to the cluster autoscaler.", default: 2, validation: [wholeNumber("desired_size", 0, 1000)] },
    max_size: { type: "number", description: "Most nodes.", default: 3, validation: [wholeNumber("max_size", 1, 1000)] },
    disk_size_gib: { type: "number", description: "Root volume (encrypted gp3) in GiB.", default: 50, validation: [wholeNumber("disk_size_gib", 20, 1000)] },
    labels: {
      rules: "Kubernetes label keys and values.",
      type: "map(string)",
      description: "Kubernetes labels on every node (EKS adds its own, e.g. eks.amazonaws.com/capacityType).",
      default: {},
      validation: [check("labels", "labels")],
    },
    taints: {
      rules: `Kubernetes label keys, effects ${TAINT_EFFECTS.join(", ")}; a SPOT group needs a ${REPELLING_EFFECTS.join(" or ")} taint.`,
      type: "map(object({ value = optional(string), effect = string }))",
      description: `Kubernetes taints on every node, keyed by taint key; effect one of ${TAINT_EFFECTS.join(", ")}. SPOT groups must repel pods without a toleration.`,
      default: {},
      validation: [check("taints", "taints"), check("spotTaint", "taints")],
    },
    max_unavailable_percentage: {
      type: "number",
      description: "Share of nodes replaced at once during an update, in percent.",
      default: 33,
      validation: [wholeNumber("max_unavailable_percentage", 1, 100)],
    },
    metadata_hop_limit: {
      type: "number",
      description: "IMDS hop limit: 1 keeps pods from the node's credentials; 2 only for groups that run a controller needing IMDS, with a reason.",
      default: 1,
      validation: [oneOf("metadata_hop_limit", [1, 2])],
    },
    tags: {
      type: "map(string)",
      description: "Tags on instances, volumes and network interfaces (provider default_tags do not reach them); `Name` is the group's name.",
      default: {},
      validation: [
        {
          condition: "alltrue([for key, value in var.tags : length(key) >= 1 && length(key) <= 128 && length(value) <= 256])",
          errorMessage: "Every tag key must be 1-128 characters and every value at most 256.",
          rejects: '{ "" = "empty key" }',
        },
      ],
    },
  },
  tests: [
    {
      name: "defaults",
      asserts: [
        { condition: 'aws_launch_template.launch_template.metadata_options[0].http_tokens == "required"', errorMessage: "IMDSv2 only." },
        { condition: "aws_launch_template.launch_template.metadata_options[0].http_put_response_hop_limit == 1", errorMessage: "Hop limit 1 by default." },
        { condition: 'aws_eks_node_group.node_group.capacity_type == "ON_DEMAND"', errorMessage: "On demand by default." },
        { condition: 'aws_eks_node_group.node_group.ami_type == "AL2023_ARM_64_STANDARD"', errorMessage: "The AMI follows the instance types' architecture (m7g: arm64)." },
      ],
    },
    {
      name: "spot_group_with_taints_keyed_by_key",
      variables: {
        capacity_type: '"SPOT"',
        instance_types: '["m6i.xlarge", "m7i.xlarge"]',
        taints: '{ spot = { effect = "NO_SCHEDULE" }, dedicated = { value = "llm", effect = "NO_EXECUTE" } }',
      },
      asserts: [
        { condition: 'aws_eks_node_group.node_group.ami_type == "AL2023_x86_64_STANDARD"', errorMessage: "x86_64 instance types get the x86_64 AMI." },
        { condition: 'join(",", sort([for taint in aws_eks_node_group.node_group.taint : taint.key])) == "dedicated,spot"', errorMessage: "Every taint of the map is on the group." },
      ],
    },
  ],
  build(scope, inputs) {
    const instanceTypes = inputs.instance_types.listValue;
    const architecture = architectureOf(instanceTypeLocals(scope), instanceTypes);
    const config: NodeGroupConfig = {
      capacityType: inputs.capacity_type.stringValue as NodeGroupConfig["capacityType"],
      instanceTypes,
      minSize: inputs.min_size.numberValue,
      desiredSize: inputs.desired_size.numberValue,
      maxSize: inputs.max_size.numberValue,
      diskSizeGiB: inputs.disk_size_gib.numberValue,
      labels: inputs.labels.value as Record<string, string>,
      taints: [], // the module's taints are the `taints` map below
      maxUnavailablePercentage: inputs.max_unavailable_percentage.numberValue,
    };
    const group = new ManagedNodeGroup(scope, "node-group", {
      clusterName: inputs.cluster_name.stringValue,
      name: inputs.name.stringValue,
      kubernetesVersion: inputs.kubernetes_version.stringValue,
      nodeRoleArn: inputs.node_role_arn.stringValue,
      subnetIds: inputs.subnet_ids.listValue,
      config,
      architecture,
      taints: taintsOf(inputs.taints.value),
      volumeKmsKeyArn: inputs.volume_kms_key_arn.stringValue,
      tags: inputs.tags.value as Record<string, string>,
      metadataHopLimit: inputs.metadata_hop_limit.numberValue,
    });
    return {
      node_group_name: { value: group.nodeGroup.nodeGroupName, description: "Node group name" },
      node_group_arn: { value: group.nodeGroup.arn, description: "Node group ARN" },
      ami_type: { value: group.nodeGroup.amiType, description: `AMI type: ${Object.values(AL2023_AMI_TYPES).join(" or ")}, from the instance types' architecture` },
      launch_template_id: { value: group.launchTemplate.id, description: "Launch template of the nodes" },
      launch_template_version: { value: group.launchTemplate.latestVersion, description: "Launch template version the group runs" },
    };
  },
});
