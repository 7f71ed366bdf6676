import { Testing } from "cdktf";
import { addEnvironment } from "../../src/app";
import { patchErrorText, configOf } from "../support/environments";
import { resourceAt, resourcesOf, synthStack } from "../support/synth";

function build(patch: unknown) {
  const stacks = addEnvironment(Testing.app(), configOf("staging", patch));
  return { stacks, json: synthStack(stacks.data) };
}
let committed: ReturnType<typeof build> | undefined;
/** staging's stacks and synthesized data stack; the committed (unpatched) environment is built once per file. */
function dataStack(patch?: unknown): ReturnType<typeof build> {
  if (patch !== undefined) return build(patch);
  return (committed ??= build({}));
}
const GROUP = "cache/replication-group";

/**
 * Arguments of aws_elasticache_replication_group that force a replacement in
 * AWS provider 6.25 (`ForceNew` in internal/service/elasticache/replication_group.go);
 * node_group_configuration does too when it is set, so the construct never sets it.
 */
const FORCE_NEW = [
  "replication_group_id",
  "at_rest_encryption_enabled",
  "kms_key_id",
  "port",
  "subnet_group_name",
  "data_tiering_enabled",
  "network_type",
  "snapshot_arns",
  "snapshot_name",
  "security_group_names",
  "global_replication_group_id",
];

describe("cache cluster mode", () => {
  it("keeps the replication group exactly as before with one shard", () => {
    const { json } = dataStack();
    const group = resourceAt(json, "aws_elasticache_replication_group", GROUP);
    expect(group.num_cache_clusters).toBe(2);
    for (const argument of ["cluster_mode", "num_node_groups", "replicas_per_node_group", "node_group_configuration"]) {
      expect(group).not.toHaveProperty(argument);
    }
    expect(resourceAt(json, "aws_elasticache_parameter_group", "cache/parameters")).toMatchObject({
      name: "llm-platform-staging-cache-valkey8",
      parameter: [{ name: "maxmemory-policy", value: "allkeys-lru" }],
    });
    expect(json.output!.cache_cluster_mode.value).toBe("disabled");
  });

  it.each(["compatible", "enabled"])("moves an existing group to %s mode in place: same address, no replacing argument changed", (mode) => {
    const before = resourcesOf(dataStack().json, "aws_elasticache_replication_group");
    const after = resourcesOf(dataStack({ data: { cache: { clusterMode: mode } } }).json, "aws_elasticache_replication_group");
    expect(Object.keys(after)).toEqual(Object.keys(before));
    for (const argument of FORCE_NEW) expect([argument, after[GROUP][argument]]).toEqual([argument, before[GROUP][argument]]);
    expect(after[GROUP]).not.toHaveProperty("node_group_configuration");
    expect(after[GROUP]).toMatchObject({ cluster_mode: mode, num_node_groups: 1, replicas_per_node_group: 1 });
    expect(after[GROUP]).not.toHaveProperty("num_cache_clusters");
  });

  it("spreads keys over the configured shards with replicas per shard when shards > 1", () => {
    const { stacks, json } = dataStack({ data: { cache: { shards: 3, replicas: 2 } } });
    const group = resourceAt(json, "aws_elasticache_replication_group", GROUP);
    expect(group).toMatchObject({
      cluster_mode: "enabled",
      num_node_groups: 3,
      replicas_per_node_group: 2,
      automatic_failover_enabled: true,
      multi_az_enabled: true,
      transit_encryption_mode: "required",
    });
    expect(group.user_group_ids).toHaveLength(1);
    const parameters = resourceAt(json, "aws_elasticache_parameter_group", "cache/parameters");
    expect(parameters.name).toBe("llm-platform-staging-cache-valkey8-cluster");
    expect(parameters.parameter).toContainEqual({ name: "cluster-enabled", value: "yes" });
    expect(parameters.lifecycle.create_before_destroy).toBe(true);

    // Clients are told to use the configuration endpoint with a cluster client.
    const exports = stacks.data.exports.cache;
    expect(exports.clusterMode).toBe(true);
    expect(json.output!.cache_primary_endpoint.value).toMatch(/\.configuration_endpoint_address\}$/);
    expect(json.output!.cache_reader_endpoint.value).toMatch(/\.configuration_endpoint_address\}$/);
    expect(json.output!.cache_cluster_mode.value).toBe("enabled");

    // Per-node alarms for every node of every shard, named by shard and node.
    const alarms = Object.values(resourcesOf(json, "aws_cloudwatch_metric_alarm")).map((alarm) => alarm.alarm_name as string);
    const cpu = alarms.filter((name) => name.includes("-cache-cpu-")).sort();
    expect(cpu).toHaveLength(9);
    expect(cpu[0]).toBe("llm-platform-staging-cache-cpu-0001-001");
    expect(cpu[8]).toBe("llm-platform-staging-cache-cpu-0003-003");
  });

  it("rejects sharding without cluster mode and cluster mode without replicas", () => {
    const text = (patch: unknown) => patchErrorText("dev", patch);
    expect(text({ data: { cache: { shards: 2, replicas: 1, clusterMode: "compatible" } } })).toContain(
      'data.cache.clusterMode: got "compatible": must be enabled (or left out) with 2 shards',
    );
    expect(text({ data: { cache: { shards: 2 } } })).toContain("data.cache.replicas: got 0: must be at least 1 in cluster mode");
  });
});
