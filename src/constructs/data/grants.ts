import type { BucketRef, CacheRef, DatabaseRef, ParameterRef, SearchRef, SecretRef, TableRef, TopicRef } from "../../contracts";
import { AwsScope, formatArn } from "../iam/arn";
import { Grantee, PolicyStatement, sidPart } from "../iam/grant";
import { KeyGrants, KeyUse } from "../kms/key-grants";
import { ConstructError } from "../errors";

/**
 * Grants on the data layer's resources. Each class wraps a reference from
 * `src/contracts.ts`, so it works in the owning stack and across stacks alike;
 * each grant adds least-privilege statements to the grantee's policy, the key's
 * use through the resource's own service included. Statement ids are fixed per
 * kind of grant, so granting the same access on a second resource extends the
 * same statement.
 */

type Access = "read" | "write" | "readWrite";

const KEY_USE: Record<Access, KeyUse> = { read: "decrypt", write: "encryptDecrypt", readWrite: "encryptDecrypt" };

function allow(sid: string, actions: string[], resources: string[], condition?: PolicyStatement["condition"]): PolicyStatement {
  return condition ? { sid, effect: "Allow", actions, resources, condition } : { sid, effect: "Allow", actions, resources };
}

/** Items only; no table administration. */
export const TABLE_ACTIONS: Record<Access, string[]> = {
  read: ["dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan"],
  write: ["dynamodb:BatchWriteItem", "dynamodb:DeleteItem", "dynamodb:DescribeTable", "dynamodb:PutItem", "dynamodb:UpdateItem"],
  readWrite: [
    "dynamodb:BatchGetItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:DeleteItem",
    "dynamodb:DescribeTable",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:Query",
    "dynamodb:Scan",
    "dynamodb:UpdateItem",
  ],
};
export const TABLE_STREAM_ACTIONS = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"];

/** Data access to one DynamoDB table (and its indexes, when it has any), with its key through DynamoDB. */
export class TableGrants {
  constructor(private readonly table: TableRef) {}

  readData(grantee: Grantee): void {
    this.data(grantee, "read");
  }

  writeData(grantee: Grantee): void {
    this.data(grantee, "write");
  }

  readWriteData(grantee: Grantee): void {
    this.data(grantee, "readWrite");
  }

  /** Reads the table's stream; the table must have one. */
  streamRead(grantee: Grantee): void {
    const { streamArn } = this.table;
    if (!streamArn) throw new ConstructError(grantee, `table ${this.table.name} has no stream to grant reading`);
    grantee.addToPolicy(allow("TableStreamsRead", TABLE_STREAM_ACTIONS, [streamArn]));
    new KeyGrants(this.table.key).useVia(grantee, "dynamodb", "decrypt");
  }

  private data(grantee: Grantee, access: Access): void {
    const { arn, hasIndexes } = this.table;
    grantee.addToPolicy(allow(`Tables${sidPart(access)}`, TABLE_ACTIONS[access], hasIndexes ? [arn, `${arn}/index/*`] : [arn]));
    new KeyGrants(this.table.key).useVia(grantee, "dynamodb", KEY_USE[access]);
  }
}

export const OBJECT_ACTIONS: Record<Access, string[]> = {
  read: ["s3:GetObject", "s3:GetObjectVersion"],
  write: ["s3:PutObject", "s3:DeleteObject"],
  readWrite: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:GetObjectVersion"],
};

/**
 * Object access to one bucket, for every key or the keys matching a pattern
 * (`uploads/*`); reads may list the bucket (under that prefix only). The
 * bucket's key through S3.
 */
export class BucketGrants {
  constructor(private readonly bucket: BucketRef) {}

  read(grantee: Grantee, keyPattern = "*"): void {
    this.objects(grantee, "read", keyPattern);
  }

  write(grantee: Grantee, keyPattern = "*"): void {
    this.objects(grantee, "write", keyPattern);
  }

  readWrite(grantee: Grantee, keyPattern = "*"): void {
    this.objects(grantee, "readWrite", keyPattern);
  }

  private objects(grantee: Grantee, access: Access, keyPattern: string): void {
    const { arn } = this.bucket;
    const everything = keyPattern === "*";
    const suffix = everything ? "" : sidPart(keyPattern);
    if (access !== "write") {
      const prefix = everything ? undefined : [{ test: "StringLike", variable: "s3:prefix", values: [keyPattern] }];
      grantee.addToPolicy(allow(`BucketsList${suffix}`, ["s3:ListBucket"], [arn], prefix));
    }
    grantee.addToPolicy(allow(`BucketObjects${sidPart(access)}${suffix}`, OBJECT_ACTIONS[access], [`${arn}/${keyPattern}`]));
    if (this.bucket.key) new KeyGrants(this.bucket.key).useVia(grantee, "s3", KEY_USE[access]);
  }
}

export const SECRET_READ_ACTIONS = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"];

/** Reading one secret, with its key through Secrets Manager, for this secret only (its encryption context). */
export class SecretGrants {
  constructor(private readonly secret: SecretRef) {}

  read(grantee: Grantee): void {
    const { arn, key } = this.secret;
    grantee.addToPolicy(allow("SecretsRead", SECRET_READ_ACTIONS, [arn]));
    if (key) new KeyGrants(key).useVia(grantee, "secretsmanager", "decrypt", { SecretARN: arn });
  }
}

/** Publishing to one SNS topic, with its key through SNS (which encrypts each message with a data key). */
export class TopicGrants {
  constructor(private readonly topic: TopicRef) {}

  publish(grantee: Grantee): void {
    grantee.addToPolicy(allow("TopicsPublish", ["sns:Publish"], [this.topic.arn]));
    if (this.topic.key) new KeyGrants(this.topic.key).useVia(grantee, "sns", "encryptDecrypt");
  }
}

export const PARAMETER_READ_ACTIONS = ["ssm:GetParameter", "ssm:GetParameters"];

/** Reading one SSM parameter, with the key of a SecureString through SSM. */
export class ParameterGrants {
  constructor(private readonly parameter: ParameterRef) {}

  read(grantee: Grantee): void {
    grantee.addToPolicy(allow("ParametersRead", PARAMETER_READ_ACTIONS, [this.parameter.arn]));
    if (this.parameter.key) new KeyGrants(this.parameter.key).useVia(grantee, "ssm", "decrypt");
  }
}

/** IAM authentication to one PostgreSQL database, and its master secret. */
export class DatabaseGrants {
  constructor(private readonly database: DatabaseRef) {}

  /** `rds-db:connect` as the one database user `dbUser` (a role the database grants `rds_iam`). */
  connect(grantee: Grantee, dbUser: string): void {
    const resource = `dbuser:${this.database.resourceId}/${dbUser}`;
    grantee.addToPolicy(allow("DatabaseConnect", ["rds-db:connect"], [formatArn(AwsScope.of(grantee), { service: "rds-db", resource })]));
  }

  /** Reads the RDS-managed master credentials: for whatever administers the database, not for applications. */
  readMasterSecret(grantee: Grantee): void {
    new SecretGrants(this.database.masterSecret).read(grantee);
  }
}

/** IAM authentication to one ElastiCache replication group as one user. */
export class CacheGrants {
  constructor(private readonly cache: CacheRef) {}

  /** `elasticache:Connect` on the replication group and the user (default: the application user). */
  connect(grantee: Grantee, userId = this.cache.userId): void {
    const scope = AwsScope.of(grantee);
    grantee.addToPolicy(
      allow(
        "CacheConnect",
        ["elasticache:Connect"],
        [
          formatArn(scope, { service: "elasticache", resource: `replicationgroup:${this.cache.replicationGroupId}` }),
          formatArn(scope, { service: "elasticache", resource: `user:${userId}` }),
        ],
      ),
    );
  }
}

export type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "DELETE" | "PATCH";

/**
 * What the domain's fine-grained access control must map for a grantee: its
 * IAM role as a backend role, with permissions on the granted index patterns.
 */
export interface SearchRoleMapping {
  readonly backendRole: string;
  readonly indexPatterns: string[];
  readonly allowedActions: string[];
}

/** HTTP access to an OpenSearch domain's indexes. */
export class SearchGrants {
  constructor(private readonly search: SearchRef) {}

  /**
   * `es:ESHttp<Method>` on the index patterns (default: every path). IAM only
   * lets the request reach the domain: fine-grained access control must also map
   * the grantee's role, as the returned mapping says.
   */
  http(grantee: Grantee, methods: readonly HttpMethod[], indexPatterns: readonly string[] = ["*"]): SearchRoleMapping {
    const actions = methods.map((method) => `es:ESHttp${method[0]}${method.slice(1).toLowerCase()}`);
    const name = methods.map((method) => sidPart(method.toLowerCase())).join("");
    grantee.addToPolicy(
      allow(
        `SearchHttp${name}`,
        actions,
        indexPatterns.map((pattern) => `${this.search.domainArn}/${pattern}`),
      ),
    );
    const writes = methods.some((method) => method !== "GET" && method !== "HEAD");
    return {
      backendRole: grantee.principalArn,
      indexPatterns: [...indexPatterns],
      allowedActions: writes ? ["crud"] : ["read"],
    };
  }

  readWrite(grantee: Grantee, indexPatterns?: readonly string[]): SearchRoleMapping {
    return this.http(grantee, ["GET", "HEAD", "POST", "PUT", "DELETE"], indexPatterns);
  }
}

/** An SQS queue of the environment's account and region, by name (managed outside this code). */
export interface QueueRef {
  readonly name: string;
}

export const QUEUE_CONSUME_ACTIONS = ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ReceiveMessage"];

/**
 * Access to one SQS queue by name. The queue is encrypted with SSE-SQS (a
 * queue with a customer-managed key also needs that key, which is not granted here).
 */
export class QueueGrants {
  constructor(private readonly queue: QueueRef) {}

  /** Receives, deletes and extends the visibility of messages. */
  consume(grantee: Grantee): void {
    grantee.addToPolicy(allow("QueuesConsume", QUEUE_CONSUME_ACTIONS, [this.arn(grantee)]));
  }

  /** Reads the queue's attributes (its depth): what KEDA's SQS scaler needs. */
  readDepth(grantee: Grantee): void {
    grantee.addToPolicy(allow("QueuesReadDepth", ["sqs:GetQueueAttributes"], [this.arn(grantee)]));
  }

  private arn(grantee: Grantee): string {
    return formatArn(AwsScope.of(grantee), { service: "sqs", resource: this.queue.name });
  }
}

/** Publishing CloudWatch metrics, to the given namespaces only (`cloudwatch:namespace`). */
export class MetricGrants {
  constructor(private readonly namespaces: readonly string[]) {}

  publish(grantee: Grantee): void {
    // PutMetricData has no resource-level permissions: the namespace condition is the scope.
    grantee.addToPolicy(
      allow("MetricsPublish", ["cloudwatch:PutMetricData"], ["*"], [{ test: "StringEquals", variable: "cloudwatch:namespace", values: [...this.namespaces] }]),
    );
  }

  /** Reads metric data (what KEDA's CloudWatch scaler needs); GetMetricData has no resource-level permissions. */
  static read(grantee: Grantee): void {
    grantee.addToPolicy(allow("MetricsRead", ["cloudwatch:GetMetricData"], ["*"]));
  }
}
