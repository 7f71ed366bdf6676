import { CACHE_ENGINE_VERSIONS, CACHE_EVICTION_POLICIES, CACHE_NODE_FAMILIES } from "../../src/config/schema/data";
import { memberClusterIds } from "../../src/constructs/data/cache";
import { generateModule } from "../../src/modules/generate";
import { moduleDefinitions } from "../../src/modules/registry";
import { HEAVY_HOOK_TIMEOUT_MS } from "../support/timeouts";

describe("the cache module", () => {
  let resource: Record<string, Record<string, any>>;
  let variable: Record<string, any>;
  let output: Record<string, any>;
  beforeAll(async () => {
    const module = await generateModule(moduleDefinitions().find((d) => d.name === "cache")!);
    resource = (module.sources["main.tf"] as any).resource;
    variable = (module.sources["variables.tf"] as any).variable;
    output = (module.sources["outputs.tf"] as any).output;
  }, HEAVY_HOOK_TIMEOUT_MS);
  const conditions = (name: string) => variable[name].validation.map((rule: any) => rule.condition).join("\n");

  it("derives failover, node count and the parameter family from the inputs as Terraform expressions", () => {
    const group = resource.aws_elasticache_replication_group.replication_group;
    expect(group.num_cache_clusters).toBe('${(var.cluster_mode == "disabled") ? (var.replicas + 1) : null}');
    expect(group.automatic_failover_enabled).toBe("${(var.replicas >= 1)}");
    expect(group.multi_az_enabled).toBe("${(var.replicas >= 1)}");
    expect(group.final_snapshot_identifier).toBe('${var.final_snapshot ? "${var.name_prefix}-cache-final" : null}');
    expect(resource.aws_elasticache_parameter_group.parameters.family).toBe('${var.engine}${element(split(".", var.engine_version), 0)}');
    // Known at plan time without cluster mode; the group's own (sorted) list with it.
    expect(output.member_cluster_ids.value).toBe(
      '${(var.cluster_mode == "enabled") ? sort(tolist(aws_elasticache_replication_group.replication_group.member_clusters)) : formatlist("${var.name_prefix}-cache-%03d", range(1, (var.replicas + 2), 1))}',
    );
  });

  it("keeps the construct's security: CMK at rest, TLS required, IAM users only, a default user that cannot log in", () => {
    const group = resource.aws_elasticache_replication_group.replication_group;
    expect(group).toMatchObject({ at_rest_encryption_enabled: "true", transit_encryption_enabled: true, transit_encryption_mode: "required" });
    expect(group.kms_key_id).toBe("${aws_kms_key.cache_key.arn}");
    expect(group.user_group_ids).toEqual(["${aws_elasticache_user_group.user_group.user_group_id}"]);
    expect(resource.aws_elasticache_user.application_user.authentication_mode).toEqual({ type: "iam" });
    expect(resource.aws_elasticache_user.default_user.access_string).toBe("off -@all");
    expect(JSON.stringify(resource)).not.toMatch(/auth_token|passwords/);
    for (const log of ["log_group_slow_log", "log_group_engine_log"]) {
      expect(resource.aws_cloudwatch_log_group[log].kms_key_id).toBe("${aws_kms_key.logs_key.arn}");
      expect(resource.aws_cloudwatch_log_group[log].retention_in_days).toBe("${var.log_retention_days}");
    }
    expect(resource.aws_kms_key.cache_key.enable_key_rotation).toBe(true);
  });

  it("defaults to a highly available cache with snapshots, and validates with the schema's constants", () => {
    expect(variable.replicas.default).toBe(1);
    expect(variable.snapshot_retention_days.default).toBe(1);
    expect(variable.final_snapshot.default).toBe(true);
    for (const [engine, versions] of Object.entries(CACHE_ENGINE_VERSIONS)) {
      expect(conditions("engine_version")).toContain(`${engine} = ${JSON.stringify(versions)}`);
    }
    expect(conditions("engine_version")).toContain("lookup(");
    expect(conditions("node_type")).toContain(`^cache\\\\.(${CACHE_NODE_FAMILIES.join("|")})\\\\.[a-z0-9]+$`);
    for (const policy of CACHE_EVICTION_POLICIES) expect(conditions("maxmemory_policy")).toContain(`"${policy}"`);
    expect(conditions("replicas")).toContain("${var.replicas >= 0 && var.replicas <= 5 && floor(var.replicas) == var.replicas}");
  });

  it("names member clusters like ElastiCache does, for known replica counts", () => {
    expect(memberClusterIds("acme-dev-cache", 2)).toEqual(["acme-dev-cache-001", "acme-dev-cache-002", "acme-dev-cache-003"]);
  });

  it("offers cluster mode: shards and replicas per shard, a cluster parameter group, the configuration endpoint", () => {
    const group = resource.aws_elasticache_replication_group.replication_group;
    expect(group.cluster_mode).toBe("${var.cluster_mode}");
    expect(group.num_node_groups).toBe('${!(var.cluster_mode == "disabled") ? var.shards : null}');
    expect(group.replicas_per_node_group).toBe('${!(var.cluster_mode == "disabled") ? var.replicas : null}');
    const parameters = resource.aws_elasticache_parameter_group.parameters;
    expect(parameters.name).toMatch(/^\$\{\(var\.cluster_mode == "enabled"\) \? ".*-cluster" : /);
    expect(parameters.parameter).toEqual([{ name: "maxmemory-policy", value: "${var.maxmemory_policy}" }]);
    expect(parameters.dynamic.parameter).toEqual({
      for_each: '${(var.cluster_mode == "enabled") ? ["on"] : []}',
      content: { name: "cluster-enabled", value: "yes" },
    });
    expect(output.primary_endpoint.value).toContain("configuration_endpoint_address");
    expect(output.cluster_mode.value).toBe("${var.cluster_mode}");
    expect(variable.cluster_mode.default).toBe("disabled");
    expect(conditions("shards")).toContain('var.shards == 1 || var.cluster_mode == "enabled"');
    expect(conditions("replicas")).toContain('var.cluster_mode != "enabled" || var.replicas >= 1');
  });
});
