import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";
import type { BucketRef } from "../../contracts";
import { suppressPolicy } from "../../guardrails/suppressions";
import { AwsScope, s3ObjectArn } from "../iam/arn";
import { BucketGrants } from "./grants";

export interface SecureBucketProps {
  readonly bucketName: string;
  /**
   * SSE-KMS key (with an S3 bucket key, so KMS calls stay few). Default: none,
   * meaning SSE-S3: only for access-log buckets, since S3 server access logging
   * cannot deliver to a bucket whose default encryption is SSE-KMS.
   */
  readonly kmsKeyArn?: string;
  /** Default: 90 days. */
  readonly noncurrentVersionExpirationDays?: number;
  /** Default: 7 days. */
  readonly abortIncompleteMultipartUploadDays?: number;
  /** Expire current objects after this many days. Default: never (log buckets set it). */
  readonly expirationDays?: number;
  /** Server access logs go here, under `<bucketName>/`. Default: no access logging. */
  readonly accessLogBucket?: string;
  /** Statements added to the bucket policy after the TLS-only denial. Default: none. */
  readonly policyStatements?: DataAwsIamPolicyDocumentStatement[];
}

/**
 * An S3 bucket that is private and durable by default: versioning, default
 * encryption, every public-access block on, ACLs disabled (bucket owner
 * enforced), a policy that refuses any request not made over TLS, lifecycle
 * rules for noncurrent versions and stale multipart uploads, and optionally
 * server access logging.
 */
export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;
  /** What grants and other layers need: name, ARN, key. */
  readonly ref: BucketRef;
  /** Versioning; replication configurations must wait for it. */
  readonly versioning: S3BucketVersioningA;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    this.bucket = new S3Bucket(this, "bucket", { bucket: props.bucketName });
    this.ref = {
      name: this.bucket.bucket,
      arn: this.bucket.arn,
      key: props.kmsKeyArn === undefined ? undefined : { arn: props.kmsKeyArn },
    };
    const bucket = this.bucket.id;
    new S3BucketPublicAccessBlock(this, "public-access-block", {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } });
    this.versioning = new S3BucketVersioningA(this, "versioning", { bucket, versioningConfiguration: { status: "Enabled" } });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket,
      rule: [
        props.kmsKeyArn
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.kmsKeyArn }, bucketKeyEnabled: true }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
      ],
    });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket,
      rule: [
        {
          id: "expire-noncurrent-versions",
          status: "Enabled",
          filter: [{ prefix: "" }],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionExpirationDays ?? 90 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: props.abortIncompleteMultipartUploadDays ?? 7 }],
          expiration: (props.expirationDays ?? 0) > 0 ? [{ days: props.expirationDays }] : undefined,
        },
      ],
    });
    const policy = new DataAwsIamPolicyDocument(this, "policy-document", {
      statement: [
        {
          sid: "DenyInsecureTransport",
          effect: "Deny",
          actions: ["s3:*"],
          principals: [{ type: "*", identifiers: ["*"] }],
          resources: [this.bucket.arn, `${this.bucket.arn}/*`],
          condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
        ...(props.policyStatements ?? []),
      ],
    });
    new S3BucketPolicy(this, "policy", { bucket, policy: policy.json });
    if (props.accessLogBucket) {
      new S3BucketLoggingA(this, "access-logging", {
        bucket,
        targetBucket: props.accessLogBucket,
        targetPrefix: `${props.bucketName}/`,
      });
    }
  }

  get name(): string {
    return this.bucket.bucket;
  }

  /** Grants on the bucket's objects. */
  get grants(): BucketGrants {
    return new BucketGrants(this.ref);
  }

  get arn(): string {
    return this.bucket.arn;
  }
}

export interface AccessLogBucketProps {
  readonly bucketName: string;
  /** Days access logs are kept. Default: 365. */
  readonly retentionDays?: number;
}

/**
 * The target of S3 server access logs: a {@link SecureBucket} with SSE-S3 (the
 * log delivery service cannot write SSE-KMS by default), whose policy lets the
 * S3 logging service of this account (the stack's) write objects and nothing else.
 */
export class AccessLogBucket extends SecureBucket {
  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    const aws = AwsScope.of(scope);
    super(scope, id, {
      bucketName: props.bucketName,
      expirationDays: props.retentionDays ?? 365,
      noncurrentVersionExpirationDays: 30,
      policyStatements: [
        {
          sid: "S3ServerAccessLogDelivery",
          effect: "Allow",
          actions: ["s3:PutObject"],
          principals: [{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }],
          resources: [s3ObjectArn(aws, props.bucketName)],
          condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [aws.accountId] }],
        },
      ],
    });
    suppressPolicy(this.bucket, "ENC001", "S3 server access log delivery writes only to targets encrypted with SSE-S3 (AES256), not SSE-KMS", [
      "aws_s3_bucket_server_side_encryption_configuration",
    ]);
  }
}
