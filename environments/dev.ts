import type { EnvironmentInput } from "../src/config";

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
} satisfies EnvironmentInput;
