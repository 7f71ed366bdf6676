/**
 * What each layer hands to the layers above it. In the app every string is a
 * cdktf token that becomes a cross-stack reference (an output of the producing
 * workspace read through `terraform_remote_state`); in tests any string will do.
 * Producers expose these shapes; consumers take them as props, so a layer can
 * be built and tested without constructing the layers below it.
 */

/**
 * References to resources one layer owns and another layer is granted access
 * to. Each carries what its grants need (ARN, key, indexes, ...); the grant
 * classes next to the owning constructs (`TableGrants`, `BucketGrants`, ...)
 * take them, so a grant made in the workloads layer reads the data layer's
 * values as cross-stack references.
 */

/** A customer-managed KMS key. */
export interface KeyRef {
  readonly arn: string;
}

/** A Secrets Manager secret and the key that encrypts it. */
export interface SecretRef {
  readonly arn: string;
  readonly key?: KeyRef;
}

/** An SSM parameter (name without the leading slash is fine) and the key of a SecureString. */
export interface ParameterRef {
  readonly name: string;
  readonly arn: string;
  readonly key?: KeyRef;
}

/** A DynamoDB table. */
export interface TableRef {
  readonly name: string;
  readonly arn: string;
  readonly key: KeyRef;
  /** Whether the table has secondary indexes: grants then cover `<arn>/index/*` too. */
  readonly hasIndexes: boolean;
  /** The stream's ARN, when the table has a stream. */
  readonly streamArn?: string;
}

/** An S3 bucket. */
export interface BucketRef {
  readonly name: string;
  readonly arn: string;
  /** The SSE-KMS key, when objects are encrypted with one. */
  readonly key?: KeyRef;
}

/** A PostgreSQL database that accepts IAM authentication. */
export interface DatabaseRef {
  /** The cluster's (or instance's) resource id, `cluster-ABC...`: `rds-db:connect` ARNs name it. */
  readonly resourceId: string;
  /** The RDS-managed master credentials. */
  readonly masterSecret: SecretRef;
}

/** An ElastiCache replication group with IAM-authenticated users. */
export interface CacheRef {
  readonly replicationGroupId: string;
  /** The user the application authenticates as (user id = user name). */
  readonly userId: string;
}

/** An SNS topic and the key that encrypts it. */
export interface TopicRef {
  readonly arn: string;
  readonly key?: KeyRef;
}

/** An OpenSearch domain with fine-grained access control. */
export interface SearchRef {
  readonly domainArn: string;
}

/** A data service the cluster's nodes may reach: its security group admits them on `port` only. */
export interface DataServiceAccess {
  /** e.g. `database`, `cache`, `search`; keys the security group rule's construct id. */
  readonly name: string;
  readonly securityGroupId: string;
  readonly port: number;
}

/** Data layer -> cluster and workloads. */
export interface DataExports {
  /** One entry per data service, for the cluster's node security group rules. */
  readonly serviceAccess: DataServiceAccess[];
  readonly database: {
    /** Writer endpoint host name. */
    readonly endpoint: string;
    /** Reader endpoint host name (the writer's for a single instance). */
    readonly readerEndpoint: string;
    readonly port: number;
    readonly databaseName: string;
    /** Secrets Manager ARN of the RDS-managed master credentials. */
    readonly masterSecretArn: string;
    /** For grants: IAM connect, the master secret. */
    readonly ref: DatabaseRef;
  };
  readonly cache: {
    readonly primaryEndpoint: string;
    readonly readerEndpoint: string;
    readonly port: number;
    /** ElastiCache user id/name the application authenticates as (IAM auth). */
    readonly userId: string;
    /** For grants: `elasticache:Connect` on the one replication group. */
    readonly ref: CacheRef;
    /**
     * Clients must use the cluster protocol: both endpoints are then the
     * configuration endpoint. Default: false.
     */
    readonly clusterMode?: boolean;
  };
  readonly search: {
    /** HTTPS endpoint host name of the OpenSearch domain. */
    readonly endpoint: string;
    readonly domainArn: string;
    /** The fine-grained access control master role, which the role-mapping job assumes. */
    readonly adminRoleArn: string;
  };
  /** DynamoDB tables by their config name. */
  readonly tables: Record<string, TableRef>;
  /** S3 buckets by their config name. */
  readonly buckets: Record<string, BucketRef>;
  /** Secrets external-secrets may read (and sync for the workloads): the database's master secret and the application secrets. */
  readonly secrets: SecretRef[];
  /** Application secrets (`data.secrets`) by config name: created empty, values set out of band. */
  readonly appSecrets: Record<string, SecretRef>;
  /** SSM parameters (`data.parameters`) by config name; external-secrets may read them. */
  readonly parameters: Record<string, ParameterRef>;
  /** The environment's alarm topic (KMS-encrypted SNS): Alertmanager publishes there too. */
  readonly alarms: TopicRef;
}

/** Cluster layer -> workloads. */
export interface ClusterExports {
  readonly clusterName: string;
  readonly oidcProviderArn: string;
  /** Issuer URL without the `https://` scheme, as IRSA trust conditions need it. */
  readonly oidcIssuer: string;
  /** IRSA role ARNs for the controllers the workloads layer installs. */
  readonly controllerRoleArns: {
    readonly awsLoadBalancerController: string;
    readonly clusterAutoscaler: string;
    readonly externalSecrets: string;
  };
  /** The node security group (for network policies and data access). */
  readonly nodeSecurityGroupId: string;
  /** KMS key for node and persistent volumes: the default StorageClass encrypts with it. */
  readonly volumeKmsKeyArn: string;
}

/** Edge layer -> workloads. */
export interface EdgeExports {
  /** Regional WAFv2 web ACL the application's load balancer is associated with. */
  readonly webAclArn: string;
}
