import { Fn, Token } from "cdktf";
import {
  CLUSTER_ACCESS_LEVELS,
  ClusterConfig,
  EKS_ADDONS,
  KUBERNETES_VERSIONS,
  NodeGroupConfig,
  SYSTEM_NODE_GROUP,
} from "../../config/schema/cluster";
import { KUBERNETES_RELEASES } from "../../config/kubernetes-releases";
import { LOG_RETENTION_DAYS } from "../../config/schema/primitives";
import { NODE_PREREQUISITE_ADDONS } from "../../constructs/eks/addons";
import { ACCESS_POLICIES, NamedAccessEntry } from "../../constructs/eks/control-plane";
import { ClusterSettings, KubernetesCluster, NamedNodeGroup } from "../../constructs/eks/kubernetes-cluster";
import { Items } from "../../constructs/expressions/items";
import { expr } from "../../constructs/expressions/expression";
import { atLeast, snakeCase } from "../../constructs/expressions/values";
import { VariableRule, defineModule } from "../definition";
import { NODE_GROUP_FAILURES, NODE_GROUP_TYPE, architectureOf, instanceTypeLocals, nodeGroupChecks, nodeGroupObject, taintsOf } from "../node-groups";
import { ipv4Cidr, namePrefix, oneOf, rejecting, subnetIds } from "../validation";
import { PARTITION_PATTERN } from "../../partitions";

const ADDON_KEYS = Object.keys(EKS_ADDONS) as (keyof typeof EKS_ADDONS)[];
/** The Kubernetes version the module's examples use. */
const EXAMPLE_VERSION = "1.35";
const ADDON_VERSION = "^v[0-9]+\\\\.[0-9]+\\\\.[0-9]+-eksbuild\\\\.[0-9]+$";
/** Names that become part of AWS names, as NODE_GROUP_NAME and ACCESS_ENTRY_NAME in src/config/schema/cluster.ts. */
const SLUG = "^[a-z][a-z0-9-]*[a-z0-9]$";
const group = nodeGroupChecks("group.");
/** HCL of `node_groups` for the generated tests: a valid system group and a `workers` group with `attributes`. */
const withWorkers = (attributes: Readonly<Record<string, string>>) => `{ system = ${nodeGroupObject()}, workers = ${nodeGroupObject(attributes)} }`;
/** A node group rule over every group of `var.node_groups`; its test gives a workers group `failing` attributes. */
const eachGroup = (rule: VariableRule, failing: Readonly<Record<string, string>>): VariableRule => ({
  condition: `alltrue([for name, group in var.node_groups : ${rule.condition}])`,
  errorMessage: `In every node group: ${rule.errorMessage}`,
  rejects: withWorkers(failing),
});
/** The add-on versions of the usage example (the release table's row for its Kubernetes version), with `overrides` (HCL). */
const addonVersions = (overrides: Readonly<Record<string, string>> = {}) =>
  `{ ${ADDON_KEYS.map((key) => `${snakeCase(key)} = ${overrides[snakeCase(key)] ?? JSON.stringify(KUBERNETES_RELEASES[EXAMPLE_VERSION].eksAddons[key])}`).join(", ")} }`;
// eslint-disable-next-line local/no-literal-partition -- an example input in the generated module's documentation and tests
const TERRAFORM_ROLE = '"arn:aws:iam::123456789012:role/terraform"';
const cidr = ipv4Cidr("cidr", 8, 32);

export default defineModule({
  name: "eks-cluster",
  purpose: `
An EKS cluster with its nodes: the control plane (Kubernetes secrets envelope-encrypted
with a customer-managed KMS key, all five control-plane log types to a log group
encrypted with its own key and kept ${365} days by default, API access through access
entries only, private endpoint unless you list \`public_access_cidrs\`, deletion
protection on), an IAM OIDC provider for IRSA, the node role, the key node and EBS
volumes are encrypted with (EC2 Auto Scaling gets a grant on it), one managed node
group per entry of \`node_groups\` (keyed by group name, as the eks-node-group module
builds them) and the EKS managed add-ons at pinned versions in the order nodes need
them: ${ADDON_KEYS.map((key) => EKS_ADDONS[key]).join(", ")} (vpc-cni enforces
NetworkPolicies; vpc-cni and the EBS CSI driver get IRSA roles of their own).

**\`node_groups\` or the eks-node-group module?** Groups in \`node_groups\` live and die with
the cluster: one plan creates them after the node add-ons and in the right order, and
they share the cluster's role, key, subnets and tags. Use them for the groups every
cluster has (\`${SYSTEM_NODE_GROUP}\`, the usual workers). Call the eks-node-group module for a
group with its own lifecycle or owner (another root module or team, other subnets or
tags, a group you add and remove often): pass it \`cluster_name\`, \`kubernetes_version\`,
\`node_role_arn\` and \`volume_kms_key_arn\` from this module's outputs and
\`depends_on = [module.<cluster>.node_addons_ready]\`, so its nodes start only once the
add-ons they need exist. Moving a group from one to the other replaces it.

The cluster creator gets no access of its own: list the principals that run Terraform
and the people who operate the cluster in \`access_entries\`. Checked like the schema
checks \`cluster\`: a \`${SYSTEM_NODE_GROUP}\` node group on demand, at least one admin,
one entry per principal, kube-proxy at the cluster's minor version, and every node
group's instance types, sizes, labels and taints.

Stays in TypeScript: the reason a public endpoint is public (a policy suppression in
the stacks; here, listing CIDRs turns the public endpoint on) and prod's rules.`,
  variables: {
    name_prefix: {
      type: "string",
      description: "Prefix of every name: the cluster is `<name_prefix>-eks`, node groups `<name_prefix>-<group>`.",
      validation: namePrefix("name_prefix", 40),
      example: '"acme-dev"',
    },
    subnet_ids: {
      type: "list(string)",
      description: "Private subnets, one per zone: control plane network interfaces and nodes.",
      validation: subnetIds("subnet_ids", 2, "EKS needs subnets in at least 2 zones"),
      example: '["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]',
    },
    kubernetes_version: {
      type: "string",
      description: "Kubernetes minor version of the control plane; node groups follow it.",
      // kube_proxy follows the version, so the test moves it along and only kubernetes_version fails.
      validation: [rejecting(oneOf("kubernetes_version", KUBERNETES_VERSIONS), { value: '"1.99"', with: { addon_versions: addonVersions({ kube_proxy: '"v1.99.0-eksbuild.1"' }) } })],
      example: JSON.stringify(EXAMPLE_VERSION),
    },
    support_type: {
      type: "string",
      description: "`STANDARD` lets EKS upgrade the cluster when standard support ends; `EXTENDED` costs extra.",
      default: "STANDARD",
      validation: [oneOf("support_type", ["STANDARD", "EXTENDED"])],
    },
    public_access_cidrs: {
      type: "list(string)",
      description: "IPv4 networks that may reach a public API endpoint. Empty: the endpoint is private (reachable from the VPC only).",
      default: [],
      validation: [
        {
          condition: `alltrue([for cidr in var.public_access_cidrs : ${cidr.condition.replace(/var\.cidr/g, "cidr")}])`,
          errorMessage: "Every entry of public_access_cidrs must be an IPv4 CIDR block a.b.c.d/n with no host bits set and a prefix length from /8 to /32 (never 0.0.0.0/0).",
          rejects: '["0.0.0.0/0"]',
        },
      ],
    },
    deletion_protection: { type: "bool", description: "Refuse to delete the cluster while on. Turn off only for throw-away environments.", default: true },
    control_plane_log_retention_days: {
      rules: "One of CloudWatch Logs' retention periods in days (1, 3, 5, 7, 14, 30, ... 3653).",
      type: "number",
      description: "Control-plane log retention in CloudWatch.",
      default: 365,
      validation: [oneOf("control_plane_log_retention_days", LOG_RETENTION_DAYS)],
    },
    container_log_retention_days: {
      type: "number",
      description: "Retention of the container log groups (/aws/containerinsights/<cluster>/*).",
      default: 365,
      validation: [oneOf("container_log_retention_days", LOG_RETENTION_DAYS)],
    },
    access_entries: {
      rules: `Keys: lower-case slugs of at most 40 characters; an IAM role or user ARN each, once; access ${CLUSTER_ACCESS_LEVELS.join(", ")}; at least one admin.`,
      type: `map(object({ principal_arn = string, access = string }))`,
      description: `IAM roles and users that may use the Kubernetes API, keyed by a stable name; access ${CLUSTER_ACCESS_LEVELS.map((level) => `\`${level}\` (${ACCESS_POLICIES[level]})`).join(", ")}, cluster-wide.`,
      validation: [
        {
          condition: `alltrue([for name, entry in var.access_entries : can(regex(${JSON.stringify(SLUG)}, name)) && length(name) <= 40])`,
          errorMessage: "Every key of access_entries must be lower-case letters, digits and hyphens, starting with a letter, at most 40 characters.",
          rejects: `{ Terraform_Role = { principal_arn = ${TERRAFORM_ROLE}, access = "admin" } }`,
        },
        {
          condition: `alltrue([for name, entry in var.access_entries : can(regex("^arn:${PARTITION_PATTERN}:iam::[0-9]{12}:(role|user)/[\\\\w+=,.@/-]+$", entry.principal_arn)) && contains(${JSON.stringify(CLUSTER_ACCESS_LEVELS)}, entry.access)])`,
          errorMessage: `Every access entry needs the ARN of an IAM role or user (arn:<partition>:iam::<account>:role/<name> or :user/<name>) and an access of ${CLUSTER_ACCESS_LEVELS.join(", ")}.`,
          // eslint-disable-next-line local/no-literal-partition -- an example input in the generated module's documentation and tests
          rejects: '{ terraform = { principal_arn = "arn:aws:iam::123456789012:group/ops", access = "admin" } }',
        },
        {
          condition: 'anytrue([for name, entry in var.access_entries : entry.access == "admin"])',
          errorMessage: "At least one access entry needs admin access: the cluster creator gets none of its own.",
          rejects: `{ terraform = { principal_arn = ${TERRAFORM_ROLE}, access = "viewer" } }`,
        },
        {
          condition: "length(distinct([for name, entry in var.access_entries : entry.principal_arn])) == length(var.access_entries)",
          errorMessage: "Every principal_arn may appear in one access entry only: EKS allows one access entry per principal.",
          rejects: `{ terraform = { principal_arn = ${TERRAFORM_ROLE}, access = "admin" }, again = { principal_arn = ${TERRAFORM_ROLE}, access = "viewer" } }`,
        },
      ],
      // eslint-disable-next-line local/no-literal-partition -- an example input in the generated module's documentation and tests
      example: '{ terraform = { principal_arn = "arn:aws:iam::123456789012:role/terraform", access = "admin" } }',
    },
    node_groups: {
      rules: `Keys: lower-case slugs of at most 20 characters; a ${SYSTEM_NODE_GROUP} group ON_DEMAND; every group checked as the eks-node-group module checks its inputs.`,
      type: `map(${NODE_GROUP_TYPE})`,
      description: `Managed node groups keyed by name (the node group is \`<name_prefix>-<name>\`); \`${SYSTEM_NODE_GROUP}\` (ON_DEMAND) is required. Attributes and defaults as the eks-node-group module's inputs.`,
      validation: [
        {
          condition: `alltrue([for name, group in var.node_groups : can(regex(${JSON.stringify(SLUG)}, name)) && length(name) <= 20])`,
          errorMessage: "Every key of node_groups must be lower-case letters, digits and hyphens, starting with a letter, at most 20 characters.",
          rejects: `{ system = ${nodeGroupObject()}, Workers_1 = ${nodeGroupObject()} }`,
        },
        {
          condition: `contains(keys(var.node_groups), "${SYSTEM_NODE_GROUP}") && try(var.node_groups["${SYSTEM_NODE_GROUP}"].capacity_type == "ON_DEMAND", false)`,
          errorMessage: `node_groups must include a "${SYSTEM_NODE_GROUP}" group with capacity_type ON_DEMAND: spot reclaims would evict CoreDNS and the controllers.`,
          rejects: `{ workers = ${nodeGroupObject()} }`,
        },
        eachGroup({
          condition: 'contains(["ON_DEMAND", "SPOT"], group.capacity_type) && length(group.instance_types) >= 1 && length(distinct(group.instance_types)) == length(group.instance_types)',
          errorMessage: "capacity_type must be ON_DEMAND or SPOT, and instance_types must list at least one type, each once.",
        }, { capacity_type: '"RESERVED"' }),
        eachGroup({
          condition: "alltrue([for size in [group.min_size, group.desired_size, group.max_size] : size >= 0 && size <= 1000 && floor(size) == size]) && group.max_size >= 1 && group.disk_size_gib >= 20 && group.disk_size_gib <= 1000 && group.max_unavailable_percentage >= 1 && group.max_unavailable_percentage <= 100",
          errorMessage: "sizes must be whole numbers from 0 to 1000 (max_size at least 1), disk_size_gib from 20 to 1000 and max_unavailable_percentage from 1 to 100.",
        }, { disk_size_gib: "10" }),
        ...(["sizes", "supportedTypes", "oneArchitecture", "spotTypes", "labels", "taints", "spotTaint"] as const).map((name) => eachGroup(group[name], NODE_GROUP_FAILURES[name])),
      ],
      example: '{ system = { instance_types = ["m7g.large"] } }',
    },
    addon_versions: {
      rules: "EKS add-on versions like v1.19.5-eksbuild.1; kube_proxy at kubernetes_version.",
      type: `object({ ${ADDON_KEYS.map((key) => `${snakeCase(key)} = string`).join(", ")} })`,
      description: "Pinned versions of the EKS managed add-ons (`aws eks describe-addon-versions` lists them).",
      validation: [
        {
          condition: `alltrue([for version in values(var.addon_versions) : can(regex("${ADDON_VERSION}", version))])`,
          errorMessage: 'Every add-on version must be an EKS add-on version such as "v1.19.5-eksbuild.1".',
          rejects: addonVersions({ coredns: '"latest"' }),
        },
        {
          condition: 'try(join(".", slice(split(".", trimprefix(var.addon_versions.kube_proxy, "v")), 0, 2)) == var.kubernetes_version, false)',
          errorMessage: "kube_proxy must match the cluster's Kubernetes version: use a v<kubernetes_version>.x-eksbuild.N version.",
          rejects: addonVersions({ kube_proxy: '"v1.32.6-eksbuild.8"' }),
        },
      ],
      // The release table's versions for the example's Kubernetes version.
      example: addonVersions(),
    },
    tags: {
      type: "map(string)",
      description: "Tags on node instances, volumes and network interfaces (provider default_tags do not reach them).",
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
      name: "node_groups_and_access_keyed_by_name",
      variables: {
        node_groups: withWorkers({ capacity_type: '"SPOT"', instance_types: '["m7g.large", "m6g.large"]', taints: '{ spot = { effect = "NO_SCHEDULE" } }' }),
        // eslint-disable-next-line local/no-literal-partition -- an example input in the generated module's documentation and tests
        access_entries: `{ terraform = { principal_arn = ${TERRAFORM_ROLE}, access = "admin" }, oncall = { principal_arn = "arn:aws:iam::123456789012:role/oncall", access = "viewer" } }`,
      },
      asserts: [
        { condition: 'join(",", keys(aws_eks_node_group.node_group_node_group)) == "system,workers"', errorMessage: "Node groups are keyed by name." },
        { condition: 'aws_eks_node_group.node_group_node_group["workers"].node_group_name == "acme-dev-workers"', errorMessage: "A node group is named <name_prefix>-<name>." },
        { condition: 'aws_eks_node_group.node_group_node_group["workers"].capacity_type == "SPOT"', errorMessage: "Each group keeps its own settings." },
        { condition: 'join(",", keys(aws_eks_access_entry.control_plane_access)) == "oncall,terraform"', errorMessage: "Access entries are keyed by name." },
      ],
    },
    {
      name: "defaults_and_outputs",
      asserts: [
        { condition: "!aws_eks_cluster.control_plane_cluster.vpc_config[0].endpoint_public_access", errorMessage: "The API endpoint is private unless public_access_cidrs lists networks." },
        { condition: "aws_eks_cluster.control_plane_cluster.deletion_protection", errorMessage: "Deletion protection is on by default." },
        { condition: 'output.kubernetes_version == "1.35"', errorMessage: "kubernetes_version is the control plane's." },
        { condition: 'join(",", keys(output.node_addons_ready)) == "kube-proxy,vpc-cni"', errorMessage: "node_addons_ready names the node prerequisite add-ons." },
      ],
    },
    {
      name: "public_endpoint_only_for_listed_networks",
      variables: { public_access_cidrs: '["203.0.113.0/24"]' },
      asserts: [
        { condition: "aws_eks_cluster.control_plane_cluster.vpc_config[0].endpoint_public_access", errorMessage: "Listing networks turns the public endpoint on." },
        { condition: 'join(",", aws_eks_cluster.control_plane_cluster.vpc_config[0].public_access_cidrs) == "203.0.113.0/24"', errorMessage: "Only the listed networks reach it." },
      ],
    },
  ],
  build(scope, inputs) {
    const architectures = instanceTypeLocals(scope);
    const publicAccessCidrs = inputs.public_access_cidrs.listValue;
    const config: ClusterSettings = {
      kubernetesVersion: inputs.kubernetes_version.stringValue as ClusterConfig["kubernetesVersion"],
      supportType: inputs.support_type.stringValue as ClusterConfig["supportType"],
      supportTypeReason: "the module caller's choice (var.support_type)",
      endpoint: {
        // Listing networks turns the public endpoint on (cdktf renders a literal 0 operand as `undefined`, so >= 1).
        publicAccess: atLeast(Token.asNumber(Fn.lengthOf(publicAccessCidrs)), 1),
        publicAccessCidrs,
      },
      deletionProtection: expr(inputs.deletion_protection.booleanValue),
      controlPlaneLogs: { retentionDays: inputs.control_plane_log_retention_days.numberValue as ClusterConfig["controlPlaneLogs"]["retentionDays"] },
      containerLogs: { retentionDays: inputs.container_log_retention_days.numberValue as ClusterConfig["containerLogs"]["retentionDays"] },
      access: {}, // the access_entries map below
      nodeGroups: {}, // the node_groups map below
      addons: inputs.addon_versions.value as ClusterConfig["addons"],
    };
    const cluster = new KubernetesCluster(scope, "eks", {
      namePrefix: inputs.name_prefix.stringValue,
      subnetIds: inputs.subnet_ids.listValue,
      config,
      instanceTags: inputs.tags.value as Record<string, string>,
      accessEntries: Items.of(inputs.access_entries.value, (entry): NamedAccessEntry => ({
        name: entry.key as string,
        principalArn: entry.getString("principal_arn"),
        access: entry.getString("access") as NamedAccessEntry["access"],
      })),
      nodeGroups: Items.of(inputs.node_groups.value, (entry): NamedNodeGroup => {
        const instanceTypes = entry.getList("instance_types");
        const settings: NodeGroupConfig = {
          capacityType: entry.getString("capacity_type") as NodeGroupConfig["capacityType"],
          instanceTypes,
          minSize: entry.getNumber("min_size"),
          desiredSize: entry.getNumber("desired_size"),
          maxSize: entry.getNumber("max_size"),
          diskSizeGiB: entry.getNumber("disk_size_gib"),
          labels: entry.getStringMap("labels"),
          taints: [], // the group's taints map below
          maxUnavailablePercentage: entry.getNumber("max_unavailable_percentage"),
        };
        return {
          name: entry.key as string,
          config: settings,
          architecture: architectureOf(architectures, instanceTypes),
          taints: taintsOf(entry.getAny("taints")),
        };
      }),
    });
    const { controlPlane } = cluster;
    return {
      cluster_name: { value: cluster.clusterName, description: "Cluster name" },
      kubernetes_version: { value: controlPlane.cluster.version, description: "Kubernetes version of the control plane, for the eks-node-group module" },
      node_addons_ready: {
        value: Object.fromEntries(NODE_PREREQUISITE_ADDONS.map((key) => [EKS_ADDONS[key], cluster.nodePrerequisites.addons[key]?.arn])),
        description: `ARNs of the add-ons nodes need before they become Ready (${NODE_PREREQUISITE_ADDONS.map((key) => EKS_ADDONS[key]).join(", ")}), by name: \`depends_on = [module.<cluster>.node_addons_ready]\` in an eks-node-group call`,
      },
      cluster_endpoint: { value: controlPlane.cluster.endpoint, description: "Kubernetes API endpoint" },
      cluster_certificate_authority_data: {
        value: controlPlane.cluster.certificateAuthority.get(0).data,
        description: "Base64 CA certificate of the API endpoint, for the kubernetes and helm providers",
      },
      cluster_security_group_id: { value: cluster.nodeSecurityGroupId, description: "EKS's cluster security group, on every node: admit it at the data services" },
      oidc_provider_arn: { value: controlPlane.oidc.providerArn, description: "IAM OIDC provider of the cluster, for IRSA roles" },
      oidc_issuer: { value: controlPlane.oidc.issuer, description: "OIDC issuer without https://, the prefix of IRSA trust conditions" },
      node_role_arn: { value: cluster.nodeRole.arn, description: "IAM role of the nodes, for more node groups (eks-node-group module)" },
      volume_kms_key_arn: { value: cluster.volumeKey.arn, description: "KMS key of node and EBS CSI volumes; EC2 Auto Scaling may use it" },
      node_group_names: { value: cluster.nodeGroupResources.map("node_group_name"), description: "EKS node group names by group name" },
      secrets_kms_key_arn: { value: controlPlane.secretsKey.arn, description: "KMS key that envelope-encrypts Kubernetes secrets" },
    };
  },
});

