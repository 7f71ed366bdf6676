import { z } from "zod";
import { logRetentionDays } from "../primitives";
import { acuCapacity, dailyWindow, identifier, instanceType, weeklyWindow } from "./common";

/** How PostgreSQL runs: Aurora Serverless v2 (default), Aurora on fixed instances, or one RDS Multi-AZ instance. */
export const DATABASE_ENGINES = ["aurora-serverless-v2", "aurora-provisioned", "rds"] as const;
export type DatabaseEngine = (typeof DATABASE_ENGINES)[number];

/** PostgreSQL versions we have tested, per flavour. Pinned: minor upgrades are a config change. */
export const POSTGRES_VERSIONS: Record<"aurora" | "rds", readonly string[]> = {
  aurora: ["15.10", "15.12", "16.6", "16.8", "17.4", "17.5"],
  rds: ["15.12", "15.13", "16.8", "16.9", "17.4", "17.5"],
};

/** Instance families for provisioned Aurora and RDS: current Graviton and Intel generations only. */
export const DATABASE_INSTANCE_FAMILIES = ["t4g", "m6g", "m7g", "m6i", "m7i", "r6g", "r7g", "r8g", "r6i", "r7i"] as const;

export const databaseSchema = z
  .strictObject({
    /** Default: `aurora-serverless-v2`. */
    engine: z.enum(DATABASE_ENGINES).default("aurora-serverless-v2"),
    /** Pinned PostgreSQL version, e.g. `16.6`; see {@link POSTGRES_VERSIONS}. */
    engineVersion: z.string(),
    /** The database created at launch. Default: `app`. */
    databaseName: identifier("database name", 63).default("app"),
    /** Master user; its password is generated and kept by RDS in Secrets Manager. Default: `platform_admin`. */
    masterUsername: identifier("master user name", 16).default("platform_admin"),
    /** Default: 5432. */
    port: z.number().int().min(1150).max(65535).default(5432),
    /** Aurora Serverless v2 only (and required there): capacity range in ACUs. */
    serverlessCapacity: z
      .strictObject({
        /** 0 lets an idle cluster pause (not allowed in prod). */
        minAcu: acuCapacity,
        maxAcu: acuCapacity.refine((acu) => acu >= 1, { message: "must be at least 1 ACU" }),
      })
      .optional(),
    /** aurora-provisioned and rds only (and required there), e.g. `db.r7g.large`. */
    instanceClass: instanceType("database instance class", "db.", DATABASE_INSTANCE_FAMILIES).optional(),
    /** Aurora readers next to the writer, spread over the zones. Default: 0. Must be 0 for rds (its standby is not readable). */
    readers: z.number().int().min(0).max(15).default(0),
    /**
     * rds only: read replicas of the instance (`replica-1`..), each in another zone
     * than the one before, encrypted, monitored and backed up like the primary.
     * Default: 0.
     */
    readReplicas: z.number().int().min(0).max(5).default(0),
    /** rds only: storage in GiB, grown automatically up to `maxAllocatedGb`. Default: 100 up to 500. */
    storage: z
      .strictObject({ allocatedGb: z.number().int().min(20).max(65536), maxAllocatedGb: z.number().int().min(20).max(65536) })
      .default({ allocatedGb: 100, maxAllocatedGb: 500 }),
    /** Days of automated backups (point-in-time restore). Default: 7; prod needs 14 or more. */
    backupRetentionDays: z.number().int().min(1).max(35).default(7),
    /** Default: 03:00-04:00 UTC. */
    backupWindow: dailyWindow.default("03:00-04:00"),
    /** Default: sun:04:30-sun:05:30 UTC. */
    maintenanceWindow: weeklyWindow.default("sun:04:30-sun:05:30"),
    /** Performance Insights retention: 7 (free) or a multiple of 31 up to 731. Default: 7. */
    performanceInsightsRetentionDays: z
      .number()
      .int()
      .refine((days) => days === 7 || (days % 31 === 0 && days >= 31 && days <= 731), {
        message: "must be 7 or a multiple of 31 from 31 to 731",
      })
      .default(7),
    /** Enhanced monitoring granularity in seconds. Default: 60. */
    monitoringIntervalSeconds: z.union([1, 5, 10, 15, 30, 60].map((n) => z.literal(n))).default(60),
    /** Statements slower than this are logged. Default: 1000 ms. */
    slowQueryLogMs: z.number().int().min(-1).default(1000),
    /** PostgreSQL log retention in CloudWatch. Default: 365 days. */
    logRetentionDays: logRetentionDays.default(365),
  })
  .superRefine((db, ctx) => {
    const flavour = db.engine === "rds" ? "rds" : "aurora";
    if (!POSTGRES_VERSIONS[flavour].includes(db.engineVersion)) {
      ctx.addIssue({
        code: "custom",
        path: ["engineVersion"],
        input: db.engineVersion,
        message: `is not a supported PostgreSQL version for engine ${db.engine}; allowed: ${POSTGRES_VERSIONS[flavour].join(", ")}`,
      });
    }
    if (db.engine === "aurora-serverless-v2") {
      if (!db.serverlessCapacity) {
        ctx.addIssue({ code: "custom", path: ["serverlessCapacity"], message: "is required for engine aurora-serverless-v2: give minAcu and maxAcu" });
      } else if (db.serverlessCapacity.minAcu > db.serverlessCapacity.maxAcu) {
        ctx.addIssue({
          code: "custom",
          path: ["serverlessCapacity", "minAcu"],
          input: db.serverlessCapacity.minAcu,
          message: `must not exceed maxAcu (${db.serverlessCapacity.maxAcu})`,
        });
      }
      if (db.instanceClass) {
        ctx.addIssue({
          code: "custom",
          path: ["instanceClass"],
          input: db.instanceClass,
          message: "is not used by aurora-serverless-v2 (its instances are db.serverless); remove it or pick another engine",
        });
      }
    } else {
      if (!db.instanceClass) {
        ctx.addIssue({ code: "custom", path: ["instanceClass"], message: `is required for engine ${db.engine}, e.g. db.r7g.large` });
      }
      if (db.serverlessCapacity) {
        ctx.addIssue({ code: "custom", path: ["serverlessCapacity"], message: `is only used by aurora-serverless-v2, not ${db.engine}` });
      }
    }
    if (db.engine === "rds" && db.readers > 0) {
      ctx.addIssue({
        code: "custom",
        path: ["readers"],
        input: db.readers,
        message: "must be 0 for engine rds: its Multi-AZ standby takes over on failure; use an aurora engine for readers",
      });
    }
    if (db.engine !== "rds" && db.readReplicas > 0) {
      ctx.addIssue({
        code: "custom",
        path: ["readReplicas"],
        input: db.readReplicas,
        message: `is for engine rds only; ${db.engine} scales reads with readers`,
      });
    }
    if (db.storage.allocatedGb > db.storage.maxAllocatedGb) {
      ctx.addIssue({
        code: "custom",
        path: ["storage", "allocatedGb"],
        input: db.storage.allocatedGb,
        message: `must not exceed maxAllocatedGb (${db.storage.maxAllocatedGb})`,
      });
    }
  });
