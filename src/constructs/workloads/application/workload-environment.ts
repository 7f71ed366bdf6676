import { Token } from "cdktf";
import type { DataExports } from "../../../contracts";
import { OTLP_ENDPOINT } from "../../eks/container-telemetry";
import type { EnvVar } from "./workload-pods";

/** A port as an env or manifest string, whether a plain number or a cross-stack number token. */
export function portString(port: number): string {
  return Token.isUnresolved(port) ? Token.asString(port) : String(port);
}

/** `configurations` -> `CONFIGURATIONS`, `chat-history` -> `CHAT_HISTORY`. */
export function envSuffix(configName: string): string {
  return configName.toUpperCase().replace(/[^A-Z0-9]+/g, "_");
}

export interface WorkloadEnvironmentProps {
  readonly environment: string;
  readonly region: string;
  /** The workload's name, as traces name it. */
  readonly serviceName: string;
  /** The database user the workload connects as, when it uses the database. */
  readonly databaseUser?: string;
  readonly data: DataExports;
  /** Which data services the workload uses: only their variables are set. */
  readonly uses: { readonly database: boolean; readonly cache: boolean; readonly search: boolean };
  readonly tables: string[];
  readonly buckets: string[];
  /** Variables from config; the schema keeps them off the names set here. */
  readonly extra: Record<string, string>;
  /** Variables read from the workload's synchronized Secrets: name -> Secret and key. */
  readonly fromSecrets: EnvVar[];
}

/**
 * The container environment: where each data service the workload uses is,
 * which tables and buckets are its own, and secrets and settings by Secret
 * reference. No passwords: the workload authenticates to the database as
 * `DB_USER` (its own role, which its DatabaseRoleJob creates) and to the cache
 * as `REDIS_USER`, with IAM tokens from its role (`DB_IAM_AUTH`), over TLS
 * verified against the RDS certificate authorities (`DB_SSLMODE`).
 */
export function workloadEnvironment(props: WorkloadEnvironmentProps): EnvVar[] {
  const { data, uses } = props;
  const literal = (name: string, value: string): EnvVar => ({ name, value });
  return [
    literal("ENVIRONMENT", props.environment),
    literal("AWS_REGION", props.region),
    ...(uses.database && props.databaseUser !== undefined
      ? [
          literal("DB_HOST", data.database.endpoint),
          literal("DB_READER_HOST", data.database.readerEndpoint),
          literal("DB_PORT", portString(data.database.port)),
          literal("DB_NAME", data.database.databaseName),
          literal("DB_USER", props.databaseUser),
          literal("DB_IAM_AUTH", "true"),
          literal("DB_SSLMODE", "verify-full"),
        ]
      : []),
    ...(uses.cache
      ? [
          literal("REDIS_HOST", data.cache.primaryEndpoint),
          literal("REDIS_READER_HOST", data.cache.readerEndpoint),
          literal("REDIS_PORT", portString(data.cache.port)),
          literal("REDIS_USER", data.cache.userId),
          literal("REDIS_SSL", "true"),
          // "true": connect with a cluster client to REDIS_HOST, the configuration endpoint.
          literal("REDIS_CLUSTER_MODE", data.cache.clusterMode ? "true" : "false"),
        ]
      : []),
    ...(uses.search ? [literal("OPENSEARCH_ENDPOINT", data.search.endpoint)] : []),
    // OpenTelemetry SDKs export traces here; the CloudWatch agent forwards them to X-Ray.
    literal("OTEL_EXPORTER_OTLP_ENDPOINT", `http://${OTLP_ENDPOINT.host}:${OTLP_ENDPOINT.grpcPort}`),
    literal("OTEL_SERVICE_NAME", props.serviceName),
    ...props.tables.map((name) => literal(`DYNAMODB_TABLE_${envSuffix(name)}`, data.tables[name].name)),
    ...props.buckets.map((name) => literal(`S3_BUCKET_${envSuffix(name)}`, data.buckets[name].name)),
    ...Object.entries(props.extra).map(([name, value]) => literal(name, value)),
    ...props.fromSecrets,
  ];
}
