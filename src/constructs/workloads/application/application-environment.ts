import { Token } from "cdktf";
import type { DataExports } from "../../../contracts";
import { OTLP_ENDPOINT } from "../../eks/container-telemetry";
import type { EnvVar } from "./application-deployment";

/** A port as an env or manifest string, whether a plain number or a cross-stack number token. */
export function portString(port: number): string {
  return Token.isUnresolved(port) ? Token.asString(port) : String(port);
}

/** `configurations` -> `CONFIGURATIONS`, `chat-history` -> `CHAT_HISTORY`. */
export function envSuffix(configName: string): string {
  return configName.toUpperCase().replace(/[^A-Z0-9]+/g, "_");
}

export interface ApplicationEnvironmentProps {
  readonly environment: string;
  readonly region: string;
  /** The application's name, as traces name it. */
  readonly serviceName: string;
  readonly data: DataExports;
  /** The application's own database user, authenticated with IAM tokens. */
  readonly databaseUser: string;
  readonly tables: string[];
  readonly buckets: string[];
  /** Variables from config; the schema keeps them off the names set here. */
  readonly extra: Record<string, string>;
}

/**
 * The container environment: where every data service is, which tables and
 * buckets are the application's. No passwords: the application authenticates
 * to the database as `DB_USER` and to the cache as `REDIS_USER` with IAM
 * tokens from its role (`DB_IAM_AUTH`), over TLS verified against the RDS
 * certificate authorities (`DB_SSLMODE`).
 */
export function applicationEnvironment(props: ApplicationEnvironmentProps): EnvVar[] {
  const { data } = props;
  const literal = (name: string, value: string): EnvVar => ({ name, value });
  return [
    literal("ENVIRONMENT", props.environment),
    literal("AWS_REGION", props.region),
    literal("DB_HOST", data.database.endpoint),
    literal("DB_READER_HOST", data.database.readerEndpoint),
    literal("DB_PORT", portString(data.database.port)),
    literal("DB_NAME", data.database.databaseName),
    literal("DB_USER", props.databaseUser),
    literal("DB_IAM_AUTH", "true"),
    literal("DB_SSLMODE", "verify-full"),
    literal("REDIS_HOST", data.cache.primaryEndpoint),
    literal("REDIS_READER_HOST", data.cache.readerEndpoint),
    literal("REDIS_PORT", portString(data.cache.port)),
    literal("REDIS_USER", data.cache.userId),
    literal("REDIS_SSL", "true"),
    // "true": connect with a cluster client to REDIS_HOST, the configuration endpoint.
    literal("REDIS_CLUSTER_MODE", data.cache.clusterMode ? "true" : "false"),
    literal("OPENSEARCH_ENDPOINT", data.search.endpoint),
    // OpenTelemetry SDKs export traces here; the CloudWatch agent forwards them to X-Ray.
    literal("OTEL_EXPORTER_OTLP_ENDPOINT", `http://${OTLP_ENDPOINT.host}:${OTLP_ENDPOINT.grpcPort}`),
    literal("OTEL_SERVICE_NAME", props.serviceName),
    ...props.tables.map((name) => literal(`DYNAMODB_TABLE_${envSuffix(name)}`, data.tables[name].name)),
    ...props.buckets.map((name) => literal(`S3_BUCKET_${envSuffix(name)}`, data.buckets[name].name)),
    ...Object.entries(props.extra).map(([name, value]) => literal(name, value)),
  ];
}
