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
  cluster: {
    kubernetesVersion: "1.33",
    endpoint: { publicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] },
    deletionProtection: false,
    access: {
      "terraform-cloud": { principalArn: "arn:aws:iam::111111111111:role/llm-platform-terraform-cloud", access: "admin" },
      "platform-admins": { principalArn: "arn:aws:iam::111111111111:role/platform-admin", access: "admin" },
      developers: { principalArn: "arn:aws:iam::111111111111:role/developer-readonly", access: "viewer" },
    },
    nodeGroups: {
      system: { capacityType: "ON_DEMAND", instanceTypes: ["m6i.large"], minSize: 1, desiredSize: 2, maxSize: 3, labels: { "node-role": "system" } },
      workers: {
        capacityType: "SPOT",
        instanceTypes: ["m6i.large", "m6a.large", "m5.large", "m5a.large"],
        minSize: 0,
        desiredSize: 1,
        maxSize: 6,
        labels: { "node-role": "worker" },
        taints: [{ key: "spot", value: "true", effect: "NO_SCHEDULE" }],
      },
    },
    addons: {
      vpcCni: "v1.20.4-eksbuild.1",
      coredns: "v1.12.1-eksbuild.2",
      kubeProxy: "v1.33.3-eksbuild.4",
      ebsCsiDriver: "v1.48.0-eksbuild.2",
      podIdentityAgent: "v1.3.8-eksbuild.2",
    },
  },
  edge: {
    waf: { rateLimit: { requests: 2000 } },
  },
} satisfies EnvironmentInput;
