/**
 * What each layer hands to the layers above it. In the app every string is a
 * cdktf token that becomes a cross-stack reference (an output of the producing
 * workspace read through `terraform_remote_state`); in tests any string will do.
 * Producers expose these shapes; consumers take them as props, so a layer can
 * be built and tested without constructing the layers below it.
 */

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
  };
  readonly cache: {
    readonly primaryEndpoint: string;
    readonly readerEndpoint: string;
    readonly port: number;
    /** ElastiCache user id/name the application authenticates as (IAM auth). */
    readonly userId: string;
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
  };
  /** DynamoDB tables by their config name. */
  readonly tables: Record<string, { readonly name: string; readonly arn: string }>;
  /** S3 buckets by their config name. */
  readonly buckets: Record<string, { readonly name: string; readonly arn: string }>;
  /** Customer-managed keys the application must be allowed to use (tables, buckets, secrets). */
  readonly applicationKmsKeyArns: string[];
  /** Secrets the application and external-secrets may read. */
  readonly secretArns: string[];
  /** The environment's alarm topic (KMS-encrypted SNS) and its key: Alertmanager publishes there too. */
  readonly alarms: { readonly topicArn: string; readonly kmsKeyArn: string };
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
