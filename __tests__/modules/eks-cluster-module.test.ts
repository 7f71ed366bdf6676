import { CLUSTER_ACCESS_LEVELS, EKS_ADDONS, SYSTEM_NODE_GROUP } from "../../src/config/schema/cluster";
import { ACCESS_POLICIES, accessPolicyArn } from "../../src/constructs/eks/control-plane";
import { scopeOf } from "../../src/constructs/iam/arn";
import { generateModule } from "../../src/modules/generate";
import { moduleDefinitions } from "../../src/modules/registry";
import { HEAVY_HOOK_TIMEOUT_MS } from "../support/timeouts";

describe("the eks-cluster module", () => {
  let resource: Record<string, Record<string, any>>;
  let variable: Record<string, any>;
  let output: Record<string, any>;
  beforeAll(async () => {
    const module = await generateModule(moduleDefinitions().find((d) => d.name === "eks-cluster")!);
    resource = (module.sources["main.tf"] as any).resource;
    variable = (module.sources["variables.tf"] as any).variable;
    output = (module.sources["outputs.tf"] as any).output;
  }, HEAVY_HOOK_TIMEOUT_MS);
  const conditions = (name: string) => variable[name].validation.map((rule: any) => rule.condition).join("\n");

  it("makes one launch template and node group per node_groups entry, keyed by group name, referencing its own template", () => {
    const group = resource.aws_eks_node_group.node_group_node_group;
    expect(group.for_each).toBe("${var.node_groups}");
    expect(resource.aws_launch_template.node_group_launch_template.for_each).toBe("${var.node_groups}");
    expect(group.node_group_name).toBe("${var.name_prefix}-${each.key}");
    expect(group.launch_template).toEqual({
      id: "${aws_launch_template.node_group_launch_template[each.key].id}",
      version: "${aws_launch_template.node_group_launch_template[each.key].latest_version}",
    });
    expect(group.instance_types).toBe("${each.value.instance_types}");
    expect(group.ami_type).toContain("local.instance_architectures[element(each.value.instance_types, 0)]");
    expect(group.dynamic.taint.for_each).toBe("${each.value.taints}");
    expect(JSON.stringify(resource)).not.toMatch(/count\.index/);
  });

  it("orders add-ons around the nodes: networking before them, CoreDNS and EBS CSI after", () => {
    expect(resource.aws_eks_node_group.node_group_node_group.depends_on).toEqual([
      "aws_eks_addon.addons_before_nodes_vpc_cni",
      "aws_eks_addon.addons_before_nodes_kube_proxy",
    ]);
    expect(resource.aws_eks_addon.addons_after_nodes_coredns.depends_on).toEqual([
      "aws_eks_node_group.node_group_node_group",
      ...["application", "dataplane", "host", "performance"].map((kind) => `aws_cloudwatch_log_group.telemetry_log_group_${kind}`),
    ]);
    expect(resource.aws_eks_addon.addons_before_nodes_vpc_cni.addon_version).toBe("${var.addon_versions.vpc_cni}");
    for (const key of Object.keys(EKS_ADDONS)) expect(variable.addon_versions.type).toContain(key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
  });

  it("grants API access per access entry keyed by name, with the policy of its level", () => {
    const entry = resource.aws_eks_access_entry.control_plane_access;
    const association = resource.aws_eks_access_policy_association.control_plane_access_policy;
    expect(entry).toMatchObject({ for_each: "${var.access_entries}", principal_arn: "${each.value.principal_arn}" });
    expect(association.principal_arn).toBe("${aws_eks_access_entry.control_plane_access[each.key].principal_arn}");
    for (const level of CLUSTER_ACCESS_LEVELS) {
      expect(association.policy_arn).toContain(
        `"${level}" = "arn:\${data.aws_partition.current_partition.partition}:eks::aws:cluster-access-policy/${ACCESS_POLICIES[level]}"`,
      );
    }
    expect(accessPolicyArn(scopeOf("123456789012", "cn-north-1"), "viewer")).toBe(
      "arn:aws-cn:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
    );
  });

  it("keeps the control plane private unless networks are listed, secrets encrypted, no creator admin, protection on", () => {
    const cluster = resource.aws_eks_cluster.control_plane_cluster;
    expect(cluster.vpc_config.endpoint_private_access).toBe(true);
    expect(cluster.vpc_config.endpoint_public_access).toBe("${(length(var.public_access_cidrs) >= 1)}");
    expect(variable.public_access_cidrs.default).toEqual([]);
    expect(cluster.encryption_config.provider.key_arn).toBe("${aws_kms_key.control_plane_secrets_key_key.arn}");
    expect(cluster.access_config).toEqual({ authentication_mode: "API", bootstrap_cluster_creator_admin_permissions: false });
    expect(variable.deletion_protection.default).toBe(true);
    expect(resource.aws_launch_template.node_group_launch_template.metadata_options.http_put_response_hop_limit).toBe(1);
    expect(output.node_group_names.value).toBe(
      "${{ for key, val in keys(var.node_groups): val => aws_eks_node_group.node_group_node_group[val].node_group_name }}",
    );
  });

  it("checks the cluster like the schema: a system group on demand, an admin, unique principals, kube-proxy's minor, every group's rules", () => {
    expect(conditions("node_groups")).toContain(`contains(keys(var.node_groups), "${SYSTEM_NODE_GROUP}")`);
    expect(conditions("node_groups")).toContain("alltrue([for name, group in var.node_groups : group.min_size <= group.desired_size");
    expect(conditions("node_groups")).toContain('group.capacity_type != "SPOT" || anytrue([for key, taint in group.taints');
    expect(conditions("access_entries")).toContain('anytrue([for name, entry in var.access_entries : entry.access == "admin"])');
    expect(conditions("access_entries")).toContain("length(distinct([for name, entry in var.access_entries : entry.principal_arn])) == length(var.access_entries)");
    expect(conditions("addon_versions")).toContain("== var.kubernetes_version");
  });
});
