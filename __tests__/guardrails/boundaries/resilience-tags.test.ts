import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CognitoUserPool } from "@cdktf/provider-aws/lib/cognito-user-pool";
import { DataAwsVpc } from "@cdktf/provider-aws/lib/data-aws-vpc";
import { DbInstance, DbInstanceConfig } from "@cdktf/provider-aws/lib/db-instance";
import { DynamodbTable, DynamodbTableConfig } from "@cdktf/provider-aws/lib/dynamodb-table";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { ElasticacheReplicationGroup, ElasticacheReplicationGroupConfig } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { RdsCluster, RdsClusterConfig } from "@cdktf/provider-aws/lib/rds-cluster";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { App, TerraformStack } from "cdktf";
import { RESERVED_TAG_KEYS, type Stage } from "../../../src/config";
import { applyGuardrails } from "../../../src/guardrails";
import { BACKUPS, MIN_PROD_BACKUP_RETENTION_DAYS } from "../../../src/guardrails/rules/resilience";
import { violationsOf } from "../../support/guardrails";
import { problems, violations } from "../../support/rule-fixtures";

const table = (patch: Partial<DynamodbTableConfig>) => (stack: TerraformStack) =>
  new DynamodbTable(stack, "r", { name: "t", hashKey: "id", attribute: [{ name: "id", type: "S" }], ...patch });

describe("RES001 deletion protection and prevent_destroy", () => {
  it.each(["dev", "staging"] as const)("does not apply in %s", (stage) => {
    expect(violations("RES001", table({ deletionProtectionEnabled: false }), stage)).toEqual([]);
  });

  describe("in prod", () => {
    it.each([
      [
        "aws_dynamodb_table deletion_protection_enabled",
        table({ deletionProtectionEnabled: true }),
        table({ deletionProtectionEnabled: false }),
        table({}),
        "deletion_protection_enabled",
        "true",
        "false",
      ],
      [
        "aws_rds_cluster deletion_protection",
        (stack: TerraformStack) => new RdsCluster(stack, "r", { engine: "aurora-postgresql", deletionProtection: true }),
        (stack: TerraformStack) => new RdsCluster(stack, "r", { engine: "aurora-postgresql", deletionProtection: false }),
        (stack: TerraformStack) => new RdsCluster(stack, "r", { engine: "aurora-postgresql" }),
        "deletion_protection",
        "true",
        "false",
      ],
      [
        "aws_cognito_user_pool deletion_protection",
        (stack: TerraformStack) => new CognitoUserPool(stack, "r", { name: "u", deletionProtection: "ACTIVE" }),
        (stack: TerraformStack) => new CognitoUserPool(stack, "r", { name: "u", deletionProtection: "INACTIVE" }),
        (stack: TerraformStack) => new CognitoUserPool(stack, "r", { name: "u" }),
        "deletion_protection",
        '"ACTIVE"',
        '"INACTIVE"',
      ],
    ])("%s: on passes, off fails, absent fails", (_name, on, off, absent, argument, value, offText) => {
      expect(violations("RES001", on, "prod")).toEqual([]);
      expect(violations("RES001", off, "prod")).toEqual(problems(`${argument} is ${offText}, must be ${value}`));
      expect(violations("RES001", absent, "prod")).toEqual(problems(`${argument} is null, must be ${value}`));
    });

    it.each([
      [
        "aws_s3_bucket force_destroy",
        (stack: TerraformStack, value?: boolean) => new S3Bucket(stack, "r", { bucket: "b", forceDestroy: value }),
        "force_destroy",
      ],
      [
        "aws_ecr_repository force_delete",
        (stack: TerraformStack, value?: boolean) => new EcrRepository(stack, "r", { name: "e", forceDelete: value }),
        "force_delete",
      ],
    ])("%s: off or absent passes, on fails", (_name, build, argument) => {
      expect(violations("RES001", (stack) => build(stack, false), "prod")).toEqual([]);
      expect(violations("RES001", (stack) => build(stack, undefined), "prod")).toEqual([]);
      expect(violations("RES001", (stack) => build(stack, true), "prod")).toEqual(problems(`${argument} is true, must be false`));
    });

    it("requires prevent_destroy on a stateful type without a protection argument, and nothing on stateless types", () => {
      expect(violations("RES001", (stack) => new CloudwatchLogGroup(stack, "r", { name: "l" }), "prod")).toEqual([]);
      const unprotected = (stack: TerraformStack) => new CloudwatchLogGroup(stack, "r", { name: "l" }).addOverride("lifecycle.prevent_destroy", false);
      expect(violations("RES001", unprotected, "prod")).toEqual(problems("lifecycle.prevent_destroy is not true"));
      const stateless = (stack: TerraformStack) =>
        new VpcSecurityGroupIngressRule(stack, "r", { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4: "10.0.0.0/8" });
      expect(violations("RES001", stateless, "prod")).toEqual([]);
    });

    it("reports protection and prevent_destroy together", () => {
      const both = (stack: TerraformStack) => table({ deletionProtectionEnabled: false })(stack).addOverride("lifecycle.prevent_destroy", false);
      expect(violations("RES001", both, "prod")).toEqual(
        problems("deletion_protection_enabled is false, must be true", "lifecycle.prevent_destroy is not true"),
      );
    });
  });
});

describe("RES002 backups", () => {
  const MIN = MIN_PROD_BACKUP_RETENTION_DAYS;
  const NO_FINAL = "no final snapshot (skip_final_snapshot must be false and final_snapshot_identifier set)";
  const retentionProblem = (argument: string, value: unknown) => `${argument} is ${JSON.stringify(value ?? null)}, must be at least ${MIN}`;

  it("has fixtures for every type it covers", () => {
    expect(Object.keys(BACKUPS).sort()).toEqual([
      "aws_db_instance",
      "aws_dynamodb_table",
      "aws_elasticache_replication_group",
      "aws_rds_cluster",
      "aws_s3_bucket",
    ]);
  });

  it.each(["dev", "staging"] as const)("does not apply in %s", (stage) => {
    expect(violations("RES002", table({}), stage)).toEqual([]);
  });

  describe.each([
    [
      "aws_rds_cluster",
      (stack: TerraformStack, patch: Partial<RdsClusterConfig & DbInstanceConfig>) => new RdsCluster(stack, "r", { engine: "aurora-postgresql", ...patch }),
    ],
    [
      "aws_db_instance",
      (stack: TerraformStack, patch: Partial<RdsClusterConfig & DbInstanceConfig>) =>
        new DbInstance(stack, "r", { instanceClass: "db.t3.micro", engine: "postgres", ...(patch as Partial<DbInstanceConfig>) }),
    ],
  ])("%s in prod", (_type, build) => {
    const GOOD = { backupRetentionPeriod: MIN, skipFinalSnapshot: false, finalSnapshotIdentifier: "final" };
    const check = (patch: object) => violations("RES002", (stack) => build(stack, { ...GOOD, ...patch }), "prod");
    it(`passes with ${MIN} days and a final snapshot`, () => {
      expect(check({})).toEqual([]);
      expect(check({ backupRetentionPeriod: 35 })).toEqual([]);
      expect(check({ skipFinalSnapshot: undefined })).toEqual([]);
    });
    it.each([MIN - 1, 0, undefined])("fails with a retention of %s", (days) => {
      expect(check({ backupRetentionPeriod: days })).toEqual(problems(retentionProblem("backup_retention_period", days)));
    });
    it("fails when the final snapshot is skipped, even with an identifier", () => {
      expect(check({ skipFinalSnapshot: true })).toEqual(problems(NO_FINAL));
    });
    it("fails without a final snapshot identifier, even when not skipped", () => {
      expect(check({ finalSnapshotIdentifier: undefined })).toEqual(problems(NO_FINAL));
    });
  });

  describe("aws_elasticache_replication_group in prod", () => {
    const GOOD = { replicationGroupId: "c", description: "c", snapshotRetentionLimit: MIN, finalSnapshotIdentifier: "final" };
    const check = (patch: Partial<ElasticacheReplicationGroupConfig>) =>
      violations("RES002", (stack) => new ElasticacheReplicationGroup(stack, "r", { ...GOOD, ...patch }), "prod");
    it("passes with snapshots kept long enough and a final one", () => expect(check({})).toEqual([]));
    it.each([MIN - 1, undefined])("fails with a snapshot retention of %s", (days) => {
      expect(check({ snapshotRetentionLimit: days })).toEqual(problems(retentionProblem("snapshot_retention_limit", days)));
    });
    it("fails without a final snapshot", () => {
      expect(check({ finalSnapshotIdentifier: undefined })).toEqual(problems("final_snapshot_identifier is not set"));
    });
  });

  it("aws_dynamodb_table in prod needs point-in-time recovery on", () => {
    expect(violations("RES002", table({ pointInTimeRecovery: { enabled: true } }), "prod")).toEqual([]);
    expect(violations("RES002", table({ pointInTimeRecovery: { enabled: false } }), "prod")).toEqual(problems("point_in_time_recovery.enabled is not true"));
    expect(violations("RES002", table({}), "prod")).toEqual(problems("point_in_time_recovery.enabled is not true"));
  });

  it("aws_s3_bucket in prod needs its own versioning enabled", () => {
    const bucket =
      (status: string | undefined, own = true) =>
      (stack: TerraformStack) => {
        const target = new S3Bucket(stack, "r", { bucket: "b" });
        const other = new S3Bucket(stack, "other", { bucket: "o" });
        if (status) new S3BucketVersioningA(stack, "versioning", { bucket: (own ? target : other).id, versioningConfiguration: { status } });
      };
    const mine = (build: (stack: TerraformStack) => void) => violations("RES002", build, "prod").filter((v) => v.startsWith("r:"));
    expect(mine(bucket("Enabled"))).toEqual([]);
    expect(mine(bucket("Suspended"))).toEqual(problems("no aws_s3_bucket_versioning enables versioning"));
    expect(mine(bucket(undefined))).toEqual(problems("no aws_s3_bucket_versioning enables versioning"));
    expect(mine(bucket("Enabled", false))).toEqual(problems("no aws_s3_bucket_versioning enables versioning"));
  });
});

describe("TAG001 required tags", () => {
  const stackWith = (defaultTags: Record<string, string> | undefined, stage: Stage = "dev", alias?: string) => {
    const stack = new TerraformStack(new App(), `${stage}-tags`);
    new AwsProvider(stack, "aws", { region: "us-east-1", defaultTags: defaultTags ? [{ tags: defaultTags }] : undefined });
    const aliased = alias ? new AwsProvider(stack, "aws-other", { alias, region: "eu-west-1", defaultTags: [{ tags: { Project: "p" } }] }) : undefined;
    applyGuardrails(stack, { stage, requiredTags: RESERVED_TAG_KEYS });
    return { stack, aliased };
  };
  const all = Object.fromEntries(RESERVED_TAG_KEYS.map((key) => [key, "x"]));
  const withoutOne = (key: string) => Object.fromEntries(RESERVED_TAG_KEYS.filter((k) => k !== key).map((k) => [k, "x"]));

  it.each(RESERVED_TAG_KEYS)("fails when %s is in neither default_tags nor tags, in every stage", (key) => {
    for (const stage of ["dev", "prod"] as const) {
      const { stack } = stackWith(withoutOne(key), stage);
      new Vpc(stack, "r", { cidrBlock: "10.0.0.0/16" });
      expect(violationsOf(stack, "TAG001")).toEqual([`r: lacks the tags ${key} (neither default_tags nor tags set them)`]);
    }
  });

  it.each(RESERVED_TAG_KEYS)("passes when the resource's own tags add %s", (key) => {
    const { stack } = stackWith(withoutOne(key));
    new Vpc(stack, "r", { cidrBlock: "10.0.0.0/16", tags: { [key]: "x" } });
    expect(violationsOf(stack, "TAG001")).toEqual([]);
  });

  it("passes with every tag on the resource and no default_tags", () => {
    const { stack } = stackWith(undefined);
    new Vpc(stack, "r", { cidrBlock: "10.0.0.0/16", tags: all });
    expect(violationsOf(stack, "TAG001")).toEqual([]);
  });

  it("reads the default_tags of the provider the resource uses", () => {
    const { stack, aliased } = stackWith(all, "dev", "other");
    new Vpc(stack, "r", { cidrBlock: "10.0.0.0/16", provider: aliased });
    new Vpc(stack, "default", { cidrBlock: "10.1.0.0/16" });
    expect(violationsOf(stack, "TAG001")).toEqual([
      `r: lacks the tags ${RESERVED_TAG_KEYS.filter((key) => key !== "Project").join(", ")} (neither default_tags nor tags set them)`,
    ]);
  });

  it("ignores data sources and resources that take no tags", () => {
    const { stack } = stackWith(undefined);
    new DataAwsVpc(stack, "data", { default: true });
    new S3BucketPolicy(stack, "policy", { bucket: "b", policy: "{}" });
    expect(violationsOf(stack, "TAG001")).toEqual([]);
  });
});
