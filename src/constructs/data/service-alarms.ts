import type { AlarmsConfig } from "../../config/schema/data";
import type { AlarmSpec } from "./alarms";

/** Alarm specs by alarm name. */
export type AlarmSpecs = Record<string, AlarmSpec>;

const MIB = 1024 * 1024;

/** Operations whose SystemErrors the table alarm adds up (a metric-math alarm takes at most 10 metrics). */
export const DYNAMODB_OPERATIONS = [
  "GetItem",
  "PutItem",
  "UpdateItem",
  "DeleteItem",
  "Query",
  "Scan",
  "BatchGetItem",
  "BatchWriteItem",
  "TransactWriteItems",
] as const;

export interface DatabaseAlarmTarget {
  /** `DBClusterIdentifier` (Aurora) or `DBInstanceIdentifier` (RDS). */
  readonly metricDimensions: Record<string, string>;
  readonly hasReaders: boolean;
  /** RDS read replicas: `DBInstanceIdentifier` by replica name. Default: none. */
  readonly readReplicaIdentifiers?: Record<string, string>;
  /** The secondary cluster of an Aurora global database: its lag behind the primary region is alarmed too. Default: false. */
  readonly globalSecondary?: boolean;
}

/** CPU, freeable memory, connections and (with Aurora readers) replica lag. */
export function databaseAlarms(db: DatabaseAlarmTarget, thresholds: AlarmsConfig["database"]): AlarmSpecs {
  const rds = (metricName: string, statistic = "Average") => ({
    namespace: "AWS/RDS",
    metricName,
    statistic,
    dimensions: db.metricDimensions,
  });
  const specs: AlarmSpecs = {
    "database-cpu": {
      description: `PostgreSQL CPU above ${thresholds.cpuPercent}%`,
      metric: rds("CPUUtilization"),
      comparison: "GreaterThanThreshold",
      threshold: thresholds.cpuPercent,
    },
    "database-freeable-memory": {
      description: `PostgreSQL freeable memory below ${thresholds.freeableMemoryMiB} MiB`,
      metric: rds("FreeableMemory", "Minimum"),
      comparison: "LessThanThreshold",
      threshold: thresholds.freeableMemoryMiB * MIB,
    },
    "database-connections": {
      description: `More than ${thresholds.connections} PostgreSQL connections`,
      metric: rds("DatabaseConnections", "Maximum"),
      comparison: "GreaterThanThreshold",
      threshold: thresholds.connections,
    },
    // RDS reports ReadLatency and WriteLatency in seconds.
    "database-read-latency": {
      description: `PostgreSQL storage read latency above ${thresholds.readLatencyMs} ms`,
      metric: rds("ReadLatency"),
      comparison: "GreaterThanThreshold",
      threshold: thresholds.readLatencyMs / 1000,
    },
    "database-write-latency": {
      description: `PostgreSQL storage write latency above ${thresholds.writeLatencyMs} ms`,
      metric: rds("WriteLatency"),
      comparison: "GreaterThanThreshold",
      threshold: thresholds.writeLatencyMs / 1000,
    },
  };
  if (db.hasReaders) {
    specs["database-replica-lag"] = {
      description: `Aurora reader lag above ${thresholds.replicaLagMs} ms`,
      metric: rds("AuroraReplicaLagMaximum", "Maximum"),
      comparison: "GreaterThanThreshold",
      threshold: thresholds.replicaLagMs,
    };
  }
  if (db.globalSecondary === true) {
    specs["database-global-replication-lag"] = {
      description: `Aurora global database: this region trails the primary by more than ${thresholds.globalReplicationLagMs} ms`,
      // Reported in milliseconds, on the secondary cluster.
      metric: rds("AuroraGlobalDBReplicationLag", "Maximum"),
      comparison: "GreaterThanThreshold",
      threshold: thresholds.globalReplicationLagMs,
    };
  }
  for (const [name, identifier] of Object.entries(db.readReplicaIdentifiers ?? {})) {
    const replica = (metricName: string, statistic: string) => ({
      namespace: "AWS/RDS",
      metricName,
      statistic,
      dimensions: { DBInstanceIdentifier: identifier },
    });
    specs[`database-${name}-lag`] = {
      description: `Read replica ${identifier}: lag above ${thresholds.replicaLagMs} ms`,
      // RDS reports ReplicaLag in seconds.
      metric: replica("ReplicaLag", "Maximum"),
      comparison: "GreaterThanThreshold",
      threshold: thresholds.replicaLagMs / 1000,
    };
    specs[`database-${name}-cpu`] = {
      description: `Read replica ${identifier}: CPU above ${thresholds.cpuPercent}%`,
      metric: replica("CPUUtilization", "Average"),
      comparison: "GreaterThanThreshold",
      threshold: thresholds.cpuPercent,
    };
  }
  return specs;
}

/** The node part of a member cluster id: `001`, or `0002-001` (shard and node) in cluster mode. */
function nodeSuffix(clusterId: string): string {
  return /(\d{4}-)?\d{3}$/.exec(clusterId)?.[0] ?? clusterId;
}

/** Engine CPU, memory and evictions, per cache node (`cache-cpu-001`, `cache-cpu-0002-001` in cluster mode, ...). */
export function cacheAlarms(memberClusterIds: readonly string[], thresholds: AlarmsConfig["cache"]): AlarmSpecs {
  const specs: AlarmSpecs = {};
  for (const clusterId of memberClusterIds) {
    const node = nodeSuffix(clusterId);
    const metric = (metricName: string, statistic: string) => ({
      namespace: "AWS/ElastiCache",
      metricName,
      statistic,
      dimensions: { CacheClusterId: clusterId },
    });
    specs[`cache-cpu-${node}`] = {
      description: `Cache node ${clusterId}: engine CPU above ${thresholds.cpuPercent}%`,
      metric: metric("EngineCPUUtilization", "Average"),
      comparison: "GreaterThanThreshold",
      threshold: thresholds.cpuPercent,
    };
    specs[`cache-memory-${node}`] = {
      description: `Cache node ${clusterId}: memory use above ${thresholds.memoryPercent}%`,
      metric: metric("DatabaseMemoryUsagePercentage", "Average"),
      comparison: "GreaterThanThreshold",
      threshold: thresholds.memoryPercent,
    };
    specs[`cache-evictions-${node}`] = {
      description: `Cache node ${clusterId}: more than ${thresholds.evictions} evictions per period`,
      metric: metric("Evictions", "Sum"),
      comparison: "GreaterThanThreshold",
      threshold: thresholds.evictions,
    };
    // A node that serves no reads reports no hit rate, and missing data never alarms.
    specs[`cache-hit-rate-${node}`] = {
      description: `Cache node ${clusterId}: hit rate below ${thresholds.hitRatePercent}%`,
      metric: metric("CacheHitRate", "Average"),
      comparison: "LessThanThreshold",
      threshold: thresholds.hitRatePercent,
    };
    for (const kind of ["read", "write"] as const) {
      specs[`cache-${kind}-latency-${node}`] = {
        description: `Cache node ${clusterId}: successful ${kind} latency above ${thresholds.requestLatencyMicroseconds} µs`,
        metric: metric(kind === "read" ? "SuccessfulReadRequestLatency" : "SuccessfulWriteRequestLatency", "Average"),
        comparison: "GreaterThanThreshold",
        threshold: thresholds.requestLatencyMicroseconds,
      };
    }
  }
  return specs;
}

export interface SearchAlarmTarget {
  readonly domainName: string;
  readonly accountId: string;
  /**
   * Alarm on yellow status too. A one-node domain is yellow whenever an index
   * has replicas, so this only makes sense with several data nodes.
   */
  readonly alarmOnYellow: boolean;
}

/** Cluster status red (and yellow), free storage and JVM memory pressure. */
export function searchAlarms(domain: SearchAlarmTarget, thresholds: AlarmsConfig["search"]): AlarmSpecs {
  const metric = (metricName: string, statistic: string) => ({
    namespace: "AWS/ES",
    metricName,
    statistic,
    dimensions: { DomainName: domain.domainName, ClientId: domain.accountId },
  });
  const specs: AlarmSpecs = {
    "search-status-red": {
      description: "Search cluster status red: a primary shard is unassigned",
      metric: metric("ClusterStatus.red", "Maximum"),
      comparison: "GreaterThanOrEqualToThreshold",
      threshold: 1,
    },
    "search-free-storage": {
      description: `Search node free storage below ${thresholds.freeStorageMiB} MiB`,
      metric: metric("FreeStorageSpace", "Minimum"),
      comparison: "LessThanThreshold",
      threshold: thresholds.freeStorageMiB,
    },
    "search-jvm-memory-pressure": {
      description: `Search JVM memory pressure above ${thresholds.jvmMemoryPressurePercent}%`,
      metric: metric("JVMMemoryPressure", "Maximum"),
      comparison: "GreaterThanThreshold",
      threshold: thresholds.jvmMemoryPressurePercent,
    },
  };
  if (domain.alarmOnYellow) {
    specs["search-status-yellow"] = {
      description: "Search cluster status yellow: a replica shard is unassigned",
      metric: metric("ClusterStatus.yellow", "Maximum"),
      comparison: "GreaterThanOrEqualToThreshold",
      threshold: 1,
    };
  }
  return specs;
}

/** Read plus write throttle events, and system errors over the common operations, of one table. */
export function tableAlarms(configName: string, tableName: string, thresholds: AlarmsConfig["tables"]): AlarmSpecs {
  const metric = (metricName: string, dimensions: Record<string, string>) => ({
    namespace: "AWS/DynamoDB",
    metricName,
    stat: "Sum",
    dimensions,
  });
  const errors = Object.fromEntries(
    DYNAMODB_OPERATIONS.map((operation) => [operation.toLowerCase(), metric("SystemErrors", { TableName: tableName, Operation: operation })]),
  );
  return {
    [`table-${configName}-throttles`]: {
      description: `DynamoDB ${tableName}: more than ${thresholds.throttleEvents} throttled reads and writes per period`,
      metric: {
        expression: "FILL(reads, 0) + FILL(writes, 0)",
        metrics: {
          reads: metric("ReadThrottleEvents", { TableName: tableName }),
          writes: metric("WriteThrottleEvents", { TableName: tableName }),
        },
      },
      comparison: "GreaterThanThreshold",
      threshold: thresholds.throttleEvents,
    },
    [`table-${configName}-system-errors`]: {
      description: `DynamoDB ${tableName}: ${thresholds.systemErrors} or more system errors per period`,
      metric: {
        expression: `SUM([${Object.keys(errors)
          .map((id) => `FILL(${id}, 0)`)
          .join(", ")}])`,
        metrics: errors,
      },
      comparison: "GreaterThanOrEqualToThreshold",
      threshold: thresholds.systemErrors,
    },
  };
}
