import { z } from "zod";

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
      /** Aurora global database: how far the secondary region's cluster may trail the primary. Default: 2000 ms (typically under a second). */
      globalReplicationLagMs: z.number().int().min(1).default(2000),
      /** Average storage read latency. Default: 20 ms. */
      readLatencyMs: z.number().min(0.1).default(20),
      /** Average storage write latency. Default: 50 ms. */
      writeLatencyMs: z.number().min(0.1).default(50),
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
      /** Alarm below this hit rate on a node that serves reads. Default: 90 (seed 000's "low cache hit rate"). */
      hitRatePercent: z.number().min(1).max(100).default(90),
      /** Average latency of successful reads and of successful writes on a node. Default: 1000 µs. */
      requestLatencyMicroseconds: z.number().int().min(1).default(1000),
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
  loadBalancer: z
    .strictObject({
      /** 5xx responses (load balancer plus application) as a share of requests. Default: 1%. */
      error5xxPercent: z.number().min(0.01).max(100).default(1),
      /** p95 target response time. Default: 1000 ms (seed 000's latency alarm). */
      responseTimeP95Ms: z.number().int().min(1).default(1000),
      /** p99 target response time. Default: 3000 ms. */
      responseTimeP99Ms: z.number().int().min(1).default(3000),
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
