import { z } from "zod";
import { AWS_REGIONS } from "../../regions";

/** AWS Backup schedule expression: `cron(...)` in UTC. */
const backupSchedule = z.string().regex(/^cron\(\S+( \S+){5}\)$/, {
  message: "must be an AWS Backup cron expression with six fields, e.g. cron(0 5 ? * * *) (daily at 05:00 UTC)",
});

/**
 * AWS Backup for the data layer: one vault (encrypted with its own CMK) and one
 * plan that selects the database, every DynamoDB table and every S3 bucket.
 */
export const backupSchema = z
  .strictObject({
    /** When the plan runs. Default: `cron(0 5 ? * * *)`, daily at 05:00 UTC. */
    schedule: backupSchedule.default("cron(0 5 ? * * *)"),
    /** Days each recovery point is kept. Default: 35. */
    retentionDays: z.number().int().min(1).max(36500).default(35),
    /** Minutes a job may wait to start. Default: 60. */
    startWindowMinutes: z.number().int().min(60).max(720).default(60),
    /** Minutes a job may run. Default: 480. */
    completionWindowMinutes: z.number().int().min(120).max(10080).default(480),
    /**
     * Vault lock: recovery points can be neither deleted early nor kept past the
     * maximum. After `changeableForDays` the lock is in compliance mode and
     * nobody, the root user included, can lift it. Default: none; prod requires it.
     */
    vaultLock: z
      .strictObject({
        minRetentionDays: z.number().int().min(1).max(36500),
        maxRetentionDays: z.number().int().min(1).max(36500),
        /** Grace period (3 days at least) before the lock becomes immutable. Default: 3. */
        changeableForDays: z.number().int().min(3).max(36500).default(3),
      })
      .optional(),
  })
  .superRefine((backup, ctx) => {
    const lock = backup.vaultLock;
    if (!lock) return;
    if (lock.minRetentionDays > lock.maxRetentionDays) {
      ctx.addIssue({
        code: "custom",
        path: ["vaultLock", "minRetentionDays"],
        input: lock.minRetentionDays,
        message: `must not exceed vaultLock.maxRetentionDays (${lock.maxRetentionDays})`,
      });
    }
    if (backup.retentionDays < lock.minRetentionDays || backup.retentionDays > lock.maxRetentionDays) {
      ctx.addIssue({
        code: "custom",
        path: ["retentionDays"],
        input: backup.retentionDays,
        message: `must lie within the vault lock's ${lock.minRetentionDays}-${lock.maxRetentionDays} days, or AWS Backup refuses the recovery points`,
      });
    }
  });

/** How the Aurora/RDS database is protected against the loss of its region. */
export const DATABASE_CROSS_REGION_MODES = ["backup-copy", "automated-backup-replication", "global-database"] as const;

/**
 * Aurora PostgreSQL versions that can be part of an Aurora global database.
 * Source: Amazon Aurora User Guide, "Supported Regions and DB engines for Aurora
 * global databases" (Aurora PostgreSQL 11.7 and later 11, 12.4 and later, 13.3
 * and later, every 14, 15, 16 and 17 release; Serverless v2 included). Every
 * version of `POSTGRES_VERSIONS.aurora` qualifies today; a version added there
 * must be checked against that page before it is added here.
 */
export const GLOBAL_DATABASE_VERSIONS: readonly string[] = ["15.10", "15.12", "16.6", "16.8", "17.4", "17.5"];

/** The secondary cluster of an Aurora global database, in `disasterRecovery.region`. */
export const globalDatabaseSchema = z.strictObject({
  /**
   * Instances of the secondary cluster (read-only until a failover promotes it),
   * the same class as the primary's (or Serverless v2 with the same capacity). Default: 1.
   */
  instances: z.number().int().min(1).max(16).default(1),
  /**
   * A global database cannot keep its master password in an RDS-managed secret
   * (AWS does not support it for global database members), so the password comes
   * from the data workspace's sensitive variable `database_master_password`, is
   * sent as a write-only argument and kept in a Secrets Manager secret written the
   * same way: it is never in config or state. Raise this number to send a changed
   * password. Default: 1.
   */
  masterPasswordVersion: z.number().int().min(1).default(1),
});

/**
 * A second region for disaster recovery. Resources there use an AWS provider
 * aliased by the region's name, with the same account lock and tags.
 */
export const disasterRecoverySchema = z.strictObject({
  /** The second region; must differ from `aws.region`. */
  region: z.enum(AWS_REGIONS),
  /** Copy every recovery point of the backup plan to a vault in `region`. Default: true. */
  copyBackups: z.boolean().default(true),
  /** Days the copies are kept. Default: the plan's `retentionDays`. */
  copyRetentionDays: z.number().int().min(1).max(36500).optional(),
  /**
   * Database protection beyond the backup copies: `backup-copy` (AWS Backup
   * copies only, any engine) or `automated-backup-replication` (engine `rds`
   * only: RDS replicates its automated backups and transaction logs to `region`,
   * so point-in-time restore works there) or `global-database` (aurora engines
   * only: an Aurora global database whose secondary cluster runs in `region`, in
   * the VPC `network.disasterRecovery` describes). Default: `backup-copy`.
   */
  database: z.enum(DATABASE_CROSS_REGION_MODES).default("backup-copy"),
  /** `global-database` only: the secondary cluster and the master password. Default: 1 instance, password version 1. */
  globalDatabase: globalDatabaseSchema.optional(),
});
