import { Testing, Token } from "cdktf";
import type { BucketRef, TableRef } from "../../src/contracts";
import {
  BucketGrants,
  CacheGrants,
  DatabaseGrants,
  ParameterGrants,
  SearchGrants,
  SecretGrants,
  TableGrants,
  TopicGrants,
} from "../../src/constructs/data/grants";
import { ConstructError } from "../../src/constructs/errors";
import { scopeOf } from "../../src/constructs/iam/arn";
import { PolicyRole } from "../../src/constructs/iam/policy-role";
import { KeyGrants } from "../../src/constructs/kms/key-grants";
import { UserInputError } from "../../src/config";
import { ScopedStack } from "../support/aws-stack";
import { policyStatements, resourcesOf, synthStack } from "../support/synth";

const TABLES_KEY = { arn: "arn:aws:kms:us-east-1:123456789012:key/tables" };
const BUCKETS_KEY = { arn: "arn:aws:kms:us-east-1:123456789012:key/buckets" };
const SECRETS_KEY = { arn: "arn:aws:kms:us-east-1:123456789012:key/secrets" };

function tableRef(name: string, extra: Partial<TableRef> = {}): TableRef {
  return { name, arn: `arn:aws:dynamodb:us-east-1:123456789012:table/${name}`, key: TABLES_KEY, hasIndexes: false, ...extra };
}
const CHATS = tableRef("chats", { hasIndexes: true, streamArn: "arn:aws:dynamodb:us-east-1:123456789012:table/chats/stream/1" });
const USERS = tableRef("users");
const BUCKET: BucketRef = { name: "docs", arn: "arn:aws:s3:::docs", key: BUCKETS_KEY };

/** A role in a scoped stack, `grant` applied to it, and its statements by sid (in order). */
function granted(grant: (role: PolicyRole) => void, awsScope?: ConstructorParameters<typeof ScopedStack>[2]) {
  const stack = new ScopedStack(Testing.app(), "test", awsScope);
  const role = new PolicyRole(stack, "role", { name: "grantee", description: "test", trust: [] });
  grant(role);
  const json = synthStack(stack);
  const statements = policyStatements(json, "role/permissions");
  return { json, statements, bySid: Object.fromEntries(statements.map((s: any) => [s.sid, s])) };
}

const via = (service: string) => [{ test: "StringEquals", variable: "kms:ViaService", values: [`${service}.us-east-1.amazonaws.com`] }];

describe("grantees", () => {
  it("a role without grants has no inline policy; grants make exactly one that grows", () => {
    const bare = new ScopedStack();
    new PolicyRole(bare, "role", { name: "grantee", description: "test", trust: [] });
    expect(resourcesOf(synthStack(bare), "aws_iam_role_policy")).toEqual({});
    const { json: withGrants, statements } = granted((role) => {
      new TableGrants(USERS).readData(role);
      new BucketGrants(BUCKET).read(role);
    });
    expect(Object.keys(resourcesOf(withGrants, "aws_iam_role_policy"))).toEqual(["role/policy"]);
    expect(statements.map((s: any) => s.sid)).toEqual(["TablesRead", "KeyViaDynamodbDecrypt", "BucketsList", "BucketObjectsRead", "KeyViaS3Decrypt"]);
  });

  it("the same grant on a second resource extends one statement, and names a shared key once", () => {
    const { statements, bySid } = granted((role) => {
      new TableGrants(CHATS).readWriteData(role);
      new TableGrants(USERS).readWriteData(role);
    });
    expect(statements).toHaveLength(2);
    expect(bySid.TablesReadWrite.resources).toEqual([CHATS.arn, `${CHATS.arn}/index/*`, USERS.arn]);
    expect(bySid.KeyViaDynamodbEncryptDecrypt.resources).toEqual([TABLES_KEY.arn]);
  });

  it("refuses two statements under one sid that differ in more than resources", () => {
    const stack = new ScopedStack();
    const role = new PolicyRole(stack, "role", { name: "grantee", description: "test", trust: [] });
    role.addToPolicy({ sid: "Same", effect: "Allow", actions: ["s3:GetObject"], resources: ["a"] });
    expect(() => role.addToPolicy({ sid: "Same", effect: "Allow", actions: ["s3:PutObject"], resources: ["b"] })).toThrow(
      "statement Same is granted twice with different actions or conditions",
    );
    const scoped = (variable: string) => ({
      sid: "Scoped",
      effect: "Allow",
      actions: ["kms:Decrypt"],
      resources: ["k"],
      condition: [{ test: "StringEquals", variable, values: ["v"] }],
    });
    role.addToPolicy(scoped("kms:ViaService"));
    expect(() => role.addToPolicy(scoped("kms:EncryptionContext:SecretARN"))).toThrow("statement Scoped is granted twice");
  });
});

describe("TableGrants", () => {
  it("read, write and read/write cover items only, with the table's key through DynamoDB", () => {
    const { bySid } = granted((role) => {
      const grants = new TableGrants(USERS);
      grants.readData(role);
      grants.writeData(role);
      grants.readWriteData(role);
    });
    expect(bySid.TablesRead.actions).toEqual([
      "dynamodb:BatchGetItem",
      "dynamodb:ConditionCheckItem",
      "dynamodb:DescribeTable",
      "dynamodb:GetItem",
      "dynamodb:Query",
      "dynamodb:Scan",
    ]);
    expect(bySid.TablesWrite.actions).toEqual([
      "dynamodb:BatchWriteItem",
      "dynamodb:DeleteItem",
      "dynamodb:DescribeTable",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
    ]);
    expect(bySid.TablesReadWrite.actions).toHaveLength(10);
    // No indexes, no /index/*.
    for (const sid of ["TablesRead", "TablesWrite", "TablesReadWrite"]) expect(bySid[sid].resources).toEqual([USERS.arn]);
    expect(bySid.KeyViaDynamodbDecrypt).toMatchObject({ actions: ["kms:Decrypt"], resources: [TABLES_KEY.arn], condition: via("dynamodb") });
    expect(bySid.KeyViaDynamodbEncryptDecrypt).toMatchObject({
      actions: ["kms:Decrypt", "kms:GenerateDataKey"],
      resources: [TABLES_KEY.arn],
      condition: via("dynamodb"),
    });
  });

  it("stream reads name the stream and decrypt through DynamoDB; a table without a stream is refused with its path", () => {
    const { bySid } = granted((role) => new TableGrants(CHATS).streamRead(role));
    expect(bySid.TableStreamsRead).toMatchObject({
      actions: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
      resources: [CHATS.streamArn],
    });
    expect(bySid.KeyViaDynamodbDecrypt.condition).toEqual(via("dynamodb"));
    const stack = new ScopedStack();
    const role = new PolicyRole(stack, "role", { name: "grantee", description: "test", trust: [] });
    const attempt = () => new TableGrants(USERS).streamRead(role);
    expect(attempt).toThrow(ConstructError);
    expect(attempt).toThrow(UserInputError);
    expect(attempt).toThrow("test/role: table users has no stream to grant reading");
  });
});

describe("BucketGrants", () => {
  it("read, write and read/write on every object, with the bucket's key through S3", () => {
    const { bySid } = granted((role) => {
      const grants = new BucketGrants(BUCKET);
      grants.read(role);
      grants.write(role);
      grants.readWrite(role);
    });
    expect(bySid.BucketsList).toEqual({ sid: "BucketsList", effect: "Allow", actions: ["s3:ListBucket"], resources: [BUCKET.arn] });
    expect(bySid.BucketObjectsRead).toMatchObject({ actions: ["s3:GetObject", "s3:GetObjectVersion"], resources: ["arn:aws:s3:::docs/*"] });
    expect(bySid.BucketObjectsWrite).toMatchObject({ actions: ["s3:PutObject", "s3:DeleteObject"], resources: ["arn:aws:s3:::docs/*"] });
    expect(bySid.BucketObjectsReadWrite.actions).toEqual(["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:GetObjectVersion"]);
    expect(bySid.KeyViaS3Decrypt).toMatchObject({ actions: ["kms:Decrypt"], resources: [BUCKETS_KEY.arn], condition: via("s3") });
    expect(bySid.KeyViaS3EncryptDecrypt.condition).toEqual(via("s3"));
  });

  it("by prefix: objects under it, listing limited to it", () => {
    const { bySid } = granted((role) => new BucketGrants(BUCKET).read(role, "uploads/*"));
    expect(bySid.BucketsListUploads).toMatchObject({
      resources: [BUCKET.arn],
      condition: [{ test: "StringLike", variable: "s3:prefix", values: ["uploads/*"] }],
    });
    expect(bySid.BucketObjectsReadUploads.resources).toEqual(["arn:aws:s3:::docs/uploads/*"]);
  });

  it("a bucket without a KMS key needs no key grant", () => {
    const { statements } = granted((role) => new BucketGrants({ name: "logs", arn: "arn:aws:s3:::logs" }).write(role));
    expect(statements.map((s: any) => s.sid)).toEqual(["BucketObjectsWrite"]);
  });
});

describe("SecretGrants, ParameterGrants and KeyGrants", () => {
  it("secrets and parameters are read with their key through their own service", () => {
    const { bySid } = granted((role) => {
      new SecretGrants({ arn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:x", key: SECRETS_KEY }).read(role);
      new ParameterGrants({ name: "/app/x", arn: "arn:aws:ssm:us-east-1:123456789012:parameter/app/x", key: SECRETS_KEY }).read(role);
    });
    expect(bySid.SecretsRead).toMatchObject({
      actions: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
      resources: ["arn:aws:secretsmanager:us-east-1:123456789012:secret:x"],
    });
    // Decryption through Secrets Manager, for this secret only.
    expect(bySid.KeyViaSecretsmanagerDecrypt).toMatchObject({
      resources: [SECRETS_KEY.arn],
      condition: [
        ...via("secretsmanager"),
        {
          test: "StringEquals",
          variable: "kms:EncryptionContext:SecretARN",
          values: ["arn:aws:secretsmanager:us-east-1:123456789012:secret:x"],
        },
      ],
    });
    expect(bySid.ParametersRead).toMatchObject({
      actions: ["ssm:GetParameter", "ssm:GetParameters"],
      resources: ["arn:aws:ssm:us-east-1:123456789012:parameter/app/x"],
    });
    expect(bySid.KeyViaSsmDecrypt).toMatchObject({ actions: ["kms:Decrypt"], condition: via("ssm") });
  });

  it("topics: publish to the one topic, with its key through SNS; an unencrypted topic needs no key grant", () => {
    const topic = { arn: "arn:aws:sns:us-east-1:123456789012:alarms", key: SECRETS_KEY };
    const { statements } = granted((role) => new TopicGrants(topic).publish(role));
    expect(statements).toEqual([
      { sid: "TopicsPublish", effect: "Allow", actions: ["sns:Publish"], resources: [topic.arn] },
      { sid: "KeyViaSnsEncryptDecrypt", effect: "Allow", actions: ["kms:Decrypt", "kms:GenerateDataKey"], resources: [SECRETS_KEY.arn], condition: via("sns") },
    ]);
    const plain = granted((role) => new TopicGrants({ arn: topic.arn }).publish(role));
    expect(plain.statements.map((s: any) => s.sid)).toEqual(["TopicsPublish"]);
  });

  it("a key's use is granted for one service and one use", () => {
    const { bySid } = granted((role) => new KeyGrants(SECRETS_KEY).useVia(role, "sqs", "encryptDecrypt"));
    expect(bySid.KeyViaSqsEncryptDecrypt).toEqual({
      sid: "KeyViaSqsEncryptDecrypt",
      effect: "Allow",
      actions: ["kms:Decrypt", "kms:GenerateDataKey"],
      resources: [SECRETS_KEY.arn],
      condition: via("sqs"),
    });
  });
});

describe("DatabaseGrants, CacheGrants and SearchGrants", () => {
  const DATABASE = { resourceId: "cluster-ABC123", masterSecret: { arn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!x", key: SECRETS_KEY } };

  it("database: rds-db:connect as one user of one cluster; the master secret only on request", () => {
    const { statements, bySid } = granted((role) => new DatabaseGrants(DATABASE).connect(role, "app"));
    expect(statements).toHaveLength(1);
    expect(bySid.DatabaseConnect).toEqual({
      sid: "DatabaseConnect",
      effect: "Allow",
      actions: ["rds-db:connect"],
      resources: ["arn:aws:rds-db:us-east-1:123456789012:dbuser:cluster-ABC123/app"],
    });
    const { bySid: master } = granted((role) => new DatabaseGrants(DATABASE).readMasterSecret(role));
    expect(master.SecretsRead.resources).toEqual([DATABASE.masterSecret.arn]);
    expect(master.KeyViaSecretsmanagerDecrypt.resources).toEqual([SECRETS_KEY.arn]);
  });

  it("cache: elasticache:Connect on the one replication group as a named user", () => {
    const cache = { replicationGroupId: "acme-dev-cache", userId: "acme-dev-app" };
    const { bySid } = granted((role) => new CacheGrants(cache).connect(role));
    expect(bySid.CacheConnect.resources).toEqual([
      "arn:aws:elasticache:us-east-1:123456789012:replicationgroup:acme-dev-cache",
      "arn:aws:elasticache:us-east-1:123456789012:user:acme-dev-app",
    ]);
    const { bySid: other } = granted((role) => new CacheGrants(cache).connect(role, "reporting"));
    expect(other.CacheConnect.resources[1]).toBe("arn:aws:elasticache:us-east-1:123456789012:user:reporting");
  });

  it("search: HTTP methods on index patterns, and the role mapping fine-grained access control needs", () => {
    const search = { domainArn: "arn:aws:es:us-east-1:123456789012:domain/acme" };
    let mapping: ReturnType<SearchGrants["http"]> | undefined;
    const { bySid } = granted((role) => {
      mapping = new SearchGrants(search).http(role, ["GET", "HEAD"], ["docs-*"]);
    });
    expect(bySid.SearchHttpGetHead).toEqual({
      sid: "SearchHttpGetHead",
      effect: "Allow",
      actions: ["es:ESHttpGet", "es:ESHttpHead"],
      resources: ["arn:aws:es:us-east-1:123456789012:domain/acme/docs-*"],
    });
    expect(mapping).toEqual({ backendRole: expect.any(String), indexPatterns: ["docs-*"], allowedActions: ["read"] });
    expect(Token.isUnresolved(mapping!.backendRole)).toBe(true);
  });
});

describe("partitions", () => {
  it("ARNs a grant builds carry the stack's partition", () => {
    const { bySid } = granted((role) => new CacheGrants({ replicationGroupId: "g", userId: "u" }).connect(role), scopeOf("123456789012", "us-gov-west-1"));
    expect(bySid.CacheConnect.resources).toEqual([
      "arn:aws-us-gov:elasticache:us-gov-west-1:123456789012:replicationgroup:g",
      "arn:aws-us-gov:elasticache:us-gov-west-1:123456789012:user:u",
    ]);
  });

  it("key use names the service endpoint of the stack's partition", () => {
    const { bySid } = granted((role) => new TableGrants(USERS).readData(role), scopeOf("123456789012", "cn-north-1"));
    expect(bySid.KeyViaDynamodbDecrypt.condition).toEqual([
      { test: "StringEquals", variable: "kms:ViaService", values: ["dynamodb.cn-north-1.amazonaws.com.cn"] },
    ]);
  });
});
