import { ScopedStack } from "../support/aws-stack";
import { TerraformStack, TerraformVariable } from "cdktf";
import { cacheSchema, databaseSchema, searchSchema, tableSchema } from "../../src/config";
import type { DatabaseConfig } from "../../src/config/schema/data";
import {
  AccessLogBucket,
  AlarmTopic,
  CacheCluster,
  DataKeys,
  Table,
  PostgresDatabase,
  SearchDomain,
  SecureBucket,
  databaseInstanceNames,
  tableAlarms,
} from "../../src/constructs/data";
import { policyStatements, resourceAt, resourcesOf, synthStack } from "../support/synth";

const placement = {
  namePrefix: "demo-dev",
  vpcId: "vpc-1",
  subnetIds: ["subnet-a", "subnet-b", "subnet-c"],
  kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/data",
  logsKmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/logs",
};
const AZS = ["us-east-1a", "us-east-1b", "us-east-1c"];

function synthWith(build: (stack: TerraformStack) => void) {
  const stack = new ScopedStack();
  build(stack);
  return synthStack(stack);
}

function database(settings: unknown, deletionProtection?: boolean) {
  return synthWith(
    (stack) =>
      new PostgresDatabase(stack, "database", {
        ...placement,
        availabilityZones: AZS,
        settings: databaseSchema.parse(settings),
        deletionProtection,
      }),
  );
}

const serverless = { engineVersion: "16.6", serverlessCapacity: { minAcu: 0.5, maxAcu: 4 } };

describe("PostgresDatabase", () => {
  it("needs engineKind when the engine is a Terraform expression (a module says what its variable allows)", () => {
    const stack = new ScopedStack();
    const engine = new TerraformVariable(stack, "engine", { type: "string" });
    const settings = { ...databaseSchema.parse(serverless), engine: engine.stringValue as DatabaseConfig["engine"] };
    const make = (id: string, engineKind?: "aurora") => new PostgresDatabase(stack, id, { ...placement, availabilityZones: AZS, settings, engineKind });
    expect(() => make("without-kind")).toThrow("PostgresDatabase: settings.engine is a Terraform expression; give engineKind");
    expect(make("aurora", "aurora").cluster).toBeDefined();
  });

  it("Serverless v2: scaling on the cluster, db.serverless instances, managed and encrypted master secret", () => {
    const json = database({ ...serverless, readers: 2 });
    const cluster = resourceAt(json, "aws_rds_cluster", "database/cluster");
    expect(cluster).toMatchObject({
      engine: "aurora-postgresql",
      engine_mode: "provisioned",
      engine_version: "16.6",
      serverlessv2_scaling_configuration: { min_capacity: 0.5, max_capacity: 4 },
      manage_master_user_password: true,
      master_user_secret_kms_key_id: placement.kmsKeyArn,
      storage_encrypted: true,
      kms_key_id: placement.kmsKeyArn,
      iam_database_authentication_enabled: true,
      copy_tags_to_snapshot: true,
      enabled_cloudwatch_logs_exports: ["postgresql"],
    });
    expect(cluster.master_password).toBeUndefined();
    expect(cluster.depends_on[0]).toMatch(/aws_cloudwatch_log_group\.database_log-group/);
    const instances = resourcesOf(json, "aws_rds_cluster_instance");
    expect(Object.keys(instances).sort()).toEqual(["database/instance-writer", "database/instance-reader-1", "database/instance-reader-2"].sort());
    expect(instances["database/instance-writer"]).toMatchObject({
      instance_class: "db.serverless",
      availability_zone: "us-east-1a",
      promotion_tier: 0,
      performance_insights_enabled: true,
      performance_insights_kms_key_id: placement.kmsKeyArn,
      monitoring_interval: 60,
      publicly_accessible: false,
      identifier: "demo-dev-postgres-writer",
    });
    expect(instances["database/instance-writer"].cluster_identifier).toMatch(/aws_rds_cluster\.database_cluster_.*\.id/);
    expect(instances["database/instance-reader-1"].availability_zone).toBe("us-east-1b");
    expect(instances["database/instance-reader-2"].availability_zone).toBe("us-east-1c");
    expect(instances["database/instance-reader-1"].monitoring_role_arn).toMatch(/aws_iam_role\.database_monitoring-role/);
  });

  it("keys instances by name: adding a reader keeps the writer's address", () => {
    expect(databaseInstanceNames(0)).toEqual(["writer"]);
    expect(databaseInstanceNames(2)).toEqual(["writer", "reader-1", "reader-2"]);
    const one = resourcesOf(database({ ...serverless, readers: 1 }), "aws_rds_cluster_instance");
    const two = resourcesOf(database({ ...serverless, readers: 2 }), "aws_rds_cluster_instance");
    expect(two["database/instance-writer"]).toEqual(one["database/instance-writer"]);
  });

  it("forces TLS and logs slow statements through the parameter group", () => {
    const group = resourceAt(database(serverless), "aws_rds_cluster_parameter_group", "database/cluster-parameters");
    expect(group.family).toBe("aurora-postgresql16");
    expect(group.parameter).toEqual([
      { name: "rds.force_ssl", value: "1" },
      { name: "log_min_duration_statement", value: "1000" },
    ]);
    expect(group.lifecycle).toEqual({ create_before_destroy: true });
  });

  it("sends PostgreSQL logs to an encrypted group kept a year, before the cluster exists", () => {
    const group = resourceAt(database(serverless), "aws_cloudwatch_log_group", "database/log-group");
    expect(group).toEqual(
      expect.objectContaining({ name: "/aws/rds/cluster/demo-dev-postgres/postgresql", retention_in_days: 365, kms_key_id: placement.logsKmsKeyArn }),
    );
  });

  it("protects from deletion and takes a final snapshot only when asked", () => {
    const unprotected = resourceAt(database(serverless), "aws_rds_cluster", "database/cluster");
    expect(unprotected).toMatchObject({ deletion_protection: false, skip_final_snapshot: true });
    expect(unprotected.final_snapshot_identifier).toBeUndefined();
    const protectedCluster = resourceAt(database(serverless, true), "aws_rds_cluster", "database/cluster");
    expect(protectedCluster).toMatchObject({
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: "demo-dev-postgres-final",
    });
  });

  it("provisioned Aurora uses the configured class and no scaling configuration", () => {
    const json = database({ engine: "aurora-provisioned", engineVersion: "16.6", instanceClass: "db.r7g.large", readers: 1 });
    expect(resourceAt(json, "aws_rds_cluster", "database/cluster").serverlessv2_scaling_configuration).toBeUndefined();
    expect(resourceAt(json, "aws_rds_cluster_instance", "database/instance-reader-1").instance_class).toBe("db.r7g.large");
  });

  it("rds is one Multi-AZ gp3 instance with the same protections", () => {
    const json = database({ engine: "rds", engineVersion: "16.8", instanceClass: "db.m7g.large" }, true);
    expect(resourcesOf(json, "aws_rds_cluster")).toEqual({});
    expect(resourceAt(json, "aws_db_instance", "database/instance")).toMatchObject({
      engine: "postgres",
      multi_az: true,
      storage_type: "gp3",
      allocated_storage: 100,
      max_allocated_storage: 500,
      manage_master_user_password: true,
      iam_database_authentication_enabled: true,
      storage_encrypted: true,
      deletion_protection: true,
      performance_insights_enabled: true,
      enabled_cloudwatch_logs_exports: ["postgresql", "upgrade"],
    });
    expect(resourceAt(json, "aws_db_parameter_group", "database/instance-parameters").family).toBe("postgres16");
  });

  it("has a security group with no rules at all", () => {
    const group = resourceAt(database(serverless), "aws_security_group", "database/security-group");
    expect(group.ingress).toBeUndefined();
    expect(group.egress).toBeUndefined();
    expect(resourcesOf(database(serverless), "aws_vpc_security_group_ingress_rule")).toEqual({});
  });
});

function cache(settings: unknown, finalSnapshot?: boolean) {
  return synthWith((stack) => new CacheCluster(stack, "cache", { ...placement, settings: cacheSchema.parse(settings), finalSnapshot }));
}

describe("CacheCluster", () => {
  const single = { engineVersion: "8.0", nodeType: "cache.t4g.micro" };

  it("encrypts at rest with the CMK and requires TLS", () => {
    expect(resourceAt(cache(single), "aws_elasticache_replication_group", "cache/replication-group")).toMatchObject({
      engine: "valkey",
      engine_version: "8.0",
      at_rest_encryption_enabled: "true",
      kms_key_id: placement.kmsKeyArn,
      transit_encryption_enabled: true,
      transit_encryption_mode: "required",
    });
  });

  it("authenticates with IAM through a user group; no token anywhere", () => {
    const json = cache(single);
    const group = resourceAt(json, "aws_elasticache_replication_group", "cache/replication-group");
    expect(group.auth_token).toBeUndefined();
    expect(group.user_group_ids[0]).toMatch(/aws_elasticache_user_group\.cache_user-group_.*\.user_group_id/);
    const app = resourceAt(json, "aws_elasticache_user", "cache/application-user");
    expect(app).toMatchObject({
      user_id: "demo-dev-app",
      user_name: "demo-dev-app",
      authentication_mode: { type: "iam" },
      engine: "valkey",
    });
    expect(app.passwords).toBeUndefined();
    expect(resourceAt(json, "aws_elasticache_user", "cache/default-user")).toMatchObject({
      user_name: "default",
      access_string: "off -@all",
    });
    expect(JSON.stringify(json)).not.toMatch(/password"|auth_token/);
  });

  it("is a single node without failover in dev, Multi-AZ with failover given replicas", () => {
    expect(resourceAt(cache(single), "aws_elasticache_replication_group", "cache/replication-group")).toMatchObject({
      num_cache_clusters: 1,
      automatic_failover_enabled: false,
      multi_az_enabled: false,
    });
    expect(resourceAt(cache({ ...single, replicas: 2 }, true), "aws_elasticache_replication_group", "cache/replication-group")).toMatchObject({
      num_cache_clusters: 3,
      automatic_failover_enabled: true,
      multi_az_enabled: true,
      final_snapshot_identifier: "demo-dev-cache-final",
    });
  });

  it("delivers slow and engine logs to encrypted log groups", () => {
    const json = cache(single);
    const group = resourceAt(json, "aws_elasticache_replication_group", "cache/replication-group");
    expect(group.log_delivery_configuration.map((c: { log_type: string }) => c.log_type)).toEqual(["slow-log", "engine-log"]);
    expect(resourceAt(json, "aws_cloudwatch_log_group", "cache/log-group-slow-log")).toMatchObject({
      name: "/aws/elasticache/demo-dev-cache/slow-log",
      kms_key_id: placement.logsKmsKeyArn,
      retention_in_days: 365,
    });
  });

  it("uses the engine's parameter family with the eviction policy", () => {
    const group = resourceAt(
      cache({ engine: "redis", engineVersion: "7.1", nodeType: "cache.r7g.large" }),
      "aws_elasticache_parameter_group",
      "cache/parameters",
    );
    expect(group).toMatchObject({ family: "redis7", parameter: [{ name: "maxmemory-policy", value: "allkeys-lru" }] });
  });
});

function search(settings: unknown, adminRoleNames = ["demo-dev-search-role-mappings"]) {
  return synthWith((stack) => new SearchDomain(stack, "search", { ...placement, settings: searchSchema.parse(settings), adminRoleNames }));
}

describe("SearchDomain", () => {
  const small = { engineVersion: "OpenSearch_2.17", instanceType: "t3.small.search", instanceCount: 1 };
  const ha = {
    ...small,
    instanceType: "r7g.large.search",
    instanceCount: 3,
    availabilityZoneCount: 3,
    dedicatedMasters: { instanceType: "m7g.large.search" },
    clientRoleNames: ["demo-dev-app"],
  };

  it("lets only the named roles assume the admin role: the account as principal, narrowed by aws:PrincipalArn", () => {
    const [statement] = policyStatements(search(small, ["demo-dev-search-role-mappings", "ops-admin"]), "search/admin-trust");
    expect(statement).toEqual({
      sid: "NamedRolesOnly",
      effect: "Allow",
      actions: ["sts:AssumeRole"],
      principals: [{ type: "AWS", identifiers: ["arn:aws:iam::123456789012:root"] }],
      condition: [
        {
          test: "ArnEquals",
          variable: "aws:PrincipalArn",
          values: ["arn:aws:iam::123456789012:role/demo-dev-search-role-mappings", "arn:aws:iam::123456789012:role/ops-admin"],
        },
      ],
    });
  });

  it("encrypts, enforces HTTPS with a TLS 1.2 policy and uses an IAM master", () => {
    const domain = resourceAt(search(small), "aws_opensearch_domain", "search/domain");
    expect(domain).toMatchObject({
      engine_version: "OpenSearch_2.17",
      encrypt_at_rest: { enabled: true, kms_key_id: placement.kmsKeyArn },
      node_to_node_encryption: { enabled: true },
      domain_endpoint_options: { enforce_https: true, tls_security_policy: "Policy-Min-TLS-1-2-PFS-2023-10" },
      ebs_options: { ebs_enabled: true, volume_type: "gp3", volume_size: 20 },
      advanced_security_options: { enabled: true, internal_user_database_enabled: false, anonymous_auth_enabled: false },
    });
    expect(domain.advanced_security_options.master_user_options.master_user_arn).toMatch(/aws_iam_role\.search_admin-role/);
  });

  it("is one node in one subnet without zone awareness when small", () => {
    const domain = resourceAt(search(small), "aws_opensearch_domain", "search/domain");
    expect(domain.cluster_config).toMatchObject({ instance_count: 1, zone_awareness_enabled: false, dedicated_master_enabled: false });
    expect(domain.vpc_options.subnet_ids).toEqual(["subnet-a"]);
  });

  it("spreads over 3 zones with dedicated masters when asked", () => {
    const domain = resourceAt(search(ha), "aws_opensearch_domain", "search/domain");
    expect(domain.cluster_config).toMatchObject({
      instance_count: 3,
      zone_awareness_enabled: true,
      zone_awareness_config: { availability_zone_count: 3 },
      dedicated_master_enabled: true,
      dedicated_master_count: 3,
      dedicated_master_type: "m7g.large.search",
    });
    expect(domain.vpc_options.subnet_ids).toEqual(placement.subnetIds);
  });

  it("publishes slow, error and audit logs, writable only by this domain", () => {
    const json = search(small);
    const domain = resourceAt(json, "aws_opensearch_domain", "search/domain");
    expect(domain.log_publishing_options.map((o: { log_type: string }) => o.log_type)).toEqual([
      "INDEX_SLOW_LOGS",
      "SEARCH_SLOW_LOGS",
      "ES_APPLICATION_LOGS",
      "AUDIT_LOGS",
    ]);
    expect(domain.depends_on[0]).toMatch(/aws_cloudwatch_log_resource_policy\.search_log-policy/);
    const [statement] = policyStatements(json, "search/log-policy-document");
    expect(statement.principals).toEqual([{ type: "Service", identifiers: ["es.amazonaws.com"] }]);
    expect(statement.condition).toContainEqual({
      test: "ArnLike",
      variable: "aws:SourceArn",
      values: ["arn:aws:es:us-east-1:123456789012:domain/demo-dev-search"],
    });
  });

  it("admits only the admin role and the named client roles", () => {
    const [statement] = policyStatements(search(ha), "search/access-policy");
    expect(statement.resources).toEqual(["arn:aws:es:us-east-1:123456789012:domain/demo-dev-search/*"]);
    expect(statement.condition[0].variable).toBe("aws:PrincipalArn");
    expect(statement.condition[0].values).toEqual([
      expect.stringMatching(/aws_iam_role\.search_admin-role_.*\.arn/),
      "arn:aws:iam::123456789012:role/demo-dev-app",
    ]);
  });
});

function table(settings: unknown, deletionProtection?: boolean) {
  return synthWith(
    (stack) =>
      new Table(stack, "table-chats", {
        tableName: "demo-dev-chats",
        settings: tableSchema.parse(settings),
        kmsKeyArn: placement.kmsKeyArn,
        deletionProtection,
      }),
  );
}

describe("Table", () => {
  const chats = {
    name: "chats",
    partitionKey: "id",
    attributes: { id: "S", user_id: "S", updated_at: "S" },
    globalSecondaryIndexes: [{ name: "user-id-index", partitionKey: "user_id", sortKey: "updated_at" }],
    stream: "NEW_AND_OLD_IMAGES",
    ttlAttribute: "expires_at",
  };

  it("always has point-in-time recovery and SSE with the CMK", () => {
    const resource = resourceAt(table(chats), "aws_dynamodb_table", "table-chats/table");
    expect(resource).toMatchObject({
      name: "demo-dev-chats",
      billing_mode: "PAY_PER_REQUEST",
      hash_key: "id",
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true, kms_key_arn: placement.kmsKeyArn },
      stream_enabled: true,
      stream_view_type: "NEW_AND_OLD_IMAGES",
      ttl: { enabled: true, attribute_name: "expires_at" },
      deletion_protection_enabled: true,
    });
    expect(resource.global_secondary_index).toEqual([{ name: "user-id-index", hash_key: "user_id", range_key: "updated_at", projection_type: "ALL" }]);
    expect(resource.attribute).toHaveLength(3);
  });

  it("keeps deletion protection on unless told otherwise", () => {
    expect(resourceAt(table(chats, true), "aws_dynamodb_table", "table-chats/table").deletion_protection_enabled).toBe(true);
    expect(resourceAt(table(chats, false), "aws_dynamodb_table", "table-chats/table").deletion_protection_enabled).toBe(false);
  });

  it("autoscales the table and every GSI, and leaves their capacity to autoscaling", () => {
    const json = table({
      ...chats,
      billingMode: "PROVISIONED",
      capacity: { read: 5, write: 5 },
      autoscaling: { read: { min: 5, max: 50 }, write: { min: 5, max: 20 } },
    });
    const resource = resourceAt(json, "aws_dynamodb_table", "table-chats/table");
    expect(resource).toMatchObject({ billing_mode: "PROVISIONED", read_capacity: 5, write_capacity: 5 });
    expect(resource.lifecycle).toEqual({ ignore_changes: ["read_capacity", "write_capacity"] });
    const targets = resourcesOf(json, "aws_appautoscaling_target");
    expect(Object.keys(targets).sort()).toEqual(
      [
        "table-chats/scaling-table-read",
        "table-chats/scaling-table-write",
        "table-chats/scaling-index-user-id-index-read",
        "table-chats/scaling-index-user-id-index-write",
      ].sort(),
    );
    expect(targets["table-chats/scaling-index-user-id-index-read"]).toMatchObject({
      resource_id: "table/demo-dev-chats/index/user-id-index",
      scalable_dimension: "dynamodb:index:ReadCapacityUnits",
      min_capacity: 5,
      max_capacity: 50,
    });
    const policy = resourceAt(json, "aws_appautoscaling_policy", "table-chats/scaling-policy-table-write");
    expect(policy.target_tracking_scaling_policy_configuration).toMatchObject({
      target_value: 70,
      predefined_metric_specification: { predefined_metric_type: "DynamoDBWriteCapacityUtilization" },
    });
  });
});

describe("SecureBucket and AccessLogBucket", () => {
  const json = synthWith((stack) => {
    const logs = new AccessLogBucket(stack, "logs", { bucketName: "demo-dev-s3-access-logs-123456789012" });
    new SecureBucket(stack, "bucket-templates", {
      bucketName: "demo-dev-templates-123456789012",
      kmsKeyArn: placement.kmsKeyArn,
      accessLogBucket: logs.name,
    });
  });

  it("versions, encrypts with SSE-KMS and a bucket key, and blocks public access", () => {
    expect(resourceAt(json, "aws_s3_bucket_versioning", "bucket-templates/versioning").versioning_configuration).toEqual({ status: "Enabled" });
    expect(resourceAt(json, "aws_s3_bucket_server_side_encryption_configuration", "bucket-templates/encryption").rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: placement.kmsKeyArn }, bucket_key_enabled: true },
    ]);
    expect(resourceAt(json, "aws_s3_bucket_public_access_block", "bucket-templates/public-access-block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(resourceAt(json, "aws_s3_bucket_ownership_controls", "bucket-templates/ownership").rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
  });

  it("denies every request not made over TLS", () => {
    const [deny] = policyStatements(json, "bucket-templates/policy-document");
    expect(deny).toMatchObject({ effect: "Deny", actions: ["s3:*"] });
    expect(deny.condition).toEqual([{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }]);
  });

  it("expires noncurrent versions and logs access to the log bucket", () => {
    const [rule] = resourceAt(json, "aws_s3_bucket_lifecycle_configuration", "bucket-templates/lifecycle").rule;
    expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: 90 }]);
    expect(resourceAt(json, "aws_s3_bucket_logging", "bucket-templates/access-logging")).toMatchObject({
      target_prefix: "demo-dev-templates-123456789012/",
    });
  });

  it("lets only the S3 logging service of this account write to the log bucket, with SSE-S3", () => {
    expect(resourceAt(json, "aws_s3_bucket_server_side_encryption_configuration", "logs/encryption").rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
    ]);
    const [, delivery] = policyStatements(json, "logs/policy-document");
    expect(delivery.principals).toEqual([{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }]);
    expect(delivery.condition).toEqual([{ test: "StringEquals", variable: "aws:SourceAccount", values: ["123456789012"] }]);
    expect(resourcesOf(json, "aws_s3_bucket_logging")["logs/access-logging"]).toBeUndefined();
  });
});

describe("DataKeys", () => {
  const json = synthWith((stack) => new DataKeys(stack, "keys", { namePrefix: "demo-dev" }));

  it("creates one rotating key per purpose, with aliases", () => {
    const keys = resourcesOf(json, "aws_kms_key");
    expect(Object.keys(keys)).toHaveLength(8);
    expect(Object.values(keys).every((key) => key.enable_key_rotation === true)).toBe(true);
    expect(resourceAt(json, "aws_kms_alias", "keys/tables/alias").name).toBe("alias/demo-dev/data-tables");
  });

  it("grants services only the keys they use on their own, scoped to this environment", () => {
    expect(policyStatements(json, "keys/database/key-policy")).toHaveLength(1);
    const [, logs] = policyStatements(json, "keys/logs/key-policy");
    expect(logs.principals).toEqual([{ type: "Service", identifiers: ["logs.us-east-1.amazonaws.com"] }]);
    expect(logs.condition[0].values).toContain("arn:aws:logs:us-east-1:123456789012:log-group:/aws/rds/cluster/demo-dev-*");
    const [, alarms] = policyStatements(json, "keys/alarms/key-policy");
    expect(alarms.principals).toEqual([{ type: "Service", identifiers: ["cloudwatch.amazonaws.com"] }]);
  });
});

describe("AlarmTopic", () => {
  it("encrypts the topic and sends alarms and recoveries to it", () => {
    const json = synthWith((stack) => {
      const topic = new AlarmTopic(stack, "alarms", {
        namePrefix: "demo-dev",
        kmsKeyArn: placement.kmsKeyArn,
        settings: { emailSubscribers: ["oncall@example.com"], periodSeconds: 300, evaluationPeriods: 3 },
      });
      for (const [name, spec] of Object.entries(tableAlarms("chats", "demo-dev-chats", { throttleEvents: 10, systemErrors: 1 }))) {
        topic.add(name, spec);
      }
    });
    expect(resourceAt(json, "aws_sns_topic", "alarms/topic").kms_master_key_id).toBe(placement.kmsKeyArn);
    expect(resourceAt(json, "aws_sns_topic_subscription", "alarms/email-oncallexamplecom").protocol).toBe("email");
    const throttles = resourceAt(json, "aws_cloudwatch_metric_alarm", "alarms/table-chats-throttles");
    expect(throttles).toMatchObject({ alarm_name: "demo-dev-table-chats-throttles", threshold: 10, evaluation_periods: 3 });
    expect(throttles.alarm_actions[0]).toMatch(/aws_sns_topic\.alarms_topic/);
    expect(throttles.ok_actions).toEqual(throttles.alarm_actions);
    const errors = resourceAt(json, "aws_cloudwatch_metric_alarm", "alarms/table-chats-system-errors");
    expect(errors.metric_query).toHaveLength(10);
    expect(errors.metric_query[0].metric.dimensions).toEqual({ TableName: "demo-dev-chats", Operation: "GetItem" });
  });
});
