import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { RdsCluster, rdsClusterServerlessv2ScalingConfigurationToTerraform } from "@cdktf/provider-aws/lib/rds-cluster";
import { RdsClusterInstance } from "@cdktf/provider-aws/lib/rds-cluster-instance";
import { RdsClusterParameterGroup } from "@cdktf/provider-aws/lib/rds-cluster-parameter-group";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { Fn, ITerraformDependable, Op, Token } from "cdktf";
import { Construct } from "constructs";
import type { DatabaseConfig } from "../../config/schema/data";
import type { DatabaseRef } from "../../contracts";
import { Names, PerName } from "../expressions/names";
import { isKnown, known, Value } from "../expressions/expression";
import { choose, elementAt, equals, majorVersion, not, text } from "../expressions/values";
import { optionalBlock } from "../expressions/optional";
import { AwsScope, arn } from "../iam/arn";
import { ServiceRole } from "../iam/service-role";
import { suppressPolicy } from "../../guardrails/suppressions";
import { ConstructError } from "../errors";
import { DatabaseGrants } from "./grants";
import { sharedKeyLogGroup } from "./log-group";
import { DataSecurityGroup } from "./security-group";

export interface PostgresDatabaseProps {
  /** e.g. `llm-platform-dev`; the database is `<namePrefix>-postgres`. */
  readonly namePrefix: string;
  readonly vpcId: string;
  /** Data subnets, one per zone. */
  readonly subnetIds: string[];
  /** Zones of those subnets, in order: the writer goes to the first, readers round-robin over all. */
  readonly availabilityZones: readonly string[];
  /** Encrypts storage, snapshots, Performance Insights and the master user secret. */
  readonly kmsKeyArn: string;
  /** Encrypts the PostgreSQL log group. */
  readonly logsKmsKeyArn: string;
  /** Engine, version, sizes, windows and retention; defaults are those of the `data.database` schema. */
  readonly settings: DatabaseConfig;
  /** Deletion protection and a final snapshot on delete. Default: false. */
  readonly deletionProtection?: Value<boolean>;
  /**
   * An Aurora cluster or an RDS instance. Default: what `settings.engine` is. Required
   * when the engine is a Terraform expression (a module), which must say which kind
   * of engine its variable allows.
   */
  readonly engineKind?: PostgresEngineKind;
  /**
   * Aurora only: a member of an Aurora global database. `primary` keeps the
   * cluster (its `global_cluster_identifier` is then set by AWS, and ignored);
   * `secondary` joins the global cluster in another region, with no master
   * user, password or database name of its own. Default: none.
   */
  readonly globalDatabase?: GlobalDatabaseMembership;
  /**
   * A master password sent as a write-only argument (never in state) and kept in
   * a Secrets Manager secret written the same way, instead of the RDS-managed
   * secret: for an Aurora global database, whose members AWS does not let RDS
   * manage the password of. Default: none (RDS manages it).
   */
  readonly masterPassword?: WriteOnlyPassword;
}

/** The Aurora global database a cluster belongs to, and as what. */
export type GlobalDatabaseMembership =
  | { readonly role: "primary" }
  | {
      readonly role: "secondary";
      /** The `aws_rds_global_cluster` id. */
      readonly globalClusterIdentifier: string;
      /** The primary's master secret, which the secondary shares. */
      readonly masterSecretArn: string;
      /** What must exist first: the primary's instances (a secondary cannot join a global cluster whose primary has none). */
      readonly dependsOn: ITerraformDependable[];
    };

/** A password Terraform sends without keeping it: `version` changes when the value does. */
export interface WriteOnlyPassword {
  readonly value: string;
  readonly version: number;
}

/** The resources an engine takes: an Aurora cluster with instances, or an RDS instance. */
export type PostgresEngineKind = "aurora" | "rds";

function engineKindOf(engine: DatabaseConfig["engine"]): PostgresEngineKind {
  // eslint-disable-next-line local/no-throw-plain-error -- a programming error: module definitions must pass engineKind
  if (!isKnown(engine)) throw new Error("PostgresDatabase: settings.engine is a Terraform expression; give engineKind");
  return engine === "rds" ? "rds" : "aurora";
}

/**
 * What a global database member leaves to AWS. The primary: its
 * `global_cluster_identifier`, which AWS sets when the global cluster is made
 * from it (`source_db_cluster_identifier`); the provider cannot add an existing
 * cluster to a global cluster, so a diff there would fail the apply. A
 * secondary: its `replication_source_identifier`, which AWS fills in.
 */
function globalMemberIgnores(global: GlobalDatabaseMembership | undefined): string[] {
  if (!global) return [];
  return global.role === "primary" ? ["global_cluster_identifier"] : ["replication_source_identifier"];
}

/**
 * {@link databaseInstanceNames} as {@link Names}: known (stacks), or
 * `concat(["writer"], formatlist("reader-%d", range(1, readers + 1)))` for a module variable.
 */
export function databaseInstances(readers: number): Names {
  if (isKnown(readers)) return Names.known(databaseInstanceNames(readers));
  return Names.of(Token.asList(Fn.concat([["writer"], Fn.formatlist("reader-%d", [Fn.range(1, Op.add(readers, 1))])])));
}

/** Stable instance names: the writer and `reader-1`..`reader-n`; changing the reader count never touches the writer. */
export function databaseInstanceNames(readers: number): string[] {
  return ["writer", ...Array.from({ length: readers }, (_, index) => `reader-${index + 1}`)];
}

/** Stable names of RDS read replicas: `replica-1`..`replica-n`; changing the count never touches another. */
export function readReplicaNames(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `replica-${index + 1}`);
}

/**
 * PostgreSQL in the data subnets: Aurora (Serverless v2 or provisioned, writer
 * plus readers over the zones) or one RDS Multi-AZ instance. The master password
 * is generated and rotated by RDS in Secrets Manager, encrypted with the CMK,
 * and never appears in Terraform config or state. TLS is forced by the parameter
 * group; IAM authentication, Performance Insights, enhanced monitoring and
 * PostgreSQL logs to an encrypted log group are always on.
 */
export class PostgresDatabase extends Construct {
  readonly securityGroup: DataSecurityGroup;
  readonly identifier: string;
  /** Writer endpoint host name. */
  readonly endpoint: string;
  /** Reader endpoint host name (the writer's for rds). */
  readonly readerEndpoint: string;
  readonly port: number;
  readonly masterSecretArn: string;
  /** The Aurora cluster, for the aurora engines. */
  readonly cluster?: RdsCluster;
  /** Aurora instances, by stable name (`writer`, `reader-1`, ...) for known names. */
  readonly auroraInstances?: PerName<RdsClusterInstance>;
  /** The RDS instance, for engine rds. */
  readonly instance?: DbInstance;
  /** Read replicas of the RDS instance by stable name (`replica-1`, ...). */
  readonly readReplicas: Record<string, DbInstance> = {};
  /** CloudWatch dimension that identifies the database in AWS/RDS metrics. */
  readonly metricDimensions: Record<string, string>;
  /** What grants and other layers need: resource id, master secret and its key. */
  readonly ref: DatabaseRef;

  constructor(scope: Construct, id: string, props: PostgresDatabaseProps) {
    super(scope, id);
    const { settings, namePrefix } = props;
    const protect = props.deletionProtection ?? false;
    const major = majorVersion(settings.engineVersion);
    this.identifier = `${namePrefix}-postgres`;
    this.port = settings.port;
    this.securityGroup = new DataSecurityGroup(this, "security-group", {
      vpcId: props.vpcId,
      name: this.identifier,
      service: "database",
      port: settings.port,
    });
    const subnetGroup = new DbSubnetGroup(this, "subnet-group", {
      name: this.identifier,
      description: `Data subnets of ${namePrefix}`,
      subnetIds: props.subnetIds,
    });
    const monitoringRole = new ServiceRole(this, "monitoring-role", {
      name: `${this.identifier}-monitoring`,
      description: `RDS enhanced monitoring of ${this.identifier}`,
      servicePrincipal: "monitoring.rds.amazonaws.com",
      statements: [
        {
          sid: "CreateMonitoringLogGroup",
          effect: "Allow",
          actions: ["logs:CreateLogGroup", "logs:PutRetentionPolicy"],
          resources: [arn(AwsScope.of(this), "logs", "log-group:RDS*")],
        },
        {
          sid: "WriteMonitoringLogs",
          effect: "Allow",
          actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams", "logs:GetLogEvents"],
          resources: [arn(AwsScope.of(this), "logs", "log-group:RDSOSMetrics:log-stream:*")],
        },
      ],
    });
    const aurora = (props.engineKind ?? engineKindOf(settings.engine)) === "aurora";
    // RDS would create the group itself, unencrypted and kept forever, if it did not exist first.
    const logGroup = sharedKeyLogGroup(this, "log-group", {
      name: `/aws/rds/${aurora ? "cluster" : "instance"}/${this.identifier}/postgresql`,
      kmsKeyArn: props.logsKmsKeyArn,
      retentionDays: settings.logRetentionDays,
    });
    const parameters = [
      { name: "rds.force_ssl", value: "1" },
      { name: "log_min_duration_statement", value: text(settings.slowQueryLogMs) },
    ];
    const global = props.globalDatabase;
    const secondary = global?.role === "secondary" ? global : undefined;
    const writeOnly = props.masterPassword;
    let masterSecret: SecretsmanagerSecret | undefined;
    if (writeOnly) {
      masterSecret = new SecretsmanagerSecret(this, "master-secret", {
        name: `${this.identifier}-master`,
        description: `Master user credentials of ${this.identifier} (username, password), written by Terraform without keeping them`,
        kmsKeyId: props.kmsKeyArn,
      });
      new SecretsmanagerSecretVersion(this, "master-secret-value", {
        secretId: masterSecret.id,
        secretStringWo: Fn.jsonencode({ username: settings.masterUsername, password: writeOnly.value }),
        secretStringWoVersion: writeOnly.version,
      });
    }
    // The master password: RDS-managed, write-only from a variable, or (a secondary) the primary's.
    const credentials = secondary
      ? {}
      : writeOnly
        ? // manage_master_user_password stays out: the provider refuses it beside master_password_wo, and unset it is off.
          { masterPasswordWo: writeOnly.value, masterPasswordWoVersion: writeOnly.version }
        : { manageMasterUserPassword: true, masterUserSecretKmsKeyId: props.kmsKeyArn };
    const common = {
      storageEncrypted: true,
      kmsKeyId: props.kmsKeyArn,
      port: settings.port,
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [this.securityGroup.securityGroup.id],
      iamDatabaseAuthenticationEnabled: true,
      backupRetentionPeriod: settings.backupRetentionDays,
      copyTagsToSnapshot: true,
      deletionProtection: protect,
      skipFinalSnapshot: not(protect),
      finalSnapshotIdentifier: choose(protect, `${this.identifier}-final`),
      dependsOn: [logGroup],
    };
    const monitoring = {
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: props.kmsKeyArn,
      performanceInsightsRetentionPeriod: settings.performanceInsightsRetentionDays,
      monitoringInterval: settings.monitoringIntervalSeconds,
      monitoringRoleArn: monitoringRole.role.arn,
      publiclyAccessible: false,
      // AWS applies minor versions (security patches) in the maintenance window.
      autoMinorVersionUpgrade: true,
    };
    // ...and Terraform does not revert them: config's version is the one an environment starts at.
    const keepPatchedVersion = { ignoreChanges: ["engine_version"] };

    if (aurora) {
      const parameterGroup = new RdsClusterParameterGroup(this, "cluster-parameters", {
        name: `${this.identifier}-aurora-postgresql${major}`,
        family: `aurora-postgresql${major}`,
        description: `TLS-only PostgreSQL ${major} for ${this.identifier}`,
        parameter: parameters,
        lifecycle: { createBeforeDestroy: true },
      });
      const serverless = equals(settings.engine, "aurora-serverless-v2");
      const scaling = () => ({ minCapacity: settings.serverlessCapacity!.minAcu, maxCapacity: settings.serverlessCapacity!.maxAcu });
      this.cluster = new RdsCluster(this, "cluster", {
        ...common,
        ...credentials,
        clusterIdentifier: this.identifier,
        engine: "aurora-postgresql",
        engineMode: "provisioned",
        engineVersion: settings.engineVersion,
        lifecycle: { ignoreChanges: [...keepPatchedVersion.ignoreChanges, ...globalMemberIgnores(global)] },
        ...(secondary
          ? { globalClusterIdentifier: secondary.globalClusterIdentifier, dependsOn: [...common.dependsOn, ...secondary.dependsOn] }
          : { databaseName: settings.databaseName, masterUsername: settings.masterUsername }),
        dbClusterParameterGroupName: parameterGroup.name,
        preferredBackupWindow: settings.backupWindow,
        preferredMaintenanceWindow: settings.maintenanceWindow,
        enabledCloudwatchLogsExports: ["postgresql"],
      });
      const cluster = this.cluster;
      // Must be on the cluster before any db.serverless instance exists.
      optionalBlock(cluster, serverless, scaling, {
        put: (block) => cluster.putServerlessv2ScalingConfiguration(block),
        blockType: "serverlessv2_scaling_configuration",
        toTerraform: rdsClusterServerlessv2ScalingConfigurationToTerraform,
      });
      this.auroraInstances = databaseInstances(settings.readers).each(
        this,
        (instance) =>
          new RdsClusterInstance(this, instance.id("instance-{}"), {
            ...monitoring,
            identifier: `${this.identifier}-${instance.name}`,
            clusterIdentifier: cluster.id,
            engine: cluster.engine,
            engineVersion: cluster.engineVersion,
            lifecycle: keepPatchedVersion,
            instanceClass: choose(serverless, "db.serverless", settings.instanceClass!)!,
            availabilityZone: elementAt(props.availabilityZones, instance.index),
            // Readers in tier 1 are the failover targets and, on Serverless v2, scale with the writer.
            promotionTier: choose(equals(instance.name, "writer"), 0, 1),
          }),
      );
      this.endpoint = this.cluster.endpoint;
      this.readerEndpoint = this.cluster.readerEndpoint;
      this.masterSecretArn = secondary?.masterSecretArn ?? masterSecret?.arn ?? this.cluster.masterUserSecret.get(0).secretArn;
      this.metricDimensions = { DBClusterIdentifier: this.identifier };
      this.ref = this.reference(this.cluster.clusterResourceId, props.kmsKeyArn);
    } else {
      const parameterGroup = new DbParameterGroup(this, "instance-parameters", {
        name: `${this.identifier}-postgres${major}`,
        family: `postgres${major}`,
        description: `TLS-only PostgreSQL ${major} for ${this.identifier}`,
        parameter: parameters,
        lifecycle: { createBeforeDestroy: true },
      });
      if (global || writeOnly) throw new ConstructError(this, "a global database and a write-only master password are for the aurora engines only");
      this.instance = new DbInstance(this, "instance", {
        ...common,
        ...credentials,
        ...monitoring,
        identifier: this.identifier,
        engine: "postgres",
        engineVersion: settings.engineVersion,
        lifecycle: keepPatchedVersion,
        instanceClass: settings.instanceClass!,
        multiAz: true,
        allocatedStorage: settings.storage.allocatedGb,
        maxAllocatedStorage: settings.storage.maxAllocatedGb,
        storageType: "gp3",
        dbName: settings.databaseName,
        username: settings.masterUsername,
        parameterGroupName: parameterGroup.name,
        backupWindow: settings.backupWindow,
        maintenanceWindow: settings.maintenanceWindow,
        enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
      });
      const source = this.instance;
      readReplicaNames(settings.readReplicas).forEach((name, index) => {
        const identifier = `${this.identifier}-${name}`;
        const replicaLogGroup = sharedKeyLogGroup(this, `log-group-${name}`, {
          name: `/aws/rds/instance/${identifier}/postgresql`,
          kmsKeyArn: props.logsKmsKeyArn,
          retentionDays: settings.logRetentionDays,
        });
        const replica = new DbInstance(this, name, {
          ...monitoring,
          identifier,
          replicateSourceDb: source.identifier,
          instanceClass: settings.instanceClass!,
          // The primary is Multi-AZ; replicas go round-robin over the zones from the second on.
          availabilityZone: props.availabilityZones[(index + 1) % props.availabilityZones.length],
          storageEncrypted: true,
          kmsKeyId: props.kmsKeyArn,
          maxAllocatedStorage: settings.storage.maxAllocatedGb,
          storageType: "gp3",
          vpcSecurityGroupIds: common.vpcSecurityGroupIds,
          parameterGroupName: parameterGroup.name,
          iamDatabaseAuthenticationEnabled: true,
          backupRetentionPeriod: settings.backupRetentionDays,
          backupWindow: settings.backupWindow,
          maintenanceWindow: settings.maintenanceWindow,
          copyTagsToSnapshot: true,
          deletionProtection: protect,
          // RDS takes no final snapshot of a read replica; the primary's backups hold its data.
          skipFinalSnapshot: true,
          enabledCloudwatchLogsExports: ["postgresql"],
          dependsOn: [replicaLogGroup],
        });
        if (known(protect) && protect) {
          suppressPolicy(replica, "RES002", "RDS refuses a final snapshot of a read replica; the data is the primary's, which keeps one", ["final_snapshot"]);
        }
        this.readReplicas[name] = replica;
      });
      this.endpoint = this.instance.address;
      this.readerEndpoint = this.instance.address;
      this.masterSecretArn = this.instance.masterUserSecret.get(0).secretArn;
      this.metricDimensions = { DBInstanceIdentifier: this.identifier };
      this.ref = this.reference(this.instance.resourceId, props.kmsKeyArn);
    }
  }

  /** Grants: IAM connect as a database user, the master secret. */
  get grants(): DatabaseGrants {
    return new DatabaseGrants(this.ref);
  }

  private reference(resourceId: string, kmsKeyArn: string): DatabaseRef {
    return { resourceId, masterSecret: { arn: this.masterSecretArn, key: { arn: kmsKeyArn } } };
  }

  /** ARN of the Aurora cluster or the RDS instance: what AWS Backup selects. */
  get arn(): string {
    return this.cluster ? this.cluster.arn : this.instance!.arn;
  }

  /** `DBInstanceIdentifier` of each RDS read replica, by replica name. */
  get readReplicaIdentifiers(): Record<string, string> {
    return Object.fromEntries(Object.keys(this.readReplicas).map((name) => [name, `${this.identifier}-${name}`]));
  }

  /** Aurora instances by stable name (`writer`, `reader-1`, ...): known names only (throws in a module). */
  get clusterInstances(): Readonly<Record<string, RdsClusterInstance>> {
    return this.auroraInstances?.instances ?? {};
  }

  /** Whether Aurora readers exist (replica lag is worth an alarm): known names only (throws in a module). */
  get hasReaders(): boolean {
    return Object.keys(this.clusterInstances).length > 1;
  }
}
