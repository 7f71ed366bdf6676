import { z } from "zod";
import { logRetentionDays } from "../primitives";
import { componentName, dailyWindow, instanceType, weeklyWindow } from "./common";

/**
 * Cache engines and versions. Only engines that support IAM authentication
 * through ElastiCache users (Valkey 7.2+, Redis OSS 7+) are allowed: that is how
 * the cache authenticates clients without a password in Terraform state.
 */
export const CACHE_ENGINE_VERSIONS = { valkey: ["7.2", "8.0", "8.1"], redis: ["7.0", "7.1"] } as const;
export type CacheEngine = keyof typeof CACHE_ENGINE_VERSIONS;
/** ElastiCache cluster modes, as the API and the provider's `cluster_mode` name them. */
export const CACHE_CLUSTER_MODES = ["disabled", "compatible", "enabled"] as const;
export type CacheClusterMode = (typeof CACHE_CLUSTER_MODES)[number];

/** The cluster mode a cache config asks for: explicit, or `enabled` with more than one shard. */
export function cacheClusterMode(cache: { shards: number; clusterMode?: CacheClusterMode }): CacheClusterMode {
  return cache.clusterMode ?? (cache.shards > 1 ? "enabled" : "disabled");
}

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

export const cacheSchema = z
  .strictObject({
    /** Default: valkey. */
    engine: z.enum(["valkey", "redis"]).default("valkey"),
    /** Pinned engine version; see {@link CACHE_ENGINE_VERSIONS}. */
    engineVersion: z.string(),
    /** e.g. `cache.t4g.micro`. */
    nodeType: instanceType("cache node type", "cache.", CACHE_NODE_FAMILIES),
    /** Replicas of the primary (of each shard's primary in cluster mode). 1 or more turns on automatic failover and Multi-AZ. Default: 0. */
    replicas: z.number().int().min(0).max(5).default(0),
    /** Shards (node groups). More than 1 turns cluster mode on. Default: 1. */
    shards: z.number().int().min(1).max(90).default(1),
    /**
     * `disabled` (one shard, primary and reader endpoints), `enabled` (keys
     * spread over `shards`, one configuration endpoint) or `compatible` (the
     * step between them that AWS requires when an existing group moves to
     * cluster mode: both kinds of client connect). Default: `enabled` with more
     * than 1 shard, `disabled` otherwise.
     */
    clusterMode: z.enum(CACHE_CLUSTER_MODES).optional(),
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
    if (cache.shards > 1 && cache.clusterMode !== undefined && cache.clusterMode !== "enabled") {
      ctx.addIssue({
        code: "custom",
        path: ["clusterMode"],
        input: cache.clusterMode,
        message: `must be enabled (or left out) with ${cache.shards} shards: only cluster mode spreads keys over shards`,
      });
    }
    if (cacheClusterMode(cache) === "enabled" && cache.replicas < 1) {
      ctx.addIssue({
        code: "custom",
        path: ["replicas"],
        input: cache.replicas,
        message: "must be at least 1 in cluster mode: it always fails over automatically, so each shard needs a replica",
      });
    }
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
