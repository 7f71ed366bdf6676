import type { EnvironmentInput } from "../src/config";

/**
 * prod: highly available. A NAT gateway per AZ, and interface endpoints for
 * what nodes and pods call most, so that traffic stays off the NAT gateways.
 */
export const prod = {
  name: "prod",
  stage: "prod",
  project: "llm-platform",
  aws: { accountId: "333333333333", region: "us-east-1" },
  terraformCloud: { organization: "acme-llm", project: "llm-platform" },
  tags: { owner: "platform-team", costCenter: "llm-prod" },
  network: {
    vpcCidr: "10.30.0.0/16",
    availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
    natGateways: "one-per-az",
    interfaceEndpoints: ["bedrock-runtime", "ecr.api", "ecr.dkr", "kms", "logs", "secretsmanager", "sts"],
    flowLogs: { retentionDays: 731 },
  },
} satisfies EnvironmentInput;
