import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { EbsVolume } from "@cdktf/provider-aws/lib/ebs-volume";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { EfsFileSystem } from "@cdktf/provider-aws/lib/efs-file-system";
import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { ElasticacheServerlessCache } from "@cdktf/provider-aws/lib/elasticache-serverless-cache";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KinesisStream } from "@cdktf/provider-aws/lib/kinesis-stream";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { OpensearchDomain } from "@cdktf/provider-aws/lib/opensearch-domain";
import { RdsCluster } from "@cdktf/provider-aws/lib/rds-cluster";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { TerraformStack } from "cdktf";
import { ENCRYPTION_AT_REST } from "../../../src/guardrails/rules/encryption";
import { CUSTOMER_KEYS, NOT_CUSTOMER_KEYS, customerKey, problems, violations } from "../../support/rule-fixtures";

/** How a resource type under ENC001 is built with a key argument and, where it has one, an encryption flag. */
interface AtRestFixture {
  /** Builds the resource `r` with the key (a value or nothing) and the flag (`undefined`: argument absent). */
  make(stack: TerraformStack, key: string | undefined, enabled: boolean | undefined): void;
  /** The problem ENC001 reports for a key that is not a customer key. */
  readonly keyProblem: string;
  /** The problem it reports for the flag false or absent; absent when the type has no flag. */
  readonly flagProblem?: string;
}

const flagText = (enabled: boolean | undefined) => (enabled === undefined ? undefined : String(enabled));

const FIXTURES: Record<string, AtRestFixture> = {
  aws_cloudwatch_log_group: {
    make: (stack, key) => new CloudwatchLogGroup(stack, "r", { name: "logs", retentionInDays: 365, kmsKeyId: key }),
    keyProblem: "kms_key_id does not name a customer-managed KMS key",
  },
  aws_db_instance: {
    make: (stack, key, enabled) =>
      new DbInstance(stack, "r", { instanceClass: "db.t3.micro", engine: "postgres", allocatedStorage: 20, storageEncrypted: enabled, kmsKeyId: key }),
    keyProblem: "kms_key_id does not name a customer-managed KMS key",
    flagProblem: "storage_encrypted is not true",
  },
  aws_rds_cluster: {
    make: (stack, key, enabled) => new RdsCluster(stack, "r", { engine: "aurora-postgresql", storageEncrypted: enabled, kmsKeyId: key }),
    keyProblem: "kms_key_id does not name a customer-managed KMS key",
    flagProblem: "storage_encrypted is not true",
  },
  aws_elasticache_replication_group: {
    make: (stack, key, enabled) =>
      new ElasticacheReplicationGroup(stack, "r", {
        replicationGroupId: "cache",
        description: "cache",
        atRestEncryptionEnabled: flagText(enabled),
        kmsKeyId: key,
      }),
    keyProblem: "kms_key_id does not name a customer-managed KMS key",
    flagProblem: "at_rest_encryption_enabled is not true",
  },
  aws_elasticache_serverless_cache: {
    make: (stack, key) => new ElasticacheServerlessCache(stack, "r", { name: "cache", engine: "valkey", kmsKeyId: key }),
    keyProblem: "kms_key_id does not name a customer-managed KMS key",
  },
  aws_opensearch_domain: {
    make: (stack, key, enabled) => new OpensearchDomain(stack, "r", { domainName: "search", encryptAtRest: { enabled: enabled as boolean, kmsKeyId: key } }),
    keyProblem: "encrypt_at_rest.kms_key_id does not name a customer-managed KMS key",
    flagProblem: "encrypt_at_rest.enabled is not true",
  },
  aws_dynamodb_table: {
    make: (stack, key, enabled) =>
      new DynamodbTable(stack, "r", {
        name: "t",
        hashKey: "id",
        attribute: [{ name: "id", type: "S" }],
        serverSideEncryption: { enabled: enabled as boolean, kmsKeyArn: key },
      }),
    keyProblem: "server_side_encryption.kms_key_arn does not name a customer-managed KMS key",
    flagProblem: "server_side_encryption.enabled is not true",
  },
  aws_secretsmanager_secret: {
    make: (stack, key) => new SecretsmanagerSecret(stack, "r", { name: "s", kmsKeyId: key }),
    keyProblem: "kms_key_id does not name a customer-managed KMS key",
  },
  aws_sns_topic: {
    make: (stack, key) => new SnsTopic(stack, "r", { name: "t", kmsMasterKeyId: key }),
    keyProblem: "kms_master_key_id does not name a customer-managed KMS key",
  },
  aws_sqs_queue: {
    make: (stack, key) => new SqsQueue(stack, "r", { name: "q", kmsMasterKeyId: key }),
    keyProblem: "kms_master_key_id does not name a customer-managed KMS key",
  },
  aws_kinesis_stream: {
    make: (stack, key) => new KinesisStream(stack, "r", { name: "k", encryptionType: "KMS", kmsKeyId: key }),
    keyProblem: "kms_key_id does not name a customer-managed KMS key",
  },
  aws_ebs_volume: {
    make: (stack, key, enabled) => new EbsVolume(stack, "r", { availabilityZone: "us-east-1a", size: 10, encrypted: enabled, kmsKeyId: key }),
    keyProblem: "kms_key_id does not name a customer-managed KMS key",
    flagProblem: "encrypted is not true",
  },
  aws_efs_file_system: {
    make: (stack, key, enabled) => new EfsFileSystem(stack, "r", { encrypted: enabled, kmsKeyId: key }),
    keyProblem: "kms_key_id does not name a customer-managed KMS key",
    flagProblem: "encrypted is not true",
  },
  aws_ecr_repository: {
    make: (stack, key, enabled) =>
      new EcrRepository(stack, "r", {
        name: "images",
        encryptionConfiguration: [{ encryptionType: enabled === undefined ? undefined : enabled ? "KMS" : "AES256", kmsKey: key }],
      }),
    keyProblem: "encryption_configuration.encryption_type is not KMS with a customer-managed kms_key",
    flagProblem: "encryption_configuration.encryption_type is not KMS with a customer-managed kms_key",
  },
  aws_eks_cluster: {
    make: (stack, key, enabled) =>
      new EksCluster(stack, "r", {
        name: "c",
        roleArn: "arn:aws:iam::123456789012:role/c",
        vpcConfig: { subnetIds: ["s"] },
        encryptionConfig: { resources: enabled === false ? ["configmaps"] : ["secrets"], provider: { keyArn: key as string } },
      }),
    keyProblem: "encryption_config does not encrypt secrets with a customer-managed key",
  },
  aws_launch_template: {
    make: (stack, key, enabled) =>
      new LaunchTemplate(stack, "r", {
        metadataOptions: { httpTokens: "required" },
        blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 20, encrypted: flagText(enabled), kmsKeyId: key } }],
      }),
    keyProblem: "/dev/xvda is not encrypted with a customer-managed KMS key (ebs.encrypted, ebs.kms_key_id)",
    flagProblem: "/dev/xvda is not encrypted with a customer-managed KMS key (ebs.encrypted, ebs.kms_key_id)",
  },
  aws_s3_bucket: {
    make: (stack, key, enabled) => {
      const bucket = new S3Bucket(stack, "r", { bucket: "b" });
      if (enabled === undefined) return; // no encryption configuration at all
      new S3BucketServerSideEncryptionConfigurationA(stack, "sse", {
        bucket: bucket.id,
        rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: enabled === false ? "AES256" : "aws:kms", kmsMasterKeyId: key } }],
      });
    },
    keyProblem: "no aws_s3_bucket_server_side_encryption_configuration applies aws:kms with a customer-managed key",
    flagProblem: "no aws_s3_bucket_server_side_encryption_configuration applies aws:kms with a customer-managed key",
  },
};

describe("ENC001 encryption at rest: one fault at a time on every type it covers", () => {
  it("has a fixture for every type the rule checks", () => {
    expect(Object.keys(FIXTURES).sort()).toEqual(Object.keys(ENCRYPTION_AT_REST).sort());
  });

  describe.each(Object.entries(FIXTURES))("%s", (_type, fixture) => {
    it.each(Object.entries(CUSTOMER_KEYS))("passes with %s", (_name, key) => {
      expect(violations("ENC001", (stack) => fixture.make(stack, key(stack), true))).toEqual([]);
    });

    it.each(Object.entries(NOT_CUSTOMER_KEYS))("fails with %s", (_name, key) => {
      expect(violations("ENC001", (stack) => fixture.make(stack, key(stack), true))).toEqual(problems(fixture.keyProblem));
    });

    if (fixture.flagProblem) {
      it.each([false, undefined])("fails with encryption set to %s, even with a customer key", (enabled) => {
        expect(violations("ENC001", (stack) => fixture.make(stack, customerKey(stack), enabled))).toEqual(problems(fixture.flagProblem!));
      });
    }
  });
});

describe("ENC001 on the shapes around the key", () => {
  it("reports a missing encryption block as such", () => {
    expect(violations("ENC001", (stack) => new DynamodbTable(stack, "r", { name: "t", hashKey: "id", attribute: [{ name: "id", type: "S" }] }))).toEqual(
      problems("server_side_encryption is not set"),
    );
    expect(violations("ENC001", (stack) => new OpensearchDomain(stack, "r", { domainName: "search" }))).toEqual(problems("encrypt_at_rest is not set"));
    expect(violations("ENC001", (stack) => new EcrRepository(stack, "r", { name: "images" }))).toEqual(problems("encryption_configuration is not set"));
  });

  it("reports the flag and the key of one resource separately", () => {
    expect(violations("ENC001", (stack) => FIXTURES.aws_rds_cluster.make(stack, undefined, false))).toEqual(
      problems("storage_encrypted is not true", "kms_key_id does not name a customer-managed KMS key"),
    );
  });

  it("accepts an EKS cluster that encrypts secrets among other resources, and fails one without encryption config", () => {
    const cluster = (stack: TerraformStack, encryptionConfig?: EksCluster["encryptionConfigInput"]) =>
      new EksCluster(stack, "r", { name: "c", roleArn: "arn:aws:iam::123456789012:role/c", vpcConfig: { subnetIds: ["s"] }, encryptionConfig });
    expect(violations("ENC001", (stack) => cluster(stack, { resources: ["configmaps", "secrets"], provider: { keyArn: customerKey(stack) } }))).toEqual([]);
    expect(violations("ENC001", (stack) => cluster(stack))).toEqual(problems("encryption_config does not encrypt secrets with a customer-managed key"));
  });

  it("checks each block device of a launch template, and ignores mappings without EBS", () => {
    expect(
      violations(
        "ENC001",
        (stack) =>
          new LaunchTemplate(stack, "r", {
            blockDeviceMappings: [
              { deviceName: "/dev/xvda", ebs: { encrypted: "true", kmsKeyId: customerKey(stack) } },
              { deviceName: "/dev/xvdb", ebs: { encrypted: "false", kmsKeyId: customerKey(stack) } },
              { deviceName: "/dev/sdc", virtualName: "ephemeral0" },
              { ebs: { encrypted: "true" } },
            ],
          }),
      ),
    ).toEqual(
      problems(
        "/dev/xvdb is not encrypted with a customer-managed KMS key (ebs.encrypted, ebs.kms_key_id)",
        "a block device is not encrypted with a customer-managed KMS key (ebs.encrypted, ebs.kms_key_id)",
      ),
    );
    expect(violations("ENC001", (stack) => new LaunchTemplate(stack, "r", {}))).toEqual([]);
  });

  it("treats only data-source lookups of alias/aws/ as AWS-managed, not a resource that merely references such a name", () => {
    // AWS reserves alias/aws/ names, so no resource creates one; a reference to a resource stays a customer key.
    const logGroupKeyedBy = (key: (stack: TerraformStack) => string) =>
      violations("ENC001", (stack) => new CloudwatchLogGroup(stack, "r", { name: "logs", kmsKeyId: key(stack) }));
    expect(logGroupKeyedBy((stack) => new KmsAlias(stack, "alias", { name: "alias/aws/not-really", targetKeyId: customerKey(stack) }).targetKeyArn)).toEqual(
      [],
    );
  });

  describe("S3 buckets", () => {
    const bucketWith = (sse: (stack: TerraformStack, bucket: S3Bucket) => void) =>
      violations("ENC001", (stack) => sse(stack, new S3Bucket(stack, "r", { bucket: "b" })));
    const NO_CMK = "no aws_s3_bucket_server_side_encryption_configuration applies aws:kms with a customer-managed key";

    it("fail without any encryption configuration", () => {
      expect(bucketWith(() => undefined)).toEqual(problems(NO_CMK));
    });

    it("pass with dual-layer aws:kms:dsse and a customer key", () => {
      expect(
        bucketWith(
          (stack, bucket) =>
            new S3BucketServerSideEncryptionConfigurationA(stack, "sse", {
              bucket: bucket.id,
              rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms:dsse", kmsMasterKeyId: customerKey(stack) } }],
            }),
        ),
      ).toEqual([]);
    });

    it("fail when the only configuration with a customer key belongs to another bucket", () => {
      expect(
        bucketWith((stack) => {
          const other = new S3Bucket(stack, "other", { bucket: "o" });
          new S3BucketServerSideEncryptionConfigurationA(stack, "sse", {
            bucket: other.id,
            rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: customerKey(stack) } }],
          });
        }).filter((violation) => violation.startsWith("r:")),
      ).toEqual(problems(NO_CMK));
    });

    it("fail with a rule that has no default encryption", () => {
      expect(
        bucketWith((stack, bucket) => new S3BucketServerSideEncryptionConfigurationA(stack, "sse", { bucket: bucket.id, rule: [{ bucketKeyEnabled: true }] })),
      ).toEqual(problems(NO_CMK));
    });
  });
});
