import { CACHE_CLUSTER_MODES, CACHE_ENGINE_VERSIONS, CACHE_EVICTION_POLICIES, CACHE_NODE_FAMILIES, CacheConfig } from "../../config/schema/data";
import { LOG_RETENTION_DAYS } from "../../config/schema/primitives";
import { CacheCluster } from "../../constructs/data/cache";
import { expr } from "../../constructs/expressions/expression";
import { serviceKeys } from "../keys";
import { defineModule } from "../definition";
import { dailyWindow, instanceType, maxLength, namePrefix, oneOf, pattern, subnetIds, vpcId, weeklyWindow, wholeNumber } from "../validation";

const ENGINES = Object.keys(CACHE_ENGINE_VERSIONS) as (keyof typeof CACHE_ENGINE_VERSIONS)[];
const versionsByEngine = `{ ${ENGINES.map((engine) => `${engine} = ${JSON.stringify(CACHE_ENGINE_VERSIONS[engine])}`).join(", ")} }`;

export default defineModule({
  name: "cache",
  purpose: `
A Valkey (default) or Redis OSS replication group in your data subnets. Clients
authenticate with IAM through an ElastiCache user group: the group holds one
IAM-authenticated application user and a \`default\` user that can never log in, so
no password or auth token exists in Terraform config or state. Data at rest and
snapshots are encrypted with the module's own customer-managed KMS key, TLS is
required, and slow and engine logs go to CloudWatch log groups encrypted with a second
key (rotation on for both). With one replica or more (the default), failover is
automatic and nodes span zones. \`cluster_mode = "enabled"\` with \`shards\` spreads
keys over shards of \`replicas\` replicas each (a parameter group with
\`cluster-enabled yes\`, named \`...-cluster\`, made before the old one goes); an existing
group moves there through \`compatible\`, in place. IAM authentication is the same in
every mode; \`cluster_mode\` is an output so clients can pick the protocol.

The security group has no rules: admit clients with
\`aws_vpc_security_group_ingress_rule\` on \`security_group_id\` and \`port\`. A client
role needs \`elasticache:Connect\` on \`replication_group_arn\` and
\`application_user_arn\`, and connects as \`application_user_name\` with an IAM auth token.

Stays in TypeScript: the stage rules (prod needs a replica and a daily snapshot) and
the CloudWatch alarms. The module defaults to one replica, a daily snapshot and a
final snapshot on delete.`,
  variables: {
    name_prefix: {
      type: "string",
      description: "Prefix of every name; the replication group is `<name_prefix>-cache`.",
      validation: namePrefix("name_prefix", 34),
      example: '"acme-dev"',
    },
    vpc_id: { type: "string", description: "VPC of the data subnets.", validation: [vpcId("vpc_id")], example: '"vpc-0123456789abcdef0"' },
    subnet_ids: {
      type: "list(string)",
      description: "Data subnets, one per zone; replicas spread over them.",
      validation: subnetIds("subnet_ids", 2, "replicas fail over across zones"),
      example: '["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]',
    },
    engine: {
      type: "string",
      description: "`valkey` or `redis` (Redis OSS); both authenticate clients with IAM.",
      default: "valkey",
      validation: [oneOf("engine", ENGINES)],
    },
    engine_version: {
      type: "string",
      description: "Pinned engine version: major.minor of a version that supports IAM authentication.",
      validation: [
        {
          condition: `contains(lookup(${versionsByEngine}, var.engine, []), var.engine_version)`,
          errorMessage: `engine_version must be supported by the engine with IAM authentication: ${ENGINES.map((engine) => `${engine} ${CACHE_ENGINE_VERSIONS[engine].join(", ")}`).join("; ")}.`,
          rejects: '"6.2"',
        },
      ],
      example: '"8.0"',
    },
    node_type: {
      type: "string",
      description: "Node type of the primary and every replica.",
      validation: [instanceType("node_type", "cache.", CACHE_NODE_FAMILIES)],
      example: '"cache.t4g.small"',
    },
    replicas: {
      rules: "A whole number from 0 to 5; at least 1 with cluster_mode enabled.",
      type: "number",
      description: "Replicas of the primary (of each shard's primary in cluster mode); 1 or more turns on automatic failover and Multi-AZ.",
      default: 1,
      validation: [
        wholeNumber("replicas", 0, 5),
        {
          condition: 'var.cluster_mode != "enabled" || var.replicas >= 1',
          errorMessage: "replicas must be at least 1 with cluster_mode enabled: it always fails over automatically, so each shard needs a replica.",
          rejects: { value: "0", with: { cluster_mode: '"enabled"' } },
        },
      ],
    },
    cluster_mode: {
      type: "string",
      description:
        "`disabled` (one shard; primary and reader endpoints), `enabled` (keys spread over `shards`; clients use the cluster protocol and the configuration endpoint) or `compatible` (the step AWS requires when an existing group moves to cluster mode: apply it, move clients to the configuration endpoint, then `enabled`).",
      default: "disabled",
      validation: [oneOf("cluster_mode", CACHE_CLUSTER_MODES)],
    },
    shards: {
      rules: "A whole number from 1 to 90; above 1 only with cluster_mode enabled.",
      type: "number",
      description: "Shards (node groups) in cluster mode, each with `replicas` replicas; more than 1 needs `cluster_mode = \"enabled\"`.",
      default: 1,
      validation: [
        wholeNumber("shards", 1, 90),
        {
          condition: 'var.shards == 1 || var.cluster_mode == "enabled"',
          errorMessage: "shards above 1 need cluster_mode enabled: only cluster mode spreads keys over shards.",
          rejects: "3",
        },
      ],
    },
    port: { type: "number", description: "Port clients connect to (TLS).", default: 6379, validation: [wholeNumber("port", 1024, 65535)] },
    maxmemory_policy: {
      type: "string",
      description: "Eviction policy when memory is full.",
      default: "allkeys-lru",
      validation: [oneOf("maxmemory_policy", CACHE_EVICTION_POLICIES)],
    },
    application_user_name: {
      type: "string",
      description: "The IAM-authenticated user is `<name_prefix>-<application_user_name>`.",
      default: "app",
      validation: [
        pattern("application_user_name", "^[a-z][a-z0-9-]*[a-z0-9]$", "lower-case letters, digits and hyphens, starting with a letter"),
        maxLength("application_user_name", 24),
      ],
    },
    snapshot_retention_days: {
      type: "number",
      description: "Daily snapshots kept; 0 disables them.",
      default: 1,
      validation: [wholeNumber("snapshot_retention_days", 0, 35)],
    },
    snapshot_window: { type: "string", description: "Daily snapshot window, UTC.", default: "05:00-06:00", validation: [dailyWindow("snapshot_window")] },
    maintenance_window: {
      type: "string",
      description: "Weekly maintenance window, UTC.",
      default: "sun:06:30-sun:07:30",
      validation: [weeklyWindow("maintenance_window")],
    },
    log_retention_days: { type: "number", description: "Slow and engine log retention in CloudWatch.", default: 365, validation: [oneOf("log_retention_days", LOG_RETENTION_DAYS)] },
    final_snapshot: {
      type: "bool",
      description: "Take a final snapshot `<name_prefix>-cache-final` when the group is deleted. Turn off only for throw-away environments.",
      default: true,
    },
  },
  tests: [
    {
      name: "cluster_mode_off_by_default",
      asserts: [
        { condition: "aws_elasticache_replication_group.replication_group.num_cache_clusters == 2", errorMessage: "Without cluster mode: primary and one replica." },
        { condition: 'aws_elasticache_replication_group.replication_group.cluster_mode == "disabled"', errorMessage: "No cluster mode by default." },
        { condition: "length(aws_elasticache_parameter_group.parameters.parameter) == 1", errorMessage: "Only the eviction policy." },
      ],
    },
    {
      name: "cluster_mode_spreads_shards",
      variables: { cluster_mode: '"enabled"', shards: "3", replicas: "2" },
      asserts: [
        { condition: "aws_elasticache_replication_group.replication_group.num_node_groups == 3", errorMessage: "One node group per shard." },
        { condition: "aws_elasticache_replication_group.replication_group.replicas_per_node_group == 2", errorMessage: "replicas per shard." },
        { condition: 'aws_elasticache_replication_group.replication_group.cluster_mode == "enabled"', errorMessage: "Cluster mode is on." },
        { condition: 'endswith(aws_elasticache_parameter_group.parameters.name, "-cluster")', errorMessage: "Cluster mode gets its own parameter group." },
        {
          condition: 'contains([for p in aws_elasticache_parameter_group.parameters.parameter : "${p.name}=${p.value}"], "cluster-enabled=yes")',
          errorMessage: "The parameter group turns cluster mode on.",
        },
        { condition: 'output.cluster_mode == "enabled"', errorMessage: "Clients learn the mode." },
      ],
    },
  ],
  build(scope, inputs) {
    const prefix = inputs.name_prefix.stringValue;
    const name = `${prefix}-cache`;
    const { key, logsKey } = serviceKeys(scope, {
      name,
      data: { id: "cache", alias: "data", description: `ElastiCache ${name}: data at rest and snapshots` },
      logsDescription: `Slow and engine logs of ElastiCache ${name}`,
      logsSid: "CloudWatchLogsOfThisCache",
      logGroupPrefix: `/aws/elasticache/${name}/`,
    });
    const settings: CacheConfig = {
      engine: inputs.engine.stringValue as CacheConfig["engine"],
      engineVersion: inputs.engine_version.stringValue,
      nodeType: inputs.node_type.stringValue,
      replicas: inputs.replicas.numberValue,
      shards: inputs.shards.numberValue,
      clusterMode: inputs.cluster_mode.stringValue as CacheConfig["clusterMode"],
      port: inputs.port.numberValue,
      maxmemoryPolicy: inputs.maxmemory_policy.stringValue as CacheConfig["maxmemoryPolicy"],
      applicationUserName: inputs.application_user_name.stringValue,
      snapshotRetentionDays: inputs.snapshot_retention_days.numberValue,
      snapshotWindow: inputs.snapshot_window.stringValue,
      maintenanceWindow: inputs.maintenance_window.stringValue,
      logRetentionDays: inputs.log_retention_days.numberValue as CacheConfig["logRetentionDays"],
    };
    const cache = new CacheCluster(scope, "cache", {
      namePrefix: prefix,
      vpcId: inputs.vpc_id.stringValue,
      subnetIds: inputs.subnet_ids.listValue,
      kmsKeyArn: key.arn,
      logsKmsKeyArn: logsKey.arn,
      settings,
      finalSnapshot: expr(inputs.final_snapshot.booleanValue),
    });
    const group = cache.replicationGroup;
    return {
      primary_endpoint: {
        value: cache.primaryEndpoint,
        description: "Primary endpoint host name (reads and writes); with cluster_mode enabled the configuration endpoint",
      },
      reader_endpoint: {
        value: cache.readerEndpoint,
        description: "Reader endpoint host name (spreads reads over the replicas); with cluster_mode enabled the configuration endpoint",
      },
      cluster_mode: { value: cache.clusterMode, description: "disabled, compatible or enabled: with enabled, clients must use the cluster protocol" },
      port: { value: cache.port, description: "Port clients connect to with TLS" },
      replication_group_id: { value: group.id, description: "Replication group id" },
      replication_group_arn: { value: group.arn, description: "Replication group ARN; clients need elasticache:Connect on it" },
      member_cluster_ids: {
        value: cache.memberClusterIds,
        description: "Node ids (<group>-001, ...; <group>-0001-001, ... with cluster_mode enabled, known after apply), the CacheClusterId dimension of per-node metrics",
      },
      application_user_name: { value: cache.applicationUser.userName, description: "User clients connect as, with an IAM auth token" },
      application_user_arn: { value: cache.applicationUser.arn, description: "ARN of that user; clients need elasticache:Connect on it" },
      security_group_id: { value: cache.securityGroup.securityGroup.id, description: "Security group of the cache; add ingress rules for its clients" },
      kms_key_arn: { value: key.arn, description: "KMS key of data at rest and snapshots" },
    };
  },
});
