import type { EnvironmentInput } from "../src/config";
import { applicationBuckets, applicationTables } from "./data-workloads";

/** staging: prod's shape at a smaller size; one NAT gateway keeps it affordable. */
export const staging = {
  name: "staging",
  stage: "staging",
  project: "llm-platform",
  aws: { accountId: "222222222222", region: "us-east-1" },
  terraformCloud: { organization: "acme-llm", project: "llm-platform" },
  tags: { owner: "platform-team", costCenter: "llm-staging" },
  network: {
    vpcCidr: "10.20.0.0/16",
    availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
    natGateways: "single",
    interfaceEndpoints: ["ecr.api", "ecr.dkr", "secretsmanager", "sts"],
  },
  data: {
    // prod's shape at a smaller size: a reader, a cache replica, two zones of search; no dedicated masters.
    database: { engineVersion: "16.6", serverlessCapacity: { minAcu: 0.5, maxAcu: 8 }, readers: 1 },
    cache: { engineVersion: "8.0", nodeType: "cache.t4g.small", replicas: 1 },
    search: {
      engineVersion: "OpenSearch_2.17",
      instanceType: "m7g.medium.search",
      instanceCount: 2,
      availabilityZoneCount: 2,
      volumeSizeGb: 50,
    },
    tables: applicationTables,
    buckets: applicationBuckets,
  },
} satisfies EnvironmentInput;
