import { ElasticacheParameterGroup, elasticacheParameterGroupParameterToTerraform } from "@cdktf/provider-aws/lib/elasticache-parameter-group";
import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { ElasticacheSubnetGroup } from "@cdktf/provider-aws/lib/elasticache-subnet-group";
import { ElasticacheUser } from "@cdktf/provider-aws/lib/elasticache-user";
import { ElasticacheUserGroup } from "@cdktf/provider-aws/lib/elasticache-user-group";
import { Fn, Token } from "cdktf";
import { Construct } from "constructs";
import { cacheClusterMode, type CacheClusterMode, type CacheConfig } from "../../config/schema/data";
import type { CacheRef } from "../../contracts";
import { Value, isKnown, known } from "../expressions/expression";
import { optionalBlock } from "../expressions/optional";
import { atLeast, choose, equals, majorVersion, not, plus } from "../expressions/values";
import { CacheGrants } from "./grants";
import { sharedKeyLogGroup } from "./log-group";
import { DataSecurityGroup } from "./security-group";

export interface CacheClusterProps {
  /** e.g. `llm-platform-dev`; the replication group is `<namePrefix>-cache`. */
  readonly namePrefix: string;
  readonly vpcId: string;
  /** Data subnets, one per zone. */
  readonly subnetIds: string[];
  /** Encrypts data at rest and snapshots. */
  readonly kmsKeyArn: string;
  /** Encrypts the slow and engine log groups. */
  readonly logsKmsKeyArn: string;
  /** Engine, version, node type, replicas and windows; defaults are those of the `data.cache` schema. */
  readonly settings: CacheConfig;
  /** Take a final snapshot when the group is deleted. Default: false. */
  readonly finalSnapshot?: Value<boolean>;
}

/**
 * Access string of the application user: every key and channel, every command
 * except the dangerous ones (FLUSHALL, CONFIG, DEBUG, KEYS, ...).
 */
export const APPLICATION_ACCESS_STRING = "on ~* &* +@all -@dangerous";

/**
 * `<group>-001`..: the member clusters of a group with `replicas` replicas, or
 * `formatlist("<group>-%03d", range(1, replicas + 2))` for a module variable.
 * In cluster mode, `<group>-0001-001`..: node `nnn` of shard `ssss`.
 */
export function memberClusterIds(group: string, replicas: number, clusterShards?: number): string[] {
  if (!isKnown(replicas) || !isKnown(group)) return Token.asList(Fn.formatlist(`${group}-%03d`, [Fn.range(1, plus(replicas, 2))]));
  const nodes = Array.from({ length: replicas + 1 }, (_, index) => String(index + 1).padStart(3, "0"));
  if (clusterShards === undefined) return nodes.map((node) => `${group}-${node}`);
  return Array.from({ length: clusterShards }, (_, shard) => String(shard + 1).padStart(4, "0")).flatMap((shard) =>
    nodes.map((node) => `${group}-${shard}-${node}`),
  );
}

/**
 * A Valkey or Redis OSS replication group in the data subnets: encrypted at rest
 * with the CMK, TLS required, and clients authenticated with IAM through an
 * ElastiCache user group, so no password or token exists anywhere. The group
 * holds the IAM-authenticated application user and a disabled `default` user.
 * With one replica or more, failover is automatic and nodes span zones.
 * Slow and engine logs go to encrypted CloudWatch log groups.
 */
export class CacheCluster extends Construct {
  readonly securityGroup: DataSecurityGroup;
  readonly replicationGroup: ElasticacheReplicationGroup;
  /** The IAM-authenticated user the application connects as (user id = user name). */
  readonly applicationUser: ElasticacheUser;
  readonly port: number;
  /** Member cluster ids (`<group>-001`, ...), the CacheClusterId dimension of per-node metrics. */
  readonly memberClusterIds: string[];
  /** `disabled`, `compatible` or `enabled`; see the `data.cache.clusterMode` schema. */
  readonly clusterMode: CacheClusterMode;

  constructor(scope: Construct, id: string, props: CacheClusterProps) {
    super(scope, id);
    const { settings, namePrefix } = props;
    const name = `${namePrefix}-cache`;
    const engine = settings.engine;
    // Known in stacks; in a module, the cluster_mode variable (with shards and replicas per shard).
    this.clusterMode = cacheClusterMode(settings);
    const disabled = equals(this.clusterMode, "disabled");
    // In cluster mode the schema requires a replica per shard, so this is always true there.
    const highlyAvailable = atLeast(settings.replicas, 1);
    this.port = settings.port;
    this.securityGroup = new DataSecurityGroup(this, "security-group", {
      vpcId: props.vpcId,
      name,
      service: "cache",
      port: settings.port,
    });
    const subnetGroup = new ElasticacheSubnetGroup(this, "subnet-group", {
      name,
      description: `Data subnets of ${namePrefix}`,
      subnetIds: props.subnetIds,
    });
    const family = `${engine}${majorVersion(settings.engineVersion)}`;
    // cluster-enabled cannot change on a parameter group in use: cluster mode gets a new group (created first).
    const clusterEnabled = equals(this.clusterMode, "enabled");
    const clusterParameter = { name: "cluster-enabled", value: "yes" };
    const parameterGroup = new ElasticacheParameterGroup(this, "parameters", {
      name: choose(clusterEnabled, `${name}-${family}-cluster`, `${name}-${family}`)!,
      family,
      description: choose(clusterEnabled, `${engine} for ${name} (cluster mode)`, `${engine} for ${name}`)!,
      parameter: [{ name: "maxmemory-policy", value: settings.maxmemoryPolicy }, ...(known(clusterEnabled) && clusterEnabled ? [clusterParameter] : [])],
      lifecycle: { createBeforeDestroy: true },
    });
    if (!known(clusterEnabled)) {
      // A module: the parameter is a zero-or-one dynamic block beside the fixed one.
      optionalBlock(parameterGroup, clusterEnabled, () => clusterParameter, {
        put: () => undefined,
        blockType: "parameter",
        toTerraform: elasticacheParameterGroupParameterToTerraform,
      });
    }

    // A user group needs a user named "default"; this one can never log in.
    const disabledDefault = new ElasticacheUser(this, "default-user", {
      userId: `${name}-default-off`,
      userName: "default",
      engine,
      accessString: "off -@all",
      authenticationMode: { type: "no-password-required" },
    });
    const applicationUserName = `${namePrefix}-${settings.applicationUserName}`;
    this.applicationUser = new ElasticacheUser(this, "application-user", {
      // IAM authentication requires the user id and name to be equal.
      userId: applicationUserName,
      userName: applicationUserName,
      engine,
      accessString: APPLICATION_ACCESS_STRING,
      authenticationMode: { type: "iam" },
    });
    const userGroup = new ElasticacheUserGroup(this, "user-group", {
      userGroupId: name,
      engine,
      userIds: [disabledDefault.userId, this.applicationUser.userId],
    });

    const logGroups = (["slow-log", "engine-log"] as const).map((logType) =>
      sharedKeyLogGroup(this, `log-group-${logType}`, {
        name: `/aws/elasticache/${name}/${logType}`,
        kmsKeyArn: props.logsKmsKeyArn,
        retentionDays: settings.logRetentionDays,
      }),
    );
    this.replicationGroup = new ElasticacheReplicationGroup(this, "replication-group", {
      replicationGroupId: name,
      description: `Cache of ${namePrefix}`,
      engine,
      engineVersion: settings.engineVersion,
      // AWS applies minor and patch versions in the maintenance window; Terraform does not revert them.
      autoMinorVersionUpgrade: "true",
      lifecycle: { ignoreChanges: ["engine_version"] },
      nodeType: settings.nodeType,
      // Cluster mode: shards and replicas per shard; otherwise the node count, as always.
      ...(known(disabled)
        ? disabled
          ? { numCacheClusters: plus(settings.replicas, 1) }
          : { clusterMode: this.clusterMode, numNodeGroups: settings.shards, replicasPerNodeGroup: settings.replicas }
        : {
            clusterMode: this.clusterMode,
            numCacheClusters: choose(disabled, plus(settings.replicas, 1)),
            numNodeGroups: choose(not(disabled), settings.shards),
            replicasPerNodeGroup: choose(not(disabled), settings.replicas),
          }),
      automaticFailoverEnabled: highlyAvailable,
      multiAzEnabled: highlyAvailable,
      port: settings.port,
      parameterGroupName: parameterGroup.name,
      subnetGroupName: subnetGroup.name,
      securityGroupIds: [this.securityGroup.securityGroup.id],
      atRestEncryptionEnabled: "true",
      kmsKeyId: props.kmsKeyArn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: "required",
      userGroupIds: [userGroup.userGroupId],
      snapshotRetentionLimit: settings.snapshotRetentionDays,
      snapshotWindow: settings.snapshotWindow,
      maintenanceWindow: settings.maintenanceWindow,
      finalSnapshotIdentifier: choose(props.finalSnapshot ?? false, `${name}-final`),
      logDeliveryConfiguration: logGroups.map((group, index) => ({
        destination: group.name,
        destinationType: "cloudwatch-logs",
        logFormat: "json",
        logType: index === 0 ? "slow-log" : "engine-log",
      })),
    });
    this.memberClusterIds = known(clusterEnabled)
      ? memberClusterIds(name, settings.replicas, clusterEnabled ? settings.shards : undefined)
      : // A module in cluster mode: the group's own list (known after apply), sorted like the names above.
        choose(clusterEnabled, Token.asList(Fn.sort(this.replicationGroup.memberClusters)), memberClusterIds(name, settings.replicas))!;
  }

  /** What grants and other layers need: the replication group and the application user. */
  get ref(): CacheRef {
    return { replicationGroupId: this.replicationGroup.replicationGroupId, userId: this.applicationUser.userId };
  }

  /** Grants: `elasticache:Connect` as a user of this replication group. */
  get grants(): CacheGrants {
    return new CacheGrants(this.ref);
  }

  /** Whether clients must speak the cluster protocol (cluster mode `enabled`). */
  get clusterProtocol(): boolean {
    return this.clusterMode === "enabled";
  }

  /**
   * Where clients connect: the primary endpoint, or in cluster mode the
   * configuration endpoint (clients discover the shards from it).
   */
  get primaryEndpoint(): string {
    return choose(this.clusterProtocolValue, this.replicationGroup.configurationEndpointAddress, this.replicationGroup.primaryEndpointAddress)!;
  }

  /** The reader endpoint; in cluster mode the configuration endpoint (clients read from replicas with READONLY). */
  get readerEndpoint(): string {
    return choose(this.clusterProtocolValue, this.replicationGroup.configurationEndpointAddress, this.replicationGroup.readerEndpointAddress)!;
  }

  /** {@link clusterProtocol}, or the Terraform condition in a module. */
  private get clusterProtocolValue(): Value<boolean> {
    return equals(this.clusterMode, "enabled");
  }
}
