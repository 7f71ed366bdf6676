import { z } from "zod";
import { reportDuplicates } from "../primitives";
import { alarmsSchema } from "./alarms";
import { bucketSchema } from "./bucket";
import { cacheSchema } from "./cache";
import { PROD_MIN_BACKUP_RETENTION_DAYS } from "./common";
import { databaseSchema } from "./database";
import { backupSchema, disasterRecoverySchema, GLOBAL_DATABASE_VERSIONS, globalDatabaseSchema } from "./recovery";
import { searchSchema } from "./search";
import { tableSchema } from "./table";

export * from "./alarms";
export * from "./bucket";
export * from "./cache";
export { PROD_MIN_BACKUP_RETENTION_DAYS } from "./common";
export * from "./database";
export * from "./recovery";
export * from "./search";
export * from "./table";

/**
 * The data layer's settings: PostgreSQL, the cache, the search domain, DynamoDB
 * tables, S3 buckets and alarms. Invariants that only concern one section live
 * here; those that depend on the stage or the network are in
 * {@link checkDataInvariants}, called from the environment schema.
 */
export const dataSchema = z
  .strictObject({
    /** Deletion protection and final snapshots. Default: on in prod, off elsewhere; prod may not turn it off. */
    deletionProtection: z.boolean().optional(),
    /** S3 server access logs to a log bucket. Default: on in prod, off elsewhere; prod may not turn it off. */
    s3AccessLogging: z.boolean().optional(),
    database: databaseSchema,
    cache: cacheSchema,
    search: searchSchema,
    /** DynamoDB tables. Default: none. */
    tables: z.array(tableSchema).default([]),
    /** S3 buckets. Default: none. */
    buckets: z.array(bucketSchema).default([]),
    alarms: alarmsSchema.prefault({}),
    /** AWS Backup vault and plan for the database, tables and buckets. Default: daily, 35 days, no vault lock (prod requires one). */
    backup: backupSchema.prefault({}),
    /** A second region for backup copies and replicas. Default: none; prod requires it. */
    disasterRecovery: disasterRecoverySchema.optional(),
    /**
     * Application secrets (external credentials such as LLM provider keys) by
     * name: Secrets Manager secrets `<project>-<env>/app/<name>`, encrypted with
     * the data layer's `secrets` key and created empty: their values are set out
     * of band (docs/howto.md) and never appear in config or state. Default: none.
     */
    secrets: z
      .record(
        z.string(),
        z.strictObject({
          /** What the secret holds and who issues it. */
          description: z.string().min(10, { message: "say what the secret holds (at least 10 characters)" }),
        }),
      )
      .default({}),
    /**
     * Application settings in SSM Parameter Store by name, `/<project>-<env>/app/<name>`.
     * A `String` takes its value from config; a `SecureString` (encrypted with
     * the `secrets` key) is created out of band with its value, like a secret
     * (docs/howto.md). Default: none.
     */
    parameters: z
      .record(
        z.string(),
        z.discriminatedUnion("type", [
          z.strictObject({
            type: z.literal("String"),
            /** The setting's value (not secret: it is in config and in state). */
            value: z.string().min(1).max(4096),
            description: z.string().min(1).optional(),
          }),
          z.strictObject({
            type: z.literal("SecureString"),
            description: z.string().min(1).optional(),
          }),
        ]),
      )
      .default({}),
  })
  .superRefine((data, ctx) => {
    for (const field of ["secrets", "parameters"] as const) {
      for (const name of Object.keys(data[field]).filter((key) => !APP_SETTING_NAME.test(key))) {
        ctx.addIssue({
          code: "custom",
          path: [field, name],
          input: name,
          message: "must be lower-case letters, digits and '-', starting with a letter (at most 64)",
        });
      }
    }
    reportDuplicates(
      ctx,
      data.tables.map((table) => table.name),
      ["tables"],
      "table name",
    );
    reportDuplicates(
      ctx,
      data.buckets.map((bucket) => bucket.name),
      ["buckets"],
      "bucket name",
    );
  });

/** Names of application secrets and parameters: they end Secrets Manager and SSM names. */
const APP_SETTING_NAME = /^[a-z][a-z0-9-]{0,63}$/;

export type DataConfig = z.output<typeof dataSchema>;
export type DatabaseConfig = z.output<typeof databaseSchema>;
export type CacheConfig = z.output<typeof cacheSchema>;
export type SearchConfig = z.output<typeof searchSchema>;
export type TableConfig = z.output<typeof tableSchema>;
export type BucketConfig = z.output<typeof bucketSchema>;
export type AlarmsConfig = z.output<typeof alarmsSchema>;
export type BackupConfig = z.output<typeof backupSchema>;
export type DisasterRecoveryConfig = z.output<typeof disasterRecoverySchema>;
export type GlobalDatabaseConfig = z.output<typeof globalDatabaseSchema>;

/** What the data invariants need from the rest of the environment. */
interface DataContext {
  readonly stage: "dev" | "staging" | "prod";
  readonly project: string;
  readonly name: string;
  readonly aws: { readonly region: string };
  readonly availabilityZones: readonly string[];
  readonly data: DataConfig;
  /** `network.disasterRecovery`: the VPC a global database's secondary cluster lives in. */
  readonly secondaryNetwork?: { readonly availabilityZones: readonly string[] };
}

/** Rules that depend on the stage (prod must be highly available and protected) or on the network. */
export function checkDataInvariants(env: DataContext, ctx: z.RefinementCtx): void {
  const { data } = env;
  const issue = (path: (string | number)[], input: unknown, message: string) => ctx.addIssue({ code: "custom", path: ["data", ...path], input, message });

  if (data.search.availabilityZoneCount > env.availabilityZones.length) {
    issue(
      ["search", "availabilityZoneCount"],
      data.search.availabilityZoneCount,
      `must not exceed the ${env.availabilityZones.length} availability zones of network.availabilityZones`,
    );
  }
  checkRecovery(env, issue);
  const domainName = `${env.project}-${env.name}-search`;
  if (domainName.length > 28) {
    issue(
      ["search"],
      undefined,
      `the domain name ${domainName} would be ${domainName.length} characters; OpenSearch allows 28: shorten the project or environment name`,
    );
  }
  if (env.stage !== "prod") return;

  const ha = "stage prod must be highly available";
  const { database, cache, search } = data;
  if (data.deletionProtection === false) {
    issue(["deletionProtection"], false, "stage prod must keep deletion protection and final snapshots on");
  }
  if (data.s3AccessLogging === false) {
    issue(["s3AccessLogging"], false, "stage prod must keep S3 server access logging on");
  }
  if (database.engine !== "rds" && database.readers < 1) {
    issue(["database", "readers"], database.readers, `${ha}: give at least 1 Aurora reader in another zone to fail over to`);
  }
  if (database.serverlessCapacity && database.serverlessCapacity.minAcu < 0.5) {
    issue(["database", "serverlessCapacity", "minAcu"], database.serverlessCapacity.minAcu, `${ha}: the database may not pause; use at least 0.5 ACU`);
  }
  if (database.backupRetentionDays < PROD_MIN_BACKUP_RETENTION_DAYS) {
    issue(["database", "backupRetentionDays"], database.backupRetentionDays, `stage prod must keep at least ${PROD_MIN_BACKUP_RETENTION_DAYS} days of backups`);
  }
  if (cache.replicas < 1) {
    issue(["cache", "replicas"], cache.replicas, `${ha}: give at least 1 replica so the cache fails over automatically across zones`);
  }
  if (cache.snapshotRetentionDays < 1) {
    issue(["cache", "snapshotRetentionDays"], cache.snapshotRetentionDays, "stage prod must keep at least 1 daily cache snapshot");
  }
  if (search.availabilityZoneCount !== 3) {
    issue(["search", "availabilityZoneCount"], search.availabilityZoneCount, `${ha}: spread the search domain over 3 zones`);
  }
  if (!search.dedicatedMasters) {
    issue(["search", "dedicatedMasters"], undefined, `${ha}: give the search domain dedicated master nodes (count 3 or 5)`);
  }
}

type IssueReporter = (path: (string | number)[], input: unknown, message: string) => void;

/** Backup and disaster recovery: the second region, engine-specific modes, and what prod must have. */
function checkRecovery(env: DataContext, issue: IssueReporter): void {
  const { backup, disasterRecovery: dr, database } = env.data;
  if (dr && dr.region === env.aws.region) {
    issue(["disasterRecovery", "region"], dr.region, `must differ from aws.region (${env.aws.region}): a copy in the same region does not survive its loss`);
  }
  if (dr?.database === "automated-backup-replication" && database.engine !== "rds") {
    issue(
      ["disasterRecovery", "database"],
      dr.database,
      `needs database.engine rds (Aurora has no cross-region automated backups; ${database.engine} is protected by "backup-copy")`,
    );
  }
  checkGlobalDatabase(env, issue);
  const lock = backup.vaultLock;
  if (dr?.copyRetentionDays !== undefined && lock && (dr.copyRetentionDays < lock.minRetentionDays || dr.copyRetentionDays > lock.maxRetentionDays)) {
    issue(
      ["disasterRecovery", "copyRetentionDays"],
      dr.copyRetentionDays,
      `must lie within the vault lock's ${lock.minRetentionDays}-${lock.maxRetentionDays} days (the copy vault has the same lock)`,
    );
  }
  if (!dr) {
    const needsRegion = "needs data.disasterRecovery.region, the region to replicate to";
    env.data.tables.forEach((table, index) => table.global && issue(["tables", index, "global"], true, needsRegion));
    env.data.buckets.forEach((bucket, index) => bucket.replicate && issue(["buckets", index, "replicate"], true, needsRegion));
  }
  if (env.stage !== "prod") return;
  if (!backup.vaultLock) {
    issue(
      ["backup", "vaultLock"],
      undefined,
      "stage prod must lock its backup vault so recovery points cannot be deleted early: give minRetentionDays and maxRetentionDays",
    );
  }
  if (!dr) {
    issue(["disasterRecovery"], undefined, "stage prod must copy its backups to a second region: give disasterRecovery.region");
  } else if (!dr.copyBackups) {
    issue(["disasterRecovery", "copyBackups"], false, "stage prod must copy its backups to the second region");
  }
}

/** An Aurora global database: an aurora engine, a version that supports it, a VPC in the second region. */
function checkGlobalDatabase(env: DataContext, issue: IssueReporter): void {
  const { disasterRecovery: dr, database } = env.data;
  if (dr?.globalDatabase && dr.database !== "global-database") {
    issue(["disasterRecovery", "globalDatabase"], undefined, `is only used with disasterRecovery.database "global-database", not "${dr.database}": remove it`);
  }
  if (dr?.database !== "global-database") {
    if (dr && env.secondaryNetwork) {
      issue(
        ["disasterRecovery", "database"],
        dr.database,
        'network.disasterRecovery builds a VPC for a global database\'s secondary cluster: set "global-database" here or remove it',
      );
    }
    return;
  }
  if (database.engine === "rds") {
    issue(["disasterRecovery", "database"], dr.database, 'needs an aurora engine (database.engine is rds); for rds use "automated-backup-replication"');
  } else if (!GLOBAL_DATABASE_VERSIONS.includes(database.engineVersion)) {
    issue(
      ["database", "engineVersion"],
      database.engineVersion,
      `does not support an Aurora global database (disasterRecovery.database "global-database"); allowed: ${GLOBAL_DATABASE_VERSIONS.join(", ")}`,
    );
  }
  if (!env.secondaryNetwork) {
    issue(
      ["disasterRecovery", "database"],
      dr.database,
      `needs network.disasterRecovery (vpcCidr, availabilityZones of ${dr.region}): the secondary cluster's VPC in the second region`,
    );
  }
}
