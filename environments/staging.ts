import type { EnvironmentInput } from "../src/config";

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
} satisfies EnvironmentInput;
