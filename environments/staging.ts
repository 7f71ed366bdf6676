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
  cluster: {
    kubernetesVersion: "1.33",
    endpoint: { publicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] },
    access: {
      "terraform-cloud": { principalArn: "arn:aws:iam::222222222222:role/llm-platform-terraform-cloud", access: "admin" },
      "platform-admins": { principalArn: "arn:aws:iam::222222222222:role/platform-admin", access: "admin" },
      developers: { principalArn: "arn:aws:iam::222222222222:role/developer-readonly", access: "viewer" },
    },
    nodeGroups: {
      system: { capacityType: "ON_DEMAND", instanceTypes: ["m6i.large"], minSize: 2, desiredSize: 2, maxSize: 4, labels: { "node-role": "system" } },
      workers: {
        capacityType: "SPOT",
        instanceTypes: ["m6i.large", "m6a.large", "m7i.large", "m5.large"],
        minSize: 1,
        desiredSize: 2,
        maxSize: 10,
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
    waf: { rateLimit: { requests: 2000 }, adminAllowList: { pathPrefixes: ["/admin"], cidrs: ["203.0.113.0/24"] } },
  },
} satisfies EnvironmentInput;
