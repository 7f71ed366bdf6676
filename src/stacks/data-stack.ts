import { searchRoleMappingJobRoleName } from "../naming";
import { TerraformOutput, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { bucketName, globalDatabaseSchema, replicaBucketName } from "../config/schema/data";
import type { DataExports } from "../contracts";
import {
  AccessLogBucket,
  AlarmTopic,
  AppSettings,
  CacheCluster,
  DataBackup,
  DataKeys,
  GlobalDatabase,
  Table,
  PostgresDatabase,
  ReplicaRegion,
  SearchDomain,
  SecureBucket,
  AlarmSpecs,
  cacheAlarms,
  databaseAlarms,
  searchAlarms,
  ServiceDashboard,
  tableAlarms,
} from "../constructs/data";
import { LayerStack, LayerStackProps } from "./layer-stack";
import type { NetworkStack } from "./network-stack";

export interface DataStackProps extends LayerStackProps {
  /** The environment's network layer: the VPC and data subnets, read through cross-stack references. */
  readonly network: NetworkStack;
}

/**
 * The `data` layer: PostgreSQL, the cache, the search domain, DynamoDB tables
 * and S3 buckets in the network layer's data subnets, their keys, security
 * groups and alarms. {@link DataStack.exports} is what the cluster and
 * workloads layers consume.
 */
export class DataStack extends LayerStack {
  readonly keys: DataKeys;
  readonly database: PostgresDatabase;
  readonly cache: CacheCluster;
  readonly search: SearchDomain;
  readonly tables: Record<string, Table> = {};
  readonly buckets: Record<string, SecureBucket> = {};
  readonly accessLogBucket?: AccessLogBucket;
  /** Keys, replica buckets and backup replication in `data.disasterRecovery.region`, when one is set. */
  readonly replicaRegion?: ReplicaRegion;
  /** The Aurora global database and its secondary cluster, with `data.disasterRecovery.database: "global-database"`. */
  readonly globalDatabase?: GlobalDatabase;
  /** AWS Backup: vault, plan and selections for the database, tables and buckets. */
  readonly backup: DataBackup;
  readonly alarms: AlarmTopic;
  /** The workloads' secrets (created empty) and SSM parameters. */
  readonly appSettings: AppSettings;
  /** The environment's CloudWatch dashboard for the LLM API and its data services. */
  readonly dashboard: ServiceDashboard;
  readonly exports: DataExports;

  constructor(scope: Construct, props: DataStackProps) {
    super(scope, "data", props);
    const { data, stage, network: networkConfig } = this.env;
    const network = props.network.network;
    const protect = data.deletionProtection ?? stage === "prod";
    const placement = {
      namePrefix: this.namePrefix,
      vpcId: network.vpc.id,
      subnetIds: network.subnetIds("data"),
    };
    this.keys = new DataKeys(this, "keys", { namePrefix: this.namePrefix });
    const dr = data.disasterRecovery;
    if (dr) {
      this.replicaRegion = new ReplicaRegion(this, `region-${dr.region}`, {
        namePrefix: this.namePrefix,
        region: dr.region,
        provider: this.providerFor(dr.region),
      });
    }
    const replicaRegion = this.replicaRegion;
    const logsKmsKeyArn = this.keys.arn("logs");

    const global = dr?.database === "global-database" ? (dr.globalDatabase ?? globalDatabaseSchema.parse({})) : undefined;
    this.database = new PostgresDatabase(this, "database", {
      ...placement,
      availabilityZones: networkConfig.availabilityZones,
      kmsKeyArn: this.keys.arn("database"),
      logsKmsKeyArn,
      settings: data.database,
      deletionProtection: protect,
      ...(global
        ? { globalDatabase: { role: "primary" }, masterPassword: { value: this.masterPasswordVariable().value, version: global.masterPasswordVersion } }
        : {}),
    });
    const secondaryNetwork = props.network.secondaryNetwork;
    if (global && replicaRegion && secondaryNetwork && dr) {
      this.globalDatabase = new GlobalDatabase(this, "global-database", {
        namePrefix: this.namePrefix,
        primary: this.database,
        replicaRegion,
        provider: this.providerFor(dr.region),
        vpcId: secondaryNetwork.vpc.id,
        subnetIds: secondaryNetwork.subnetIds(),
        availabilityZones: networkConfig.disasterRecovery?.availabilityZones ?? [],
        settings: data.database,
        instances: global.instances,
        deletionProtection: protect,
        alarms: data.alarms,
      });
    }
    this.cache = new CacheCluster(this, "cache", {
      ...placement,
      kmsKeyArn: this.keys.arn("cache"),
      logsKmsKeyArn,
      settings: data.cache,
      finalSnapshot: protect,
    });
    this.search = new SearchDomain(this, "search", {
      ...placement,
      kmsKeyArn: this.keys.arn("search"),
      logsKmsKeyArn,
      settings: data.search,
      adminRoleNames: [searchRoleMappingJobRoleName(this.namePrefix), ...data.search.adminRoleNames],
    });
    for (const table of data.tables) {
      this.tables[table.name] = new Table(this, `table-${table.name}`, {
        tableName: `${this.namePrefix}-${table.name}`,
        settings: table,
        kmsKeyArn: this.keys.arn("tables"),
        deletionProtection: protect,
        replicas: table.global && replicaRegion ? [{ name: replicaRegion.region, kmsKeyArn: replicaRegion.keyArn("tables") }] : undefined,
      });
    }
    if (data.s3AccessLogging ?? stage === "prod") {
      this.accessLogBucket = new AccessLogBucket(this, "access-log-bucket", {
        bucketName: bucketName(this.namePrefix, "s3-access-logs", this.awsScope.accountId),
      });
    }
    for (const bucket of data.buckets) {
      this.buckets[bucket.name] = new SecureBucket(this, `bucket-${bucket.name}`, {
        bucketName: bucketName(this.namePrefix, bucket.name, this.awsScope.accountId),
        kmsKeyArn: this.keys.arn("buckets"),
        noncurrentVersionExpirationDays: bucket.noncurrentVersionExpirationDays,
        abortIncompleteMultipartUploadDays: bucket.abortIncompleteMultipartUploadDays,
        accessLogBucket: this.accessLogBucket?.name,
      });
      if (bucket.replicate && replicaRegion) {
        replicaRegion.replicateBucket({
          ...bucket,
          source: this.buckets[bucket.name],
          sourceKmsKeyArn: this.keys.arn("buckets"),
          replicaBucketName: replicaBucketName(this.namePrefix, bucket.name, replicaRegion.region, this.awsScope.accountId),
        });
      }
    }
    if (this.database.instance && replicaRegion && dr?.database === "automated-backup-replication") {
      replicaRegion.replicateAutomatedBackups(this.database.instance.arn, data.database.backupRetentionDays);
    }

    this.backup = new DataBackup(this, "backup", {
      namePrefix: this.namePrefix,
      settings: data.backup,
      resources: {
        database: [this.database.arn],
        tables: Object.values(this.tables).map((table) => table.table.arn),
        buckets: Object.values(this.buckets).map((bucket) => bucket.arn),
      },
      copy:
        dr && dr.copyBackups
          ? { provider: this.providerFor(dr.region), region: dr.region, retentionDays: dr.copyRetentionDays ?? data.backup.retentionDays }
          : undefined,
    });

    this.appSettings = new AppSettings(this, "app-settings", {
      namePrefix: this.namePrefix,
      kmsKeyArn: this.keys.arn("secrets"),
      secrets: data.secrets,
      parameters: data.parameters,
      recoveryWindowDays: protect ? 30 : 7,
    });

    this.alarms = new AlarmTopic(this, "alarms", {
      namePrefix: this.namePrefix,
      kmsKeyArn: this.keys.arn("alarms"),
      settings: data.alarms,
    });
    const specs: AlarmSpecs = {
      ...databaseAlarms(this.database, data.alarms.database),
      ...cacheAlarms(this.cache.memberClusterIds, data.alarms.cache),
      ...searchAlarms(
        { domainName: this.search.domainName, accountId: this.awsScope.accountId, alarmOnYellow: data.search.instanceCount > 1 },
        data.alarms.search,
      ),
      ...Object.assign({}, ...data.tables.map<AlarmSpecs>((table) => tableAlarms(table.name, `${this.namePrefix}-${table.name}`, data.alarms.tables))),
    };
    for (const [name, spec] of Object.entries(specs)) this.alarms.add(name, spec);
    this.dashboard = new ServiceDashboard(this, "dashboard", {
      name: `${this.namePrefix}-llm-api`,
      region: this.env.aws.region,
      databaseDimensions: this.database.metricDimensions,
      cacheClusterIds: this.cache.memberClusterIds,
      tableNames: data.tables.map((table) => `${this.namePrefix}-${table.name}`),
    });

    this.exports = this.buildExports();
    this.declareOutputs();
  }

  /**
   * The master password of an Aurora global database (AWS lets RDS manage it for
   * no global database member): a sensitive variable of the data workspace, sent
   * to RDS and Secrets Manager as write-only arguments, so it is in no state.
   */
  private masterPasswordVariable(): TerraformVariable {
    return new TerraformVariable(this, "database_master_password", {
      type: "string",
      sensitive: true,
      nullable: false,
      description:
        'Master password of the Aurora global database (8-128 printable ASCII characters except / " @ and spaces). Set as a sensitive workspace variable; raise data.disasterRecovery.globalDatabase.masterPasswordVersion to send a new one.',
      validation: [
        {
          condition:
            '${length(var.database_master_password) >= 8 && length(var.database_master_password) <= 128 && !can(regex("[/\\"@ ]", var.database_master_password))}',
          errorMessage: 'database_master_password must be 8-128 characters without /, ", @ or spaces (RDS refuses them).',
        },
      ],
    });
  }

  private buildExports(): DataExports {
    const { database, cache, search } = this;
    const refs = <T>(items: Record<string, { ref: T }>) => Object.fromEntries(Object.entries(items).map(([name, item]) => [name, item.ref]));
    return {
      serviceAccess: [database.securityGroup.access, cache.securityGroup.access, search.securityGroup.access],
      database: {
        endpoint: database.endpoint,
        readerEndpoint: database.readerEndpoint,
        port: database.port,
        databaseName: this.env.data.database.databaseName,
        masterSecretArn: database.masterSecretArn,
        ref: database.ref,
      },
      cache: {
        primaryEndpoint: cache.primaryEndpoint,
        readerEndpoint: cache.readerEndpoint,
        port: cache.port,
        userId: cache.applicationUser.userId,
        ref: cache.ref,
        clusterMode: cache.clusterProtocol,
      },
      search: { endpoint: search.endpoint, domainArn: search.domain.arn, adminRoleArn: search.adminRole.arn },
      tables: refs(this.tables),
      buckets: refs(this.buckets),
      // The master secret is for the database role jobs' identity only (DatabaseGrants.readMasterSecret), never synced.
      secrets: Object.values(this.appSettings.secretRefs),
      appSecrets: this.appSettings.secretRefs,
      parameters: this.appSettings.parameterRefs,
      alarms: { arn: this.alarms.topic.arn, key: { arn: this.keys.arn("alarms") } },
    };
  }

  private declareOutputs(): void {
    const { exports } = this;
    const each = <T>(items: Record<string, T>, pick: (item: T) => unknown) =>
      Object.fromEntries(Object.entries(items).map(([name, item]) => [name, pick(item)]));
    const outputs: Record<string, { value: unknown; description: string }> = {
      database_endpoint: { value: exports.database.endpoint, description: "PostgreSQL writer endpoint host name" },
      database_reader_endpoint: {
        value: exports.database.readerEndpoint,
        description: "PostgreSQL reader endpoint host name (the writer's for a single instance)",
      },
      ...(Object.keys(this.database.readReplicas).length > 0
        ? {
            database_read_replica_endpoints: {
              value: Object.fromEntries(Object.entries(this.database.readReplicas).map(([name, replica]) => [name, replica.address])),
              description: "Host names of the RDS read replicas, by replica name",
            },
          }
        : {}),
      database_port: { value: exports.database.port, description: "PostgreSQL port" },
      database_name: { value: exports.database.databaseName, description: "Database created at launch" },
      database_master_secret_arn: {
        value: exports.database.masterSecretArn,
        description: "Secrets Manager ARN of the RDS-managed master user credentials",
      },
      cache_primary_endpoint: { value: exports.cache.primaryEndpoint, description: "Cache primary endpoint host name (TLS)" },
      cache_reader_endpoint: { value: exports.cache.readerEndpoint, description: "Cache reader endpoint host name (TLS)" },
      cache_port: { value: exports.cache.port, description: "Cache port" },
      cache_cluster_mode: {
        value: this.cache.clusterMode,
        description: "Cache cluster mode: disabled, compatible or enabled (clients use the cluster protocol and the configuration endpoint)",
      },
      cache_user_id: {
        value: exports.cache.userId,
        description: "ElastiCache user the application authenticates as with IAM (elasticache:Connect)",
      },
      cache_replication_group_id: {
        value: this.cache.replicationGroup.replicationGroupId,
        description: "Cache replication group id, for elasticache:Connect policies",
      },
      search_endpoint: { value: exports.search.endpoint, description: "OpenSearch HTTPS endpoint host name" },
      search_domain_arn: { value: exports.search.domainArn, description: "OpenSearch domain ARN" },
      search_admin_role_arn: {
        value: this.search.adminRole.arn,
        description: "IAM role that is the OpenSearch fine-grained access control master",
      },
      security_group_ids: {
        value: Object.fromEntries(exports.serviceAccess.map((access) => [access.name, access.securityGroupId])),
        description: "Security group id of each data service, by service name",
      },
      service_ports: {
        value: Object.fromEntries(exports.serviceAccess.map((access) => [access.name, access.port])),
        description: "Port of each data service, by service name",
      },
      table_names: {
        value: each(exports.tables, (item) => item.name),
        description: "DynamoDB table names, by config name",
      },
      table_arns: {
        value: each(exports.tables, (item) => item.arn),
        description: "DynamoDB table ARNs, by config name",
      },
      table_stream_arns: {
        value: Object.fromEntries(
          Object.entries(this.tables)
            .filter(([name]) => this.env.data.tables.find((table) => table.name === name)?.stream !== undefined)
            .map(([name, table]) => [name, table.table.streamArn]),
        ),
        description: "DynamoDB stream ARNs of the tables that have a stream, by config name",
      },
      bucket_names: {
        value: each(exports.buckets, (item) => item.name),
        description: "S3 bucket names, by config name",
      },
      bucket_arns: {
        value: each(exports.buckets, (item) => item.arn),
        description: "S3 bucket ARNs, by config name",
      },
      kms_key_arns: {
        value: Object.fromEntries(Object.entries(this.keys.keys).map(([purpose, key]) => [purpose, key.arn])),
        description: "Customer-managed KMS key ARNs of the data layer, by purpose",
      },
      application_kms_key_arns: {
        value: [this.keys.arn("tables"), this.keys.arn("buckets"), this.keys.arn("database")],
        description: "KMS keys the application must be allowed to use (tables, buckets, database secret)",
      },
      app_secret_arns: {
        value: each(this.appSettings.secrets, (secret) => secret.arn),
        description: "Secrets Manager ARNs of the application secrets, by config name (values are set out of band)",
      },
      app_parameter_names: {
        value: each(exports.parameters, (parameter) => parameter.name),
        description: "SSM parameter names of the application settings, by config name",
      },
      alarm_topic_arn: { value: this.alarms.topic.arn, description: "SNS topic the data-layer alarms notify" },
    };
    for (const [name, output] of Object.entries(outputs)) {
      new TerraformOutput(this, name, output);
    }
  }
}
