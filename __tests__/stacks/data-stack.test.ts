import { Testing } from "cdktf";
import { EnvironmentStacks, addEnvironment } from "../../src/app";
import { configOf } from "../support/environments";
import { sharedSynth } from "../support/shared-synth";
import { resourceAt, resourcesOf, synthStack } from "../support/synth";

type EnvName = "dev" | "staging" | "prod";

function stacksOf(name: EnvName, patch: unknown = {}) {
  return addEnvironment(Testing.app(), configOf(name, patch));
}

const built = new Map<EnvName, EnvironmentStacks>();
/**
 * A committed environment: its data and network stacks as npm run synth wrote them (the run's
 * shared synth of the whole app, so cdktf resolved the cross-stack references), and its
 * constructs, built once per file when a test reads them.
 */
function env(name: EnvName) {
  const { stack } = sharedSynth();
  return {
    data: stack(`${name}-data`),
    network: stack(`${name}-network`),
    get stacks(): EnvironmentStacks {
      if (!built.has(name)) built.set(name, stacksOf(name));
      return built.get(name)!;
    },
  };
}

describe("DataStack", () => {
  it("has its own Terraform Cloud workspace and provider locked to the account", () => {
    const { data } = env("staging");
    expect(data.terraform.cloud.workspaces.name).toBe("llm-platform-staging-data");
    expect(data.provider!.aws[0].allowed_account_ids).toEqual(["222222222222"]);
    expect(data.provider!.aws[0].default_tags[0].tags.Layer).toBe("data");
  });

  it("reads the VPC and data subnets from the network workspace through terraform_remote_state", () => {
    const { data, network } = env("prod");
    const remote = data.data!.terraform_remote_state;
    const [stateName] = Object.keys(remote);
    expect(remote[stateName]).toMatchObject({
      backend: "remote",
      config: { organization: "acme-llm", workspaces: { name: "llm-platform-prod-network" } },
    });
    const subnetIds: string[] = resourceAt(data, "aws_db_subnet_group", "database/subnet-group").subnet_ids;
    expect(subnetIds).toHaveLength(3);
    const outputNames = Object.keys(network.output!);
    for (const id of subnetIds) {
      const match = /data\.terraform_remote_state\.([^.]+)\.outputs\.([^}]+)}/.exec(id);
      expect(match).not.toBeNull();
      expect(match![1]).toBe(stateName);
      expect(outputNames).toContain(match![2]);
      expect(network.output![match![2]].value).toMatch(/aws_subnet\.network_subnet-data-us-east-1[abc]_.*\.id/);
    }
    const vpcRef = resourceAt(data, "aws_security_group", "database/security-group").vpc_id;
    const vpcOutput = /outputs\.([^}]+)}/.exec(vpcRef)![1];
    expect(network.output![vpcOutput].value).toMatch(/aws_vpc\.network_vpc_.*\.id/);
  });

  it("lets AWS patch database and cache minor versions in the maintenance window, and never reverts them", () => {
    const { data } = env("prod");
    const cluster = resourceAt(data, "aws_rds_cluster", "database/cluster");
    expect(cluster.lifecycle).toMatchObject({ ignore_changes: ["engine_version"], prevent_destroy: true });
    for (const instance of Object.values(resourcesOf(data, "aws_rds_cluster_instance"))) {
      expect(instance).toMatchObject({ auto_minor_version_upgrade: true, lifecycle: { ignore_changes: ["engine_version"] } });
    }
    expect(resourceAt(data, "aws_elasticache_replication_group", "cache/replication-group")).toMatchObject({
      auto_minor_version_upgrade: "true",
      lifecycle: { ignore_changes: ["engine_version"] },
    });
  });

  it("places every service in the data subnets only", () => {
    const { data } = env("prod");
    const isDataSubnetRef = (id: string) => /terraform_remote_state/.test(id);
    expect(resourceAt(data, "aws_elasticache_subnet_group", "cache/subnet-group").subnet_ids.every(isDataSubnetRef)).toBe(true);
    expect(resourceAt(data, "aws_opensearch_domain", "search/domain").vpc_options.subnet_ids).toHaveLength(3);
  });

  it("is cheap in dev: Serverless v2 at low ACU, no reader, one cache node, one small search node", () => {
    const { data } = env("dev");
    expect(resourceAt(data, "aws_rds_cluster", "database/cluster").serverlessv2_scaling_configuration).toEqual({
      min_capacity: 0.5,
      max_capacity: 4,
    });
    expect(Object.keys(resourcesOf(data, "aws_rds_cluster_instance"))).toEqual(["database/instance-writer"]);
    expect(resourceAt(data, "aws_elasticache_replication_group", "cache/replication-group")).toMatchObject({
      num_cache_clusters: 1,
      node_type: "cache.t4g.micro",
      automatic_failover_enabled: false,
    });
    expect(resourceAt(data, "aws_opensearch_domain", "search/domain").cluster_config).toMatchObject({
      instance_count: 1,
      instance_type: "t3.small.search",
      dedicated_master_enabled: false,
      zone_awareness_enabled: false,
    });
  });

  it("is highly available in prod: readers in other zones, Multi-AZ cache, 3-zone search with masters", () => {
    const { data } = env("prod");
    const instances = resourcesOf(data, "aws_rds_cluster_instance");
    expect(new Set(Object.values(instances).map((instance) => instance.availability_zone)).size).toBe(3);
    expect(resourceAt(data, "aws_elasticache_replication_group", "cache/replication-group")).toMatchObject({
      num_cache_clusters: 3,
      automatic_failover_enabled: true,
      multi_az_enabled: true,
    });
    expect(resourceAt(data, "aws_opensearch_domain", "search/domain").cluster_config).toMatchObject({
      zone_awareness_config: { availability_zone_count: 3 },
      dedicated_master_enabled: true,
    });
    expect(resourceAt(data, "aws_rds_cluster", "database/cluster").backup_retention_period).toBe(30);
  });

  it("protects from deletion in prod only", () => {
    const tables = (name: EnvName) => Object.values(resourcesOf(env(name).data, "aws_dynamodb_table"));
    expect(tables("prod").every((table) => table.deletion_protection_enabled === true)).toBe(true);
    expect(tables("dev").every((table) => table.deletion_protection_enabled === false)).toBe(true);
    expect(tables("staging").every((table) => table.deletion_protection_enabled === false)).toBe(true);
    expect(resourceAt(env("prod").data, "aws_rds_cluster", "database/cluster").deletion_protection).toBe(true);
    expect(resourceAt(env("dev").data, "aws_rds_cluster", "database/cluster").deletion_protection).toBe(false);
  });

  it("logs S3 access in prod only", () => {
    expect(Object.keys(resourcesOf(env("prod").data, "aws_s3_bucket_logging"))).toEqual(["bucket-templates/access-logging"]);
    expect(resourceAt(env("prod").data, "aws_s3_bucket", "access-log-bucket").bucket).toBe("llm-platform-prod-s3-access-logs-333333333333");
    expect(resourcesOf(env("dev").data, "aws_s3_bucket_logging")).toEqual({});
    expect(Object.keys(resourcesOf(env("dev").data, "aws_s3_bucket"))).toEqual(["bucket-templates/bucket"]);
  });

  it("creates the seed tables keyed by name, with the chats stream", () => {
    const tables = resourcesOf(env("dev").data, "aws_dynamodb_table");
    expect(Object.keys(tables).sort()).toEqual(["table-chats/table", "table-configurations/table", "table-templates/table", "table-users/table"]);
    expect(tables["table-configurations/table"]).toMatchObject({ name: "llm-platform-dev-configurations", hash_key: "PK", range_key: "SK" });
    expect(tables["table-chats/table"].stream_view_type).toBe("NEW_AND_OLD_IMAGES");
  });

  it("alarms on every service, to one encrypted topic", () => {
    const alarms = Object.keys(resourcesOf(env("prod").data, "aws_cloudwatch_metric_alarm"));
    for (const name of [
      "database-cpu",
      "database-freeable-memory",
      "database-connections",
      "database-replica-lag",
      "cache-cpu-001",
      "cache-memory-003",
      "cache-evictions-002",
      "search-status-red",
      "search-status-yellow",
      "search-free-storage",
      "search-jvm-memory-pressure",
      "table-chats-throttles",
      "table-users-system-errors",
    ]) {
      expect(alarms).toContain(`alarms/${name}`);
    }
    const devAlarms = Object.keys(resourcesOf(env("dev").data, "aws_cloudwatch_metric_alarm"));
    expect(devAlarms).not.toContain("alarms/database-replica-lag");
    expect(devAlarms).not.toContain("alarms/search-status-yellow");
    expect(resourceAt(env("dev").data, "aws_sns_topic", "alarms/topic").kms_master_key_id).toMatch(/aws_kms_key\.keys_alarms_key/);
  });

  it("takes alarm thresholds from config", () => {
    const data = synthStack(stacksOf("dev", { data: { alarms: { database: { cpuPercent: 65 } } } }).data);
    expect(resourceAt(data, "aws_cloudwatch_metric_alarm", "alarms/database-cpu").threshold).toBe(65);
  });

  it("adds no ingress rules itself: the cluster layer adds them from serviceAccess", () => {
    const { data, stacks } = env("prod");
    expect(resourcesOf(data, "aws_vpc_security_group_ingress_rule")).toEqual({});
    for (const group of Object.values(resourcesOf(data, "aws_security_group"))) {
      expect(group.ingress).toBeUndefined();
    }
    expect(stacks.data.exports.serviceAccess.map(({ name, port }) => ({ name, port }))).toEqual([
      { name: "database", port: 5432 },
      { name: "cache", port: 6379 },
      { name: "search", port: 443 },
    ]);
  });

  it("exports what the cluster and workloads layers need", () => {
    const { exports } = env("prod").stacks.data;
    expect(Object.keys(exports.tables)).toEqual(["configurations", "templates", "users", "chats"]);
    expect(Object.keys(exports.buckets)).toEqual(["templates"]);
    expect(exports.database.databaseName).toBe("app");
    // The master secret is never synced into the cluster: only the database role job's identity reads it.
    expect(exports.secrets).toEqual([]);
    const { data } = env("prod").stacks;
    // References carry what grants need: the table's key, whether it has indexes, its stream.
    expect(exports.tables.chats.key.arn).toBe(data.keys.arn("tables"));
    expect(exports.buckets.templates.key?.arn).toBe(data.keys.arn("buckets"));
    expect(exports.database.ref.masterSecret.key?.arn).toBe(data.keys.arn("database"));
    for (const table of data.env.data.tables) {
      const indexed = table.globalSecondaryIndexes.length + table.localSecondaryIndexes.length > 0;
      expect(exports.tables[table.name].hasIndexes).toBe(indexed);
      expect(exports.tables[table.name].streamArn !== undefined).toBe(table.stream !== undefined);
    }
    const outputs = env("prod").data.output!;
    for (const name of [
      "database_endpoint",
      "database_reader_endpoint",
      "database_port",
      "database_master_secret_arn",
      "cache_primary_endpoint",
      "cache_port",
      "cache_user_id",
      "search_endpoint",
      "security_group_ids",
      "table_names",
      "table_arns",
      "bucket_names",
      "kms_key_arns",
    ]) {
      expect(outputs[name]?.description).toBeTruthy();
    }
    expect(outputs.database_master_secret_arn.value).toMatch(/aws_rds_cluster\.database_cluster_.*\.master_user_secret\[0\]\.secret_arn/);
    expect(outputs.cache_user_id.value).toMatch(/aws_elasticache_user\.cache_application-user_.*\.user_id/);
    expect(Object.keys(outputs.table_stream_arns.value)).toEqual(["chats"]);
  });
});

describe("DataStack: the environment's dashboard", () => {
  it("shows the LLM API's traffic, latency percentiles and 5xx, database and cache load, and throttles", () => {
    const { data } = env("prod");
    const dashboard = resourceAt(data, "aws_cloudwatch_dashboard", "dashboard");
    expect(dashboard.dashboard_name).toBe("llm-platform-prod-llm-api");
    const widgets = JSON.parse(dashboard.dashboard_body).widgets.map((widget: any) => widget.properties);
    const metricsOf = (title: RegExp) => JSON.stringify(widgets.find((widget: any) => title.test(widget.title)).metrics);
    expect(metricsOf(/^Requests/)).toContain('MetricName=\\"RequestCount\\"');
    for (const p of ["p50", "p90", "p99"]) expect(metricsOf(/response time/)).toContain(`'${p}'`);
    expect(metricsOf(/5xx/)).toContain("HTTPCode_Target_5XX_Count");
    expect(metricsOf(/5xx/)).toContain("HTTPCode_ELB_5XX_Count");
    expect(metricsOf(/^Database/)).toContain('"DBClusterIdentifier"');
    expect(metricsOf(/^Cache/)).toContain("EngineCPUUtilization");
    expect(metricsOf(/throttled/)).toContain('"llm-platform-prod-chats"');
    expect(widgets.every((widget: any) => widget.region === "us-east-1")).toBe(true);
  });
});
