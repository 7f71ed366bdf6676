import { ATTRIBUTE_TYPES, BILLING_MODES, STREAM_VIEW_TYPES } from "../../src/config/schema/data";
import { GeneratedModule, generateModule } from "../../src/modules/generate";
import { moduleDefinitions } from "../../src/modules/registry";
import { HEAVY_HOOK_TIMEOUT_MS } from "../support/timeouts";

describe("the dynamodb-table module", () => {
  let module: GeneratedModule;
  let resource: Record<string, Record<string, any>>;
  let variable: Record<string, any>;
  beforeAll(async () => {
    module = await generateModule(moduleDefinitions().find((d) => d.name === "dynamodb-table")!);
    resource = (module.sources["main.tf"] as any).resource;
    variable = (module.sources["variables.tf"] as any).variable;
  }, HEAVY_HOOK_TIMEOUT_MS);

  it("makes attributes and indexes dynamic blocks over maps keyed by name, with the table's key and CMK", () => {
    const table = resource.aws_dynamodb_table.table;
    expect(table.dynamic.attribute).toEqual({
      for_each: "${var.attributes}",
      iterator: "each",
      content: { name: "${each.key}", type: "${each.value}" },
    });
    expect(table.dynamic.global_secondary_index.for_each).toBe("${var.global_secondary_indexes}");
    expect(table.dynamic.global_secondary_index.content).toMatchObject({
      name: "${each.key}",
      hash_key: "${each.value.partition_key}",
      projection_type: "${each.value.projection}",
    });
    expect(table.dynamic.local_secondary_index.content.range_key).toBe("${each.value.sort_key}");
    expect(table.server_side_encryption).toEqual({ enabled: true, kms_key_arn: "${aws_kms_key.key.arn}" });
    expect(table.point_in_time_recovery).toEqual({ enabled: true });
    expect(resource.aws_kms_key.key.enable_key_rotation).toBe(true);
    expect(table.ttl).toEqual({ enabled: "${(var.ttl_attribute != null)}", attribute_name: "${var.ttl_attribute}" });
  });

  it("autoscales the table and each index by name, only when autoscaling is set", () => {
    const targets = resource.aws_appautoscaling_target;
    expect(targets.scaling_read.for_each).toBe('${toset((var.autoscaling != null) ? ["table"] : [])}');
    expect(targets.scaling_index_write.for_each).toBe("${toset((var.autoscaling != null) ? keys(var.global_secondary_indexes) : [])}");
    expect(targets.scaling_index_write.resource_id).toBe("table/${var.table_name}/index/${each.key}");
    expect(resource.aws_appautoscaling_policy.scaling_policy_index_read.resource_id).toBe(
      "${aws_appautoscaling_target.scaling_index_read[each.key].resource_id}",
    );
    expect(JSON.stringify(resource)).not.toMatch(/count\.index/);
  });

  it("is safe by default and validates with the schema's allowed values", () => {
    expect(variable.deletion_protection.default).toBe(true);
    expect(variable.billing_mode.default).toBe("PAY_PER_REQUEST");
    expect(variable.sort_key).toMatchObject({ default: null, nullable: true });
    const conditions = (name: string) => variable[name].validation.map((rule: any) => rule.condition).join("\n");
    expect(conditions("attributes")).toContain(JSON.stringify(ATTRIBUTE_TYPES));
    for (const mode of BILLING_MODES) expect(conditions("billing_mode")).toContain(`"${mode}"`);
    for (const view of STREAM_VIEW_TYPES) expect(conditions("stream")).toContain(`"${view}"`);
    expect(conditions("capacity")).toContain('(var.billing_mode == "PROVISIONED") == (var.capacity != null)');
    expect(conditions("autoscaling")).toContain('(var.billing_mode == "PROVISIONED") == (var.autoscaling != null)');
    expect(conditions("partition_key")).toContain("contains(keys(var.attributes), var.partition_key)");
  });

  it("replicates to the regions of var.replicas, keyed by region, each with its own key and the table's protections", () => {
    const table = resource.aws_dynamodb_table.table;
    expect(table.dynamic.replica).toEqual({
      for_each: "${var.replicas}",
      iterator: "each",
      content: {
        region_name: "${each.key}",
        kms_key_arn: "${each.value.kms_key_arn}",
        point_in_time_recovery: true,
        propagate_tags: true,
        deletion_protection_enabled: "${var.deletion_protection}",
      },
    });
    expect(variable.replicas.default).toEqual({});
    const conditions = variable.replicas.validation.map((rule: any) => rule.condition).join("\n");
    expect(conditions).toContain('var.stream == "NEW_AND_OLD_IMAGES"');
    expect(conditions).toContain(":kms:${region}:");
  });
});
