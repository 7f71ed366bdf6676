import { RdsGlobalCluster } from "@cdktf/provider-aws/lib/rds-global-cluster";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import type { AlarmsConfig, DatabaseConfig } from "../../config/schema/data";
import { ConstructError } from "../errors";
import { RegionScope } from "../region/region-scope";
import { AlarmTopic } from "./alarms";
import { PostgresDatabase } from "./postgres";
import { ReplicaRegion } from "./replica-region";
import { databaseAlarms } from "./service-alarms";

export interface GlobalDatabaseProps {
  /** e.g. `llm-platform-prod`; the global cluster is `<namePrefix>-postgres-global`, the secondary's names start `<namePrefix>-<region>`. */
  readonly namePrefix: string;
  /** The Aurora cluster in the primary region; built with `globalDatabase: { role: "primary" }`. */
  readonly primary: PostgresDatabase;
  /** The second region: its keys (database, logs, alarms). */
  readonly replicaRegion: ReplicaRegion;
  /** The AWS provider aliased to that region. */
  readonly provider: TerraformProvider;
  /** The data-only VPC there, its data subnets and their zones (in order). */
  readonly vpcId: string;
  readonly subnetIds: string[];
  readonly availabilityZones: readonly string[];
  /** The primary's settings: engine, version, capacity, windows, retention. */
  readonly settings: DatabaseConfig;
  /** Instances of the secondary cluster. */
  readonly instances: number;
  readonly deletionProtection: boolean;
  /** Thresholds, period and subscribers of the secondary's alarms. */
  readonly alarms: AlarmsConfig;
}

/**
 * An Aurora global database made from an existing primary cluster
 * (`source_db_cluster_identifier`, so the primary is kept, not replaced) and a
 * secondary cluster in the second region: the same PostgreSQL construct, in the
 * data-only VPC there with its own (empty) security group, encrypted with that
 * region's database key, with its own TLS parameter group, monitoring, logs and
 * alarms (CPU, memory, connections, latency, and its lag behind the primary) on
 * a topic in that region, since CloudWatch notifies only topics of its own region.
 */
export class GlobalDatabase extends Construct {
  readonly globalCluster: RdsGlobalCluster;
  readonly secondary: PostgresDatabase;
  readonly alarms: AlarmTopic;

  constructor(scope: Construct, id: string, props: GlobalDatabaseProps) {
    super(scope, id);
    const primaryCluster = props.primary.cluster;
    if (!primaryCluster) throw new ConstructError(this, "an Aurora global database needs an aurora engine: the primary is an RDS instance");
    this.globalCluster = new RdsGlobalCluster(this, "cluster", {
      globalClusterIdentifier: `${props.namePrefix}-postgres-global`,
      sourceDbClusterIdentifier: primaryCluster.arn,
      // Engine, version, database name and encryption come from the source cluster.
      // On destroy, the members are removed from the global cluster first (never deleted by it).
      forceDestroy: true,
      deletionProtection: props.deletionProtection,
    });
    const region = new RegionScope(this, props.replicaRegion.region, { region: props.replicaRegion.region, provider: props.provider });
    const namePrefix = `${props.namePrefix}-${props.replicaRegion.region}`;
    this.secondary = new PostgresDatabase(region, "database", {
      namePrefix,
      vpcId: props.vpcId,
      subnetIds: props.subnetIds,
      availabilityZones: props.availabilityZones,
      kmsKeyArn: props.replicaRegion.keyArn("database"),
      logsKmsKeyArn: props.replicaRegion.keyArn("logs"),
      settings: { ...props.settings, readers: props.instances - 1 },
      deletionProtection: props.deletionProtection,
      globalDatabase: {
        role: "secondary",
        globalClusterIdentifier: this.globalCluster.id,
        masterSecretArn: props.primary.masterSecretArn,
        dependsOn: Object.values(props.primary.clusterInstances),
      },
    });
    this.alarms = new AlarmTopic(region, "alarms", { namePrefix, kmsKeyArn: props.replicaRegion.keyArn("alarms"), settings: props.alarms });
    const specs = databaseAlarms(
      { metricDimensions: this.secondary.metricDimensions, hasReaders: this.secondary.hasReaders, globalSecondary: true },
      props.alarms.database,
    );
    for (const [name, spec] of Object.entries(specs)) this.alarms.add(name, spec);
    region.place();
  }
}
