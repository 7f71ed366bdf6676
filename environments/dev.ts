import type { EnvironmentInput } from "../src/config";
import { applicationBuckets, applicationTables } from "./data-workloads";

/**
 * dev: cheap and disposable. One NAT gateway, no interface endpoints beyond
 * Secrets Manager (the gateway endpoints for S3 and DynamoDB are always on).
 */
export const dev = {
  name: "dev",
  stage: "dev",
  project: "llm-platform",
  aws: { accountId: "111111111111", region: "us-east-1" },
  terraformCloud: { organization: "acme-llm", project: "llm-platform" },
  tags: { owner: "platform-team", costCenter: "llm-dev" },
  network: {
    vpcCidr: "10.10.0.0/16",
    availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
    natGateways: "single",
    interfaceEndpoints: ["secretsmanager"],
  },
  data: {
    // Cheap: Serverless v2 idling at 0.5 ACU with no reader, one cache node, one small search node.
    database: { engineVersion: "16.6", serverlessCapacity: { minAcu: 0.5, maxAcu: 4 } },
    cache: { engineVersion: "8.0", nodeType: "cache.t4g.micro" },
    search: { engineVersion: "OpenSearch_2.17", instanceType: "t3.small.search", instanceCount: 1, volumeSizeGb: 10 },
    tables: applicationTables,
    buckets: applicationBuckets,
  },
} satisfies EnvironmentInput;
