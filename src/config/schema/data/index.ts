import { z } from "zod";
import { reportDuplicates } from "../primitives";
import { alarmsSchema } from "./alarms";
import { bucketSchema } from "./bucket";
import { cacheSchema } from "./cache";
import { PROD_MIN_BACKUP_RETENTION_DAYS } from "./common";
import { databaseSchema } from "./database";
import { searchSchema } from "./search";
import { tableSchema } from "./table";

export * from "./alarms";
export * from "./bucket";
export * from "./cache";
export { PROD_MIN_BACKUP_RETENTION_DAYS } from "./common";
export * from "./database";
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
  })
  .superRefine((data, ctx) => {
    reportDuplicates(ctx, data.tables.map((table) => table.name), ["tables"], "table name");
    reportDuplicates(ctx, data.buckets.map((bucket) => bucket.name), ["buckets"], "bucket name");
  });

export type DataConfig = z.output<typeof dataSchema>;
export type DatabaseConfig = z.output<typeof databaseSchema>;
export type CacheConfig = z.output<typeof cacheSchema>;
export type SearchConfig = z.output<typeof searchSchema>;
export type TableConfig = z.output<typeof tableSchema>;
export type BucketConfig = z.output<typeof bucketSchema>;
export type AlarmsConfig = z.output<typeof alarmsSchema>;

/** What the data invariants need from the rest of the environment. */
interface DataContext {
  readonly stage: "dev" | "staging" | "prod";
  readonly project: string;
  readonly name: string;
  readonly availabilityZones: readonly string[];
  readonly data: DataConfig;
}


/** Rules that depend on the stage (prod must be highly available and protected) or on the network. */
export function checkDataInvariants(env: DataContext, ctx: z.RefinementCtx): void {
  const { data } = env;
  const issue = (path: (string | number)[], input: unknown, message: string) =>
    ctx.addIssue({ code: "custom", path: ["data", ...path], input, message });

  if (data.search.availabilityZoneCount > env.availabilityZones.length) {
    issue(
      ["search", "availabilityZoneCount"],
      data.search.availabilityZoneCount,
      `must not exceed the ${env.availabilityZones.length} availability zones of network.availabilityZones`,
    );
  }
  const domainName = `${env.project}-${env.name}-search`;
  if (domainName.length > 28) {
    issue(["search"], undefined, `the domain name ${domainName} would be ${domainName.length} characters; OpenSearch allows 28: shorten the project or environment name`);
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
    issue(
      ["database", "backupRetentionDays"],
      database.backupRetentionDays,
      `stage prod must keep at least ${PROD_MIN_BACKUP_RETENTION_DAYS} days of backups`,
    );
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
