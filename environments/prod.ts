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
  cluster: {
    kubernetesVersion: "1.33",
    // endpoint: private only (the default).
    access: {
      "terraform-cloud": { principalArn: "arn:aws:iam::333333333333:role/llm-platform-terraform-cloud", access: "admin" },
      "platform-admins": { principalArn: "arn:aws:iam::333333333333:role/platform-admin", access: "admin" },
      developers: { principalArn: "arn:aws:iam::333333333333:role/developer-readonly", access: "viewer" },
    },
    nodeGroups: {
      system: { capacityType: "ON_DEMAND", instanceTypes: ["m6i.xlarge"], minSize: 3, desiredSize: 3, maxSize: 6, labels: { "node-role": "system" } },
      workers: {
        capacityType: "SPOT",
        instanceTypes: ["m6i.xlarge", "m6a.xlarge", "m7i.xlarge", "m5.xlarge"],
        minSize: 2,
        desiredSize: 3,
        maxSize: 30,
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
    waf: {
      rateLimit: { requests: 1000 },
      blockAnonymousIps: true,
      adminAllowList: { pathPrefixes: ["/admin"], cidrs: ["203.0.113.0/24"] },
      logs: { retentionDays: 731 },
    },
  },
} satisfies EnvironmentInput;
