import { StackModel, SynthesizedElement, blocks, isTrue, numberOf } from "../model";
import { PolicyRule, Problem, problem } from "../rule";
import { STATEFUL_RESOURCE_TYPES, isStatefulType } from "../stateful";

/** Minimum automated backup retention in prod, in days. */
export const MIN_PROD_BACKUP_RETENTION_DAYS = 7;

export const deletionProtection: PolicyRule = {
  id: "RES001",
  severity: "critical",
  title: "Stateful resources in prod cannot be destroyed by accident",
  description:
    "In prod, every stateful type (see `STATEFUL_RESOURCE_TYPES` in src/guardrails/stateful.ts) carries " +
    "`lifecycle.prevent_destroy` (set by `PreventDestroyAspect`, so a destroying plan fails before it starts) and, " +
    "where AWS offers one, its deletion protection switch (`deletion_protection`, `deletion_protection_enabled`) " +
    "or keeps `force_destroy`/`force_delete` off.",
  fix: "set the resource's deletion protection argument for prod (from config) and do not override its lifecycle",
  resourceTypes: Object.keys(STATEFUL_RESOURCE_TYPES),
  stages: ["prod"],
  check: (element) => {
    const problems: Problem[] = [];
    const protection = STATEFUL_RESOURCE_TYPES[element.type];
    if (protection) {
      const value = element.config[protection.argument];
      const protectedValue = protection.value === false ? !isTrue(value) : protection.value === true ? isTrue(value) : value === protection.value;
      if (!protectedValue) {
        problems.push(problem(protection.argument, `${protection.argument} is ${JSON.stringify(value ?? null)}, must be ${JSON.stringify(protection.value)}`));
      }
    }
    if (isStatefulType(element.type) && !isTrue(element.config.lifecycle?.prevent_destroy)) {
      problems.push(problem("lifecycle.prevent_destroy", "lifecycle.prevent_destroy is not true"));
    }
    return problems;
  },
};

type Check = (config: Record<string, any>, element: SynthesizedElement, model: StackModel) => Problem[];

const retention =
  (argument: string): Check =>
  (config) => {
    const days = numberOf(config[argument]);
    // Stryker disable next-line ConditionalExpression: `undefined >= MIN_PROD_BACKUP_RETENTION_DAYS` is false anyway; the check says what is meant
    return days !== undefined && days >= MIN_PROD_BACKUP_RETENTION_DAYS
      ? []
      : [problem(argument, `${argument} is ${JSON.stringify(config[argument] ?? null)}, must be at least ${MIN_PROD_BACKUP_RETENTION_DAYS}`)];
  };

const finalSnapshot: Check = (config) =>
  isTrue(config.skip_final_snapshot) || !config.final_snapshot_identifier
    ? [problem("final_snapshot", "no final snapshot (skip_final_snapshot must be false and final_snapshot_identifier set)")]
    : [];

const both =
  (...checks: Check[]): Check =>
  (config, element, model) =>
    checks.flatMap((check) => check(config, element, model));

/** Per type: how its data is backed up. */
export const BACKUPS: Readonly<Record<string, Check>> = {
  aws_rds_cluster: both(retention("backup_retention_period"), finalSnapshot),
  aws_db_instance: both(retention("backup_retention_period"), finalSnapshot),
  aws_elasticache_replication_group: both(retention("snapshot_retention_limit"), (config) =>
    config.final_snapshot_identifier ? [] : [problem("final_snapshot_identifier", "final_snapshot_identifier is not set")],
  ),
  aws_dynamodb_table: (config) =>
    isTrue(blocks(config.point_in_time_recovery)[0]?.enabled) ? [] : [problem("point_in_time_recovery.enabled", "point_in_time_recovery.enabled is not true")],
  aws_s3_bucket: (_config, element, model) =>
    // Stryker disable next-line OptionalChaining: versioning_configuration is required by the provider schema
    model.referencing("aws_s3_bucket_versioning", element).some((versioning) => blocks(versioning.config.versioning_configuration)[0]?.status === "Enabled")
      ? []
      : [problem("aws_s3_bucket_versioning", "no aws_s3_bucket_versioning enables versioning")],
};

export const backups: PolicyRule = {
  id: "RES002",
  severity: "high",
  title: "Data in prod is backed up",
  description:
    `In prod: databases keep automated backups for at least ${MIN_PROD_BACKUP_RETENTION_DAYS} days and take a final ` +
    "snapshot, caches keep snapshots as long and take a final one, DynamoDB tables have point-in-time recovery, " +
    "S3 buckets are versioned. (OpenSearch takes automated snapshots by itself.)",
  fix: "turn on the resource's backups for prod (from config) with the retention above",
  resourceTypes: Object.keys(BACKUPS),
  stages: ["prod"],
  check: (element, context) => BACKUPS[element.type](element.config, element, context.model),
};
