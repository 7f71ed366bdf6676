import { Testing } from "cdktf";
import type { ClusterExports, DataExports, EdgeExports, TableRef } from "../../src/contracts";
import { WorkloadsStack } from "../../src/stacks/workloads-stack";
import { configOf } from "./environments";
import { synthStack } from "./synth";

/** Stand-ins for what the cluster layer exports; plain strings where the app has cross-stack tokens. */
export const FAKE_CLUSTER: ClusterExports = {
  clusterName: "llm-platform-test",
  oidcProviderArn: "arn:aws:iam::111111111111:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/TEST",
  oidcIssuer: "oidc.eks.us-east-1.amazonaws.com/id/TEST",
  controllerRoleArns: {
    awsLoadBalancerController: "arn:aws:iam::111111111111:role/test-aws-load-balancer-controller",
    clusterAutoscaler: "arn:aws:iam::111111111111:role/test-cluster-autoscaler",
    externalSecrets: "arn:aws:iam::111111111111:role/test-external-secrets",
  },
  nodeSecurityGroupId: "sg-0node",
  volumeKmsKeyArn: "arn:aws:kms:us-east-1:111111111111:key/volume-key",
};

export const FAKE_EDGE: EdgeExports = {
  webAclArn: "arn:aws:wafv2:us-east-1:111111111111:regional/webacl/test/abc",
};

export const TABLES_KEY = { arn: "arn:aws:kms:us-east-1:111111111111:key/tables-key" };
export const SECRETS_KEY = { arn: "arn:aws:kms:us-east-1:111111111111:key/secrets-key" };
export const BUCKETS_KEY = { arn: "arn:aws:kms:us-east-1:111111111111:key/buckets-key" };

function table(name: string, hasIndexes: boolean): TableRef {
  return { name, arn: `arn:aws:dynamodb:us-east-1:111111111111:table/${name}`, key: TABLES_KEY, hasIndexes };
}

export const FAKE_DATA: DataExports = {
  serviceAccess: [
    { name: "database", securityGroupId: "sg-0db", port: 5432 },
    { name: "cache", securityGroupId: "sg-0cache", port: 6379 },
    { name: "search", securityGroupId: "sg-0search", port: 443 },
  ],
  database: {
    endpoint: "db.cluster-test.us-east-1.rds.amazonaws.com",
    readerEndpoint: "db.cluster-ro-test.us-east-1.rds.amazonaws.com",
    port: 5432,
    databaseName: "llm",
    masterSecretArn: "arn:aws:secretsmanager:us-east-1:111111111111:secret:rds!cluster-test-AbCdEf",
    ref: {
      resourceId: "cluster-TESTRESOURCEID",
      masterSecret: {
        arn: "arn:aws:secretsmanager:us-east-1:111111111111:secret:rds!cluster-test-AbCdEf",
        key: { arn: "arn:aws:kms:us-east-1:111111111111:key/database-key" },
      },
    },
  },
  cache: {
    primaryEndpoint: "master.cache-test.use1.cache.amazonaws.com",
    readerEndpoint: "replica.cache-test.use1.cache.amazonaws.com",
    port: 6379,
    userId: "llm-api",
    ref: { replicationGroupId: "cache-test", userId: "llm-api" },
  },
  search: {
    endpoint: "vpc-search-test.us-east-1.es.amazonaws.com",
    domainArn: "arn:aws:es:us-east-1:111111111111:domain/search-test",
    adminRoleArn: "arn:aws:iam::111111111111:role/search-test-admin",
  },
  tables: {
    configurations: table("llm-configurations-test", true),
    templates: table("llm-templates-test", true),
    audit: table("llm-audit-test", false),
  },
  buckets: {
    templates: { name: "llm-templates-test-bucket", arn: "arn:aws:s3:::llm-templates-test-bucket", key: BUCKETS_KEY },
    exports: { name: "llm-exports-test-bucket", arn: "arn:aws:s3:::llm-exports-test-bucket", key: BUCKETS_KEY },
  },
  secrets: [{ arn: "arn:aws:secretsmanager:us-east-1:111111111111:secret:llm-api/app-AbCdEf" }],
  appSecrets: {
    "openai-api-key": { arn: "arn:aws:secretsmanager:us-east-1:111111111111:secret:llm-platform-dev/app/openai-api-key-AbCdEf", key: SECRETS_KEY },
    "flower-oidc": { arn: "arn:aws:secretsmanager:us-east-1:111111111111:secret:llm-platform-dev/app/flower-oidc-AbCdEf", key: SECRETS_KEY },
    "flower-oidc-client": {
      arn: "arn:aws:secretsmanager:us-east-1:111111111111:secret:llm-platform-dev/app/flower-oidc-client-AbCdEf",
      key: SECRETS_KEY,
    },
  },
  parameters: {
    "feature-new-classifier": {
      name: "/llm-platform-dev/app/feature-new-classifier",
      arn: "arn:aws:ssm:us-east-1:111111111111:parameter/llm-platform-dev/app/feature-new-classifier",
    },
    "feature-perplexity-enabled": {
      name: "/llm-platform-dev/app/feature-perplexity-enabled",
      arn: "arn:aws:ssm:us-east-1:111111111111:parameter/llm-platform-dev/app/feature-perplexity-enabled",
    },
    "sentry-dsn": {
      name: "/llm-platform-dev/app/sentry-dsn",
      arn: "arn:aws:ssm:us-east-1:111111111111:parameter/llm-platform-dev/app/sentry-dsn",
      key: SECRETS_KEY,
    },
  },
  alarms: {
    arn: "arn:aws:sns:us-east-1:111111111111:llm-platform-test-data-alarms",
    key: { arn: "arn:aws:kms:us-east-1:111111111111:key/alarms-key" },
  },
};

export interface WorkloadsFakes {
  readonly cluster?: ClusterExports;
  readonly edge?: EdgeExports;
  readonly data?: DataExports;
  readonly vpcId?: string;
}

/** A WorkloadsStack of a committed environment (optionally patched), built on fake exports of the layers below. */
export function workloadsStack(name: "dev" | "staging" | "prod", patch: unknown = {}, fakes: WorkloadsFakes = {}) {
  return new WorkloadsStack(Testing.app(), {
    env: configOf(name, patch),
    cluster: fakes.cluster ?? FAKE_CLUSTER,
    edge: fakes.edge ?? FAKE_EDGE,
    data: fakes.data ?? FAKE_DATA,
    vpcId: fakes.vpcId ?? "vpc-0test",
  });
}

/** The synthesized JSON of {@link workloadsStack}. */
export function synthWorkloads(name: "dev" | "staging" | "prod", patch: unknown = {}, fakes: WorkloadsFakes = {}) {
  return synthStack(workloadsStack(name, patch, fakes));
}
