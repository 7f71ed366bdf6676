import { DbInstanceAutomatedBackupsReplication } from "@cdktf/provider-aws/lib/db-instance-automated-backups-replication";
import { S3BucketReplicationConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-replication-configuration";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { AwsScope, regionalService } from "../iam/arn";
import { PolicyRole } from "../iam/policy-role";
import { placeInRegion } from "../region/region-scope";
import { CustomerManagedKey } from "../kms/kms-key";
import { SecureBucket } from "./bucket";
import { dataKeyServiceGrants } from "./keys";

export { placeInRegion } from "../region/region-scope";

/** What a replica region's keys encrypt. */
export type ReplicaKeyPurpose = "tables" | "buckets" | "database" | "logs" | "alarms";

export interface ReplicaRegionProps {
  /** e.g. `llm-platform-prod`. */
  readonly namePrefix: string;
  /** The second region. */
  readonly region: string;
  /** The AWS provider aliased to that region. */
  readonly provider: TerraformProvider;
}

/** A bucket to replicate and what its replica needs. */
export interface BucketReplicationProps {
  /** Config name, keys the construct ids. */
  readonly name: string;
  readonly source: SecureBucket;
  /** The key the source objects are encrypted with. */
  readonly sourceKmsKeyArn: string;
  /** Name of the replica bucket in the second region. */
  readonly replicaBucketName: string;
  readonly noncurrentVersionExpirationDays: number;
  readonly abortIncompleteMultipartUploadDays: number;
}

/**
 * The data layer's footprint in the disaster-recovery region: customer-managed
 * keys there (one per purpose, created when first asked for, same aliases as
 * in the primary region), replica buckets with S3 cross-region replication,
 * and RDS automated backup replication. Everything here uses the provider
 * aliased to that region.
 */
export class ReplicaRegion extends Construct {
  readonly region: string;
  private readonly props: ReplicaRegionProps;
  private readonly keys = new Map<ReplicaKeyPurpose, CustomerManagedKey>();

  constructor(scope: Construct, id: string, props: ReplicaRegionProps) {
    super(scope, id);
    this.props = props;
    this.region = props.region;
  }

  /** ARN of this region's key for `purpose` (alias `<namePrefix>/data-<purpose>`). */
  keyArn(purpose: ReplicaKeyPurpose): string {
    let key = this.keys.get(purpose);
    if (!key) {
      // Logs and alarms keys let CloudWatch of this region use them, like their primary-region twins.
      const regionScope = { ...AwsScope.of(this), region: this.region };
      key = new CustomerManagedKey(this, `key-${purpose}`, {
        alias: `${this.props.namePrefix}/data-${purpose}`,
        description: `Encrypts the ${purpose} replicas of ${this.props.namePrefix} in ${this.region}`,
        serviceGrants: purpose === "logs" || purpose === "alarms" ? dataKeyServiceGrants(regionScope, this.props.namePrefix)[purpose] : undefined,
        provider: this.props.provider,
      });
      this.keys.set(purpose, key);
    }
    return key.arn;
  }

  /**
   * A replica bucket (same protections as the source, encrypted with this
   * region's bucket key) and the source's replication of every object, delete
   * markers included, through a role that may read the source's versions and
   * write only the replica.
   */
  replicateBucket(props: BucketReplicationProps): SecureBucket {
    const replicaKeyArn = this.keyArn("buckets");
    const replica = new SecureBucket(this, `bucket-${props.name}`, {
      bucketName: props.replicaBucketName,
      kmsKeyArn: replicaKeyArn,
      noncurrentVersionExpirationDays: props.noncurrentVersionExpirationDays,
      abortIncompleteMultipartUploadDays: props.abortIncompleteMultipartUploadDays,
    });
    placeInRegion(replica, this.props.provider);
    const source = props.source;
    // The stack's scope is the source bucket's region; the replica's is this region.
    const account = AwsScope.of(this);
    const replicaScope = { ...account, region: this.region };
    const role = new PolicyRole(this, `replication-role-${props.name}`, {
      // At most 62 characters: the bucket name check keeps `<namePrefix>-<name>` within 50.
      name: `${this.props.namePrefix}-${props.name}-replication`,
      description: `S3 replication of ${props.name} to ${this.region}`,
      trust: [
        {
          effect: "Allow",
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["s3.amazonaws.com"] }],
          condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [account.accountId] }],
        },
      ],
      statements: [
        { sid: "ReadSourceConfiguration", effect: "Allow", actions: ["s3:GetReplicationConfiguration", "s3:ListBucket"], resources: [source.arn] },
        {
          sid: "ReadSourceVersions",
          effect: "Allow",
          actions: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
          resources: [`${source.arn}/*`],
        },
        {
          sid: "WriteReplica",
          effect: "Allow",
          actions: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
          resources: [`${replica.arn}/*`],
        },
        {
          sid: "DecryptSource",
          effect: "Allow",
          actions: ["kms:Decrypt"],
          resources: [props.sourceKmsKeyArn],
          condition: [{ test: "StringEquals", variable: "kms:ViaService", values: [regionalService(account, "s3")] }],
        },
        {
          sid: "EncryptReplica",
          effect: "Allow",
          actions: ["kms:Encrypt", "kms:GenerateDataKey"],
          resources: [replicaKeyArn],
          condition: [{ test: "StringEquals", variable: "kms:ViaService", values: [regionalService(replicaScope, "s3")] }],
        },
      ],
    });
    new S3BucketReplicationConfigurationA(this, `replication-${props.name}`, {
      bucket: source.bucket.id,
      role: role.arn,
      rule: [
        {
          id: `to-${this.region}`,
          status: "Enabled",
          filter: { prefix: "" },
          deleteMarkerReplication: { status: "Enabled" },
          sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
          destination: {
            bucket: replica.arn,
            storageClass: "STANDARD",
            encryptionConfiguration: { replicaKmsKeyId: replicaKeyArn },
          },
        },
      ],
      // S3 refuses a replication configuration until versioning is on at the source.
      dependsOn: [source.versioning],
    });
    return replica;
  }

  /**
   * RDS replicates the instance's automated backups and transaction logs to
   * this region (point-in-time restore there), encrypted with this region's
   * database key.
   */
  replicateAutomatedBackups(sourceDbInstanceArn: string, retentionDays: number): DbInstanceAutomatedBackupsReplication {
    return new DbInstanceAutomatedBackupsReplication(this, "database-backups", {
      sourceDbInstanceArn,
      kmsKeyId: this.keyArn("database"),
      retentionPeriod: retentionDays,
      provider: this.props.provider,
    });
  }
}
