import { DATABASE_INSTANCE_FAMILIES, DatabaseConfig, POSTGRES_VERSIONS } from "../../config/schema/data";
import { LOG_RETENTION_DAYS } from "../../config/schema/primitives";
import { PostgresDatabase } from "../../constructs/data/postgres";
import { expr } from "../../constructs/expressions/expression";
import { path } from "../../constructs/expressions/values";
import { serviceKeys } from "../keys";
import { defineModule } from "../definition";
import { dailyWindow, instanceType, maxLength, minItems, namePrefix, oneOf, optional, pattern, rejecting, subnetIds, unique, vpcId, weeklyWindow, wholeNumber } from "../validation";

/** The Aurora engines; RDS on one Multi-AZ instance stays with the stacks (see the README). */
const MODULE_ENGINES = ["aurora-serverless-v2", "aurora-provisioned"] as const;

export default defineModule({
  name: "postgres",
  purpose: `
Aurora PostgreSQL in your data subnets: Serverless v2 (default) or provisioned
instances, a writer plus \`readers\` spread over the zones. The master password is
generated and rotated by RDS in Secrets Manager and never appears in Terraform config
or state. Storage, snapshots, Performance Insights and the secret are encrypted with
the module's own customer-managed KMS key, PostgreSQL logs go to a log group encrypted
with a second one (rotation on for both). TLS is forced by the parameter group; IAM
authentication, Performance Insights and enhanced monitoring are always on.

The security group has no rules: admit clients with
\`aws_vpc_security_group_ingress_rule\` on \`security_group_id\` and \`port\`. Instances
are keyed by stable names (\`writer\`, \`reader-1\`, ...), so changing \`readers\` never
touches the writer.

Stays in TypeScript: the \`rds\` engine (one RDS Multi-AZ instance) and the stage rules
(prod needs a reader, 14 days of backups, no pausing, deletion protection). The module
defaults to deletion protection on.`,
  variables: {
    name_prefix: {
      type: "string",
      description: "Prefix of every name; the cluster is `<name_prefix>-postgres`.",
      validation: namePrefix("name_prefix", 40),
      example: '"acme-dev"',
    },
    vpc_id: { type: "string", description: "VPC of the data subnets.", validation: [vpcId("vpc_id")], example: "\"vpc-0123456789abcdef0\"" },
    subnet_ids: {
      type: "list(string)",
      description: "Data subnets, one per zone, in the order of `availability_zones`.",
      validation: subnetIds("subnet_ids", 2, "a DB subnet group spans 2 or more AZs"),
      example: "[\"subnet-0123456789abcdef0\", \"subnet-0fedcba9876543210\"]",
    },
    availability_zones: {
      type: "list(string)",
      description: "Zones of those subnets, in order: the writer goes to the first, readers round-robin over all.",
      validation: [minItems("availability_zones", 2, "readers fail over across zones"), unique("availability_zones", "availability zone", '["us-east-1a", "us-east-1a"]')],
      example: '["us-east-1a", "us-east-1b"]',
    },
    engine: {
      type: "string",
      description: "`aurora-serverless-v2` (scales in ACUs) or `aurora-provisioned` (fixed instance class).",
      default: "aurora-serverless-v2",
      validation: [oneOf("engine", MODULE_ENGINES)],
    },
    engine_version: {
      type: "string",
      description: "Pinned Aurora PostgreSQL version; minor upgrades are a deliberate change.",
      validation: [oneOf("engine_version", POSTGRES_VERSIONS.aurora)],
      example: '"16.6"',
    },
    database_name: {
      type: "string",
      description: "The database created at launch.",
      default: "app",
      validation: [pattern("database_name", "^[a-z][a-z0-9_]*$", "lower-case letters, digits and '_', starting with a letter"), maxLength("database_name", 63)],
    },
    master_username: {
      type: "string",
      description: "Master user; RDS generates and keeps its password in Secrets Manager.",
      default: "platform_admin",
      validation: [pattern("master_username", "^[a-z][a-z0-9_]*$", "lower-case letters, digits and '_', starting with a letter"), maxLength("master_username", 16)],
    },
    port: { type: "number", description: "PostgreSQL port.", default: 5432, validation: [wholeNumber("port", 1150, 65535)] },
    serverless_capacity: {
      type: "object({ min_acu = number, max_acu = number })",
      description: "aurora-serverless-v2 only: capacity range in ACUs; min 0 lets an idle cluster pause. Other engines ignore it.",
      default: { min_acu: 0.5, max_acu: 4 },
      validation: [
        {
          condition:
            "alltrue([for acu in [var.serverless_capacity.min_acu, var.serverless_capacity.max_acu] : acu >= 0 && acu <= 256 && floor(acu * 2) == acu * 2]) && var.serverless_capacity.max_acu >= 1 && var.serverless_capacity.min_acu <= var.serverless_capacity.max_acu",
          errorMessage: "serverless_capacity needs multiples of 0.5 ACU from 0 to 256, max_acu at least 1 and min_acu at most max_acu.",
          rejects: '{ min_acu = 4, max_acu = 2 }',
        },
      ],
    },
    instance_class: {
      rules: "Required with aurora-provisioned, null otherwise; a db.<family>.<size> class of a current Graviton or Intel family.",
      type: "string",
      description: "aurora-provisioned only (and required there), e.g. `db.r7g.large`.",
      default: null,
      validation: [
        {
          condition: 'var.engine == "aurora-provisioned" ? var.instance_class != null : var.instance_class == null',
          errorMessage: "instance_class is required for engine aurora-provisioned and must be null otherwise.",
          rejects: '"db.r7g.large"',
        },
        rejecting(optional("instance_class", instanceType("instance_class", "db.", DATABASE_INSTANCE_FAMILIES)), {
          value: '"db.x1.large"',
          with: { engine: '"aurora-provisioned"' },
        }),
      ],
    },
    readers: { type: "number", description: "Aurora readers next to the writer, spread over the zones.", default: 1, validation: [wholeNumber("readers", 0, 15)] },
    backup_retention_days: { type: "number", description: "Days of automated backups (point-in-time restore).", default: 14, validation: [wholeNumber("backup_retention_days", 1, 35)] },
    backup_window: {
      type: "string",
      description: "Daily backup window, UTC.",
      default: "03:00-04:00",
      validation: [dailyWindow("backup_window")],
    },
    maintenance_window: {
      type: "string",
      description: "Weekly maintenance window, UTC.",
      default: "sun:04:30-sun:05:30",
      validation: [weeklyWindow("maintenance_window")],
    },
    performance_insights_retention_days: {
      type: "number",
      description: "Performance Insights retention: 7 (free) or a multiple of 31 up to 731.",
      default: 7,
      validation: [
        {
          condition: "var.performance_insights_retention_days == 7 || (var.performance_insights_retention_days % 31 == 0 && var.performance_insights_retention_days >= 31 && var.performance_insights_retention_days <= 731)",
          errorMessage: "performance_insights_retention_days must be 7 or a multiple of 31 from 31 to 731.",
          rejects: "30",
        },
      ],
    },
    monitoring_interval_seconds: { type: "number", description: "Enhanced monitoring granularity.", default: 60, validation: [oneOf("monitoring_interval_seconds", [1, 5, 10, 15, 30, 60])] },
    slow_query_log_ms: {
      type: "number",
      description: "Statements slower than this are logged; -1 turns it off.",
      default: 1000,
      validation: [{ condition: "var.slow_query_log_ms >= -1 && floor(var.slow_query_log_ms) == var.slow_query_log_ms", errorMessage: "slow_query_log_ms must be a whole number of at least -1.", rejects: "-2" }],
    },
    log_retention_days: { type: "number", description: "PostgreSQL log retention in CloudWatch.", default: 365, validation: [oneOf("log_retention_days", LOG_RETENTION_DAYS)] },
    deletion_protection: {
      type: "bool",
      description: "Deletion protection and a final snapshot on delete. Turn off only for throw-away environments.",
      default: true,
    },
  },
  tests: [
    {
      name: "instances_keyed_by_role_over_the_zones",
      variables: { readers: "2" },
      asserts: [
        { condition: 'join(",", keys(aws_rds_cluster_instance.instance)) == "reader-1,reader-2,writer"', errorMessage: "Instances are keyed writer, reader-1, reader-2: removing a reader never moves the writer." },
        { condition: 'aws_rds_cluster_instance.instance["writer"].availability_zone == "us-east-1a"', errorMessage: "The writer is in the first zone." },
        { condition: 'aws_rds_cluster_instance.instance["reader-1"].availability_zone == "us-east-1b"', errorMessage: "Readers go round the zones." },
        { condition: 'aws_rds_cluster_instance.instance["reader-2"].availability_zone == "us-east-1a"', errorMessage: "Readers go round the zones." },
        { condition: 'aws_rds_cluster_instance.instance["writer"].instance_class == "db.serverless"', errorMessage: "Serverless v2 by default." },
        { condition: "aws_rds_cluster.cluster.deletion_protection", errorMessage: "Deletion protection is on by default." },
      ],
    },
  ],
  build(scope, inputs) {
    const namePrefix = inputs.name_prefix.stringValue;
    const identifier = `${namePrefix}-postgres`;
    const { key, logsKey } = serviceKeys(scope, {
      name: identifier,
      data: { id: "database", alias: "database", description: `PostgreSQL ${identifier}: storage, snapshots, Performance Insights and the master secret` },
      logsDescription: `PostgreSQL logs of ${identifier}`,
      logsSid: "CloudWatchLogsOfThisDatabase",
      logGroupPrefix: `/aws/rds/cluster/${identifier}/`,
    });
    const serverless = inputs.serverless_capacity;
    const settings: DatabaseConfig = {
      engine: inputs.engine.stringValue as DatabaseConfig["engine"],
      engineVersion: inputs.engine_version.stringValue,
      databaseName: inputs.database_name.stringValue,
      masterUsername: inputs.master_username.stringValue,
      port: inputs.port.numberValue,
      serverlessCapacity: { minAcu: path(serverless.value, "minAcu"), maxAcu: path(serverless.value, "maxAcu") },
      instanceClass: inputs.instance_class.stringValue,
      readers: inputs.readers.numberValue,
      readReplicas: 0, // rds only, which the module does not offer
      storage: { allocatedGb: 0, maxAllocatedGb: 0 }, // rds only, which the module does not offer
      backupRetentionDays: inputs.backup_retention_days.numberValue,
      backupWindow: inputs.backup_window.stringValue,
      maintenanceWindow: inputs.maintenance_window.stringValue,
      performanceInsightsRetentionDays: inputs.performance_insights_retention_days.numberValue,
      monitoringIntervalSeconds: inputs.monitoring_interval_seconds.numberValue as DatabaseConfig["monitoringIntervalSeconds"],
      slowQueryLogMs: inputs.slow_query_log_ms.numberValue,
      logRetentionDays: inputs.log_retention_days.numberValue as DatabaseConfig["logRetentionDays"],
    };
    const database = new PostgresDatabase(scope, "postgres", {
      namePrefix,
      vpcId: inputs.vpc_id.stringValue,
      subnetIds: inputs.subnet_ids.listValue,
      availabilityZones: inputs.availability_zones.listValue,
      kmsKeyArn: key.arn,
      logsKmsKeyArn: logsKey.arn,
      settings,
      deletionProtection: expr(inputs.deletion_protection.booleanValue),
      engineKind: "aurora", // the engine variable allows MODULE_ENGINES, both Aurora
    });
    return {
      endpoint: { value: database.endpoint, description: "Writer endpoint host name" },
      reader_endpoint: { value: database.readerEndpoint, description: "Reader endpoint host name" },
      port: { value: database.port, description: "PostgreSQL port" },
      database_name: { value: inputs.database_name.stringValue, description: "Database created at launch" },
      cluster_identifier: { value: database.identifier, description: "Aurora cluster identifier, the DBClusterIdentifier metric dimension" },
      master_secret_arn: { value: database.masterSecretArn, description: "Secrets Manager ARN of the RDS-managed master user credentials" },
      security_group_id: { value: database.securityGroup.securityGroup.id, description: "Security group of the database; add ingress rules for its clients" },
      kms_key_arn: { value: key.arn, description: "KMS key of storage and the master secret; secret readers need kms:Decrypt on it" },
    };
  },
});
