import { INSTANCE_TYPES, SUPPORTED_INSTANCE_TYPES } from "../../src/config/instance-types";
import { KUBERNETES_VERSIONS, MIN_SPOT_INSTANCE_TYPES, TAINT_EFFECTS } from "../../src/config/schema/cluster";
import { al2023AmiType } from "../../src/constructs/eks/node-group";
import { generateModule } from "../../src/modules/generate";
import { moduleDefinitions } from "../../src/modules/registry";
import { HEAVY_HOOK_TIMEOUT_MS } from "../support/timeouts";

describe("the eks-node-group module", () => {
  let main: Record<string, any>;
  let variable: Record<string, any>;
  beforeAll(async () => {
    const module = await generateModule(moduleDefinitions().find((d) => d.name === "eks-node-group")!);
    main = module.sources["main.tf"] as any;
    variable = (module.sources["variables.tf"] as any).variable;
  }, HEAVY_HOOK_TIMEOUT_MS);
  const conditions = (name: string) => variable[name].validation.map((rule: any) => rule.condition).join("\n");
  const group = () => main.resource.aws_eks_node_group.node_group;

  it("picks the AL2023 AMI type from the first instance type's architecture in the schema's instance type table", () => {
    expect(group().ami_type).toBe(
      '${{"x86_64" = "AL2023_x86_64_STANDARD", "arm64" = "AL2023_ARM_64_STANDARD"}[local.instance_architectures[element(var.instance_types, 0)]]}',
    );
    expect(Object.keys(main.locals.instance_architectures)).toEqual(SUPPORTED_INSTANCE_TYPES);
    expect(main.locals.instance_architectures["m7g.large"]).toBe(INSTANCE_TYPES["m7g.large"].architecture);
    expect(main.locals.instance_size_classes["m7g.large"]).toBe("2 vCPU / 8 GiB");
    expect(al2023AmiType("arm64")).toBe("AL2023_ARM_64_STANDARD");
  });

  it("renders taints as a dynamic block keyed by taint key, and lets the autoscaler own the desired size", () => {
    expect(group().dynamic.taint.for_each).toBe("${var.taints}");
    expect(group().dynamic.taint.content).toEqual({ key: "${each.key}", value: "${each.value.value}", effect: "${each.value.effect}" });
    expect(group().lifecycle.ignore_changes).toEqual(["scaling_config[0].desired_size"]);
    expect(group().launch_template.version).toBe("${aws_launch_template.launch_template.latest_version}");
  });

  it("keeps the launch template's security: IMDSv2 with hop limit 1 by default, an encrypted root volume, tags with Name", () => {
    const template = main.resource.aws_launch_template.launch_template;
    expect(template.metadata_options).toMatchObject({ http_tokens: "required", http_put_response_hop_limit: "${var.metadata_hop_limit}" });
    expect(variable.metadata_hop_limit.default).toBe(1);
    expect(template.block_device_mappings[0].ebs).toMatchObject({ encrypted: "true", kms_key_id: "${var.volume_kms_key_arn}", volume_type: "gp3" });
    expect(template.tag_specifications.map((spec: any) => spec.tags)).toEqual(Array(3).fill('${merge(var.tags, {"Name" = var.name})}'));
  });

  it("checks node groups like the schema: supported types, one architecture, SPOT size class and taint, sizes in order", () => {
    expect(conditions("kubernetes_version")).toContain(JSON.stringify([...KUBERNETES_VERSIONS]).replace(/,/g, ", "));
    expect(conditions("instance_types")).toContain("contains(keys(local.instance_architectures), type)");
    expect(conditions("instance_types")).toContain("distinct([for type in var.instance_types : local.instance_architectures[type]])");
    expect(conditions("instance_types")).toContain(`length(var.instance_types) >= ${MIN_SPOT_INSTANCE_TYPES}`);
    expect(conditions("taints")).toContain(JSON.stringify(TAINT_EFFECTS));
    expect(conditions("taints")).toContain('var.capacity_type != "SPOT" || anytrue(');
    expect(conditions("min_size")).toContain("var.min_size <= var.desired_size && var.desired_size <= var.max_size");
  });
});
