import { z } from "zod";
import { logRetentionDays, reportDuplicates } from "./primitives";

/**
 * The data layer's settings: PostgreSQL, the cache, the search domain, DynamoDB
 * tables, S3 buckets and alarms. Invariants that only concern one section live
 * here; those that depend on the stage or the network are in
 * {@link checkDataInvariants}, called from the environment schema.
 */

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

/**
 * Cache engines and versions. Only engines that support IAM authentication
 * through ElastiCache users (Valkey 7.2+, Redis OSS 7+) are allowed: that is how
 * the cache authenticates clients without a password in Terraform state.
 */
export const CACHE_ENGINE_VERSIONS = { valkey: ["7.2", "8.0", "8.1"], redis: ["7.0", "7.1"] } as const;
export type CacheEngine = keyof typeof CACHE_ENGINE_VERSIONS;
export const CACHE_NODE_FAMILIES = ["t4g", "m6g", "m7g", "r6g", "r7g"] as const;
export const CACHE_EVICTION_POLICIES = [
  "allkeys-lru",
  "allkeys-lfu",
  "allkeys-random",
  "volatile-lru",
  "volatile-lfu",
  "volatile-random",
  "volatile-ttl",
  "noeviction",
] as const;

export const SEARCH_ENGINE_VERSIONS = ["OpenSearch_2.15", "OpenSearch_2.17", "OpenSearch_2.19"] as const;
export const SEARCH_INSTANCE_FAMILIES = ["t3", "m6g", "m7g", "r6g", "r7g", "c6g", "c7g", "or1"] as const;
/** TLS policies of OpenSearch domain endpoints; both require TLS 1.2 or newer. */
export const SEARCH_TLS_POLICIES = ["Policy-Min-TLS-1-2-PFS-2023-10", "Policy-Min-TLS-1-2-2019-07"] as const;

export const ATTRIBUTE_TYPES = ["S", "N", "B"] as const;
export const PROJECTION_TYPES = ["ALL", "KEYS_ONLY", "INCLUDE"] as const;
export const STREAM_VIEW_TYPES = ["NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY"] as const;
export const BILLING_MODES = ["PAY_PER_REQUEST", "PROVISIONED"] as const;

/** Backup retention prod needs at least, in days. */
export const PROD_MIN_BACKUP_RETENTION_DAYS = 14;

/** `cache.t4g.micro` style: prefix, an allowed family, a size. */
const instanceType = (what: string, prefix: string, families: readonly string[], suffix = "") =>
  z.string().refine(
    (value) => {
      const match = new RegExp(`^${prefix.replace(".", "\\.")}([a-z0-9]+)\\.([a-z0-9]+)${suffix.replace(".", "\\.")}$`).exec(value);
      return match !== null && families.includes(match[1]);
    },
    { message: `must be a ${what} like ${prefix}${families[0]}.large${suffix}; allowed families: ${families.join(", ")}` },
  );

/** `hh:mm-hh:mm` (UTC). */
const dailyWindow = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, {
  message: "must be a daily UTC window hh:mm-hh:mm, e.g. 03:00-04:00",
});
/** `ddd:hh:mm-ddd:hh:mm` (UTC). */
const weeklyWindow = z
  .string()
  .regex(/^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$/, {
    message: "must be a weekly UTC window ddd:hh:mm-ddd:hh:mm, e.g. sun:04:30-sun:05:30",
  });

const identifier = (what: string, maxLength: number) =>
  z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, { message: `${what} must be lower-case letters, digits and '_', starting with a letter` })
    .max(maxLength, { message: `${what} must be at most ${maxLength} characters` });

/** A short resource name appended to `<project>-<env>-`. */
const componentName = (what: string) =>
  z
    .string()
    .regex(/^[a-z][a-z0-9-]*[a-z0-9]$/, { message: `${what} must be lower-case letters, digits and hyphens, starting with a letter` })
    .max(24, { message: `${what} must be at most 24 characters` });

const acuCapacity = z
  .number()
  .min(0, { message: "must be from 0 to 256 ACUs" })
  .max(256, { message: "must be from 0 to 256 ACUs" })
  .refine((acu) => Number.isInteger(acu * 2), { message: "must be a multiple of 0.5 ACU" });

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
    if (db.storage.allocatedGb > db.storage.maxAllocatedGb) {
      ctx.addIssue({
        code: "custom",
        path: ["storage", "allocatedGb"],
        input: db.storage.allocatedGb,
        message: `must not exceed maxAllocatedGb (${db.storage.maxAllocatedGb})`,
      });
    }
  });

export const cacheSchema = z
  .strictObject({
    /** Default: valkey. */
    engine: z.enum(["valkey", "redis"]).default("valkey"),
    /** Pinned engine version; see {@link CACHE_ENGINE_VERSIONS}. */
    engineVersion: z.string(),
    /** e.g. `cache.t4g.micro`. */
    nodeType: instanceType("cache node type", "cache.", CACHE_NODE_FAMILIES),
    /** Replicas of the primary. 1 or more turns on automatic failover and Multi-AZ. Default: 0. */
    replicas: z.number().int().min(0).max(5).default(0),
    /** Default: 6379. */
    port: z.number().int().min(1024).max(65535).default(6379),
    /** Default: allkeys-lru (the cache holds only derived data). */
    maxmemoryPolicy: z.enum(CACHE_EVICTION_POLICIES).default("allkeys-lru"),
    /** ElastiCache user (IAM-authenticated) the application connects as. Default: `app`. */
    applicationUserName: componentName("cache user name").default("app"),
    /** Daily snapshots kept; 0 disables them. Default: 1. */
    snapshotRetentionDays: z.number().int().min(0).max(35).default(1),
    /** Default: 05:00-06:00 UTC. */
    snapshotWindow: dailyWindow.default("05:00-06:00"),
    /** Default: sun:06:30-sun:07:30 UTC. */
    maintenanceWindow: weeklyWindow.default("sun:06:30-sun:07:30"),
    /** Slow and engine log retention. Default: 365 days. */
    logRetentionDays: logRetentionDays.default(365),
  })
  .superRefine((cache, ctx) => {
    const versions: readonly string[] = CACHE_ENGINE_VERSIONS[cache.engine];
    if (!versions.includes(cache.engineVersion)) {
      ctx.addIssue({
        code: "custom",
        path: ["engineVersion"],
        input: cache.engineVersion,
        message: `is not a supported ${cache.engine} version (IAM authentication needs Valkey 7.2+ or Redis OSS 7+); allowed: ${versions.join(", ")}`,
      });
    }
  });

export const searchSchema = z
  .strictObject({
    /** Pinned engine version; see {@link SEARCH_ENGINE_VERSIONS}. */
    engineVersion: z.enum(SEARCH_ENGINE_VERSIONS),
    /** Data node type, e.g. `t3.small.search`. */
    instanceType: instanceType("search instance type", "", SEARCH_INSTANCE_FAMILIES, ".search"),
    /** Data nodes; a multiple of `availabilityZoneCount`. */
    instanceCount: z.number().int().min(1).max(80),
    /** Zones the data nodes spread over: 1 (no zone awareness), 2 or 3. Default: 1. */
    availabilityZoneCount: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(1),
    /** Dedicated master nodes. Default: none (the data nodes elect a master). Required in prod. */
    dedicatedMasters: z
      .strictObject({
        instanceType: instanceType("search instance type", "", SEARCH_INSTANCE_FAMILIES, ".search"),
        /** Default: 3. */
        count: z.union([z.literal(3), z.literal(5)]).default(3),
      })
      .optional(),
    /** gp3 volume per data node, GiB. Default: 20. */
    volumeSizeGb: z.number().int().min(10).max(24576).default(20),
    /** Default: Policy-Min-TLS-1-2-PFS-2023-10. */
    tlsSecurityPolicy: z.enum(SEARCH_TLS_POLICIES).default("Policy-Min-TLS-1-2-PFS-2023-10"),
    /**
     * IAM role names (in this account) that may call the domain, besides its
     * admin role; fine-grained access control maps them to OpenSearch roles. Default: none.
     */
    clientRoleNames: z.array(z.string().regex(/^[\w+=,.@-]{1,64}$/, { message: "must be an IAM role name" })).default([]),
    /** Slow, error and audit log retention. Default: 365 days. */
    logRetentionDays: logRetentionDays.default(365),
  })
  .superRefine((search, ctx) => {
    if (search.instanceCount % search.availabilityZoneCount !== 0) {
      ctx.addIssue({
        code: "custom",
        path: ["instanceCount"],
        input: search.instanceCount,
        message: `must be a multiple of availabilityZoneCount (${search.availabilityZoneCount}) so every zone holds the same number of nodes`,
      });
    }
    reportDuplicates(ctx, search.clientRoleNames, ["clientRoleNames"], "client role");
  });

const capacityRange = z.strictObject({ min: z.number().int().min(1), max: z.number().int().min(1) });

const secondaryIndexSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, { message: "must be 3-255 letters, digits, '_', '-' or '.'" }),
  /** Partition key attribute (GSI) ; for an LSI it must be the table's own partition key. */
  partitionKey: z.string().min(1),
  sortKey: z.string().min(1).optional(),
  /** Default: ALL. */
  projection: z.enum(PROJECTION_TYPES).default("ALL"),
  /** With projection INCLUDE only. */
  nonKeyAttributes: z.array(z.string().min(1)).optional(),
});
type SecondaryIndex = z.output<typeof secondaryIndexSchema>;

export const tableSchema = z
  .strictObject({
    /** Config name: keys the construct id and outputs; the table is named `<project>-<env>-<name>`. */
    name: componentName("table name"),
    partitionKey: z.string().min(1),
    sortKey: z.string().min(1).optional(),
    /** Type of every key attribute (table and indexes): S, N or B. Only key attributes may be declared. */
    attributes: z.record(z.string(), z.enum(ATTRIBUTE_TYPES)),
    /** Default: none. */
    globalSecondaryIndexes: z.array(secondaryIndexSchema).max(20).default([]),
    /** Default: none. */
    localSecondaryIndexes: z.array(secondaryIndexSchema).max(5).default([]),
    /** Attribute holding the expiry epoch second. Default: no TTL. */
    ttlAttribute: z.string().min(1).optional(),
    /** Stream view type. Default: no stream. */
    stream: z.enum(STREAM_VIEW_TYPES).optional(),
    /** Default: PAY_PER_REQUEST. */
    billingMode: z.enum(BILLING_MODES).default("PAY_PER_REQUEST"),
    /** PROVISIONED only (and required there): starting capacity of the table and each GSI. */
    capacity: z.strictObject({ read: z.number().int().min(1), write: z.number().int().min(1) }).optional(),
    /** PROVISIONED only: target tracking for the table and each GSI. Default: no autoscaling. */
    autoscaling: z
      .strictObject({
        read: capacityRange,
        write: capacityRange,
        /** Default: 70. */
        targetUtilizationPercent: z.number().int().min(20).max(90).default(70),
      })
      .optional(),
    /** Default: STANDARD. */
    tableClass: z.enum(["STANDARD", "STANDARD_INFREQUENT_ACCESS"]).default("STANDARD"),
  })
  .superRefine((table, ctx) => checkTable(table, ctx));

type TableOutput = z.output<typeof tableSchema>;

function checkTable(table: TableOutput, ctx: z.RefinementCtx): void {
  const declared = new Set(Object.keys(table.attributes));
  const used = new Set<string>();
  const requireKey = (attribute: string | undefined, path: (string | number)[]) => {
    if (attribute === undefined) return;
    used.add(attribute);
    if (!declared.has(attribute)) {
      ctx.addIssue({
        code: "custom",
        path,
        input: attribute,
        message: `key attribute is not declared in attributes; declared: ${[...declared].join(", ") || "none"}`,
      });
    }
  };
  requireKey(table.partitionKey, ["partitionKey"]);
  requireKey(table.sortKey, ["sortKey"]);
  const checkIndex = (index: SecondaryIndex, path: (string | number)[]) => {
    requireKey(index.partitionKey, [...path, "partitionKey"]);
    requireKey(index.sortKey, [...path, "sortKey"]);
    if ((index.projection === "INCLUDE") !== (index.nonKeyAttributes !== undefined)) {
      ctx.addIssue({
        code: "custom",
        path: [...path, "nonKeyAttributes"],
        input: index.nonKeyAttributes,
        message: "must be given with projection INCLUDE, and only then",
      });
    }
  };
  table.globalSecondaryIndexes.forEach((index, i) => checkIndex(index, ["globalSecondaryIndexes", i]));
  table.localSecondaryIndexes.forEach((index, i) => {
    checkIndex(index, ["localSecondaryIndexes", i]);
    if (index.partitionKey !== table.partitionKey || !index.sortKey || !table.sortKey) {
      ctx.addIssue({
        code: "custom",
        path: ["localSecondaryIndexes", i],
        input: index.name,
        message: `a local index needs a table with a sort key, the table's partition key (${table.partitionKey}) and its own sort key`,
      });
    }
  });
  for (const attribute of declared) {
    if (!used.has(attribute)) {
      ctx.addIssue({
        code: "custom",
        path: ["attributes", attribute],
        input: attribute,
        message: "is declared but is no key of the table or an index; DynamoDB accepts key attributes only, so remove it",
      });
    }
  }
  reportDuplicates(
    ctx,
    [...table.globalSecondaryIndexes, ...table.localSecondaryIndexes].map((index) => index.name),
    ["globalSecondaryIndexes+localSecondaryIndexes"],
    "index name",
  );
  const provisioned = table.billingMode === "PROVISIONED";
  if (provisioned && !table.capacity) {
    ctx.addIssue({ code: "custom", path: ["capacity"], message: "is required with billingMode PROVISIONED: give read and write" });
  }
  for (const field of ["capacity", "autoscaling"] as const) {
    if (!provisioned && table[field]) {
      ctx.addIssue({ code: "custom", path: [field], message: "is only used with billingMode PROVISIONED" });
    }
  }
  if (table.autoscaling) {
    for (const direction of ["read", "write"] as const) {
      const range = table.autoscaling[direction];
      if (range.min > range.max) {
        ctx.addIssue({
          code: "custom",
          path: ["autoscaling", direction, "min"],
          input: range.min,
          message: `must not exceed max (${range.max})`,
        });
      }
      const start = table.capacity?.[direction];
      if (start !== undefined && (start < range.min || start > range.max)) {
        ctx.addIssue({
          code: "custom",
          path: ["capacity", direction],
          input: start,
          message: `must lie within autoscaling.${direction} (${range.min}-${range.max})`,
        });
      }
    }
  }
}

export const bucketSchema = z.strictObject({
  /** Config name: the bucket is `<project>-<env>-<name>-<account id>`. */
  name: componentName("bucket name"),
  /** Days noncurrent object versions are kept. Default: 90. */
  noncurrentVersionExpirationDays: z.number().int().min(1).default(90),
  /** Days before incomplete multipart uploads are aborted. Default: 7. */
  abortIncompleteMultipartUploadDays: z.number().int().min(1).default(7),
});

/** Alarm thresholds; every alarm fires after `evaluationPeriods` periods of `periodSeconds` over the threshold. */
export const alarmsSchema = z.strictObject({
  /** Addresses subscribed to the alarm topic (they must confirm). Default: none. */
  emailSubscribers: z.array(z.email({ message: "must be an e-mail address" })).default([]),
  /** Default: 300. */
  periodSeconds: z.union([z.literal(60), z.literal(300), z.literal(900)]).default(300),
  /** Default: 3. */
  evaluationPeriods: z.number().int().min(1).max(24).default(3),
  database: z
    .strictObject({
      /** Default: 80. */
      cpuPercent: z.number().min(1).max(100).default(80),
      /** Alarm below this much freeable memory. Default: 256 MiB. */
      freeableMemoryMiB: z.number().int().min(1).default(256),
      /** Default: 500. */
      connections: z.number().int().min(1).default(500),
      /** Default: 1000 ms. */
      replicaLagMs: z.number().int().min(1).default(1000),
    })
    .prefault({}),
  cache: z
    .strictObject({
      /** Engine CPU. Default: 75. */
      cpuPercent: z.number().min(1).max(100).default(75),
      /** Default: 80. */
      memoryPercent: z.number().min(1).max(100).default(80),
      /** Evicted keys per period. Default: 1000. */
      evictions: z.number().int().min(0).default(1000),
    })
    .prefault({}),
  search: z
    .strictObject({
      /** Alarm below this much free storage on any node. Default: 5120 MiB. */
      freeStorageMiB: z.number().int().min(1).default(5120),
      /** Default: 85. */
      jvmMemoryPressurePercent: z.number().min(1).max(100).default(85),
    })
    .prefault({}),
  tables: z
    .strictObject({
      /** Read plus write throttle events per period. Default: 10. */
      throttleEvents: z.number().int().min(0).default(10),
      /** System errors per period. Default: 1. */
      systemErrors: z.number().int().min(0).default(1),
    })
    .prefault({}),
});

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

/** S3 bucket names are global: `<project>-<env>-<name>-<12-digit account>`, at most 63 characters. */
export function bucketName(prefix: string, name: string, accountId: string): string {
  return `${prefix}-${name}-${accountId}`;
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
  data.buckets.forEach((bucket, index) => {
    const name = bucketName(`${env.project}-${env.name}`, bucket.name, "000000000000");
    if (name.length > 63) {
      issue(["buckets", index, "name"], bucket.name, `makes the bucket name ${name.length} characters long (${name}); S3 allows 63`);
    }
  });
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
