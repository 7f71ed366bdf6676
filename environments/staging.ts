import type { EnvironmentInput } from "../src/config";
import { EKS_1_33_ADDONS, SPOT_WORKER_NODES, SYSTEM_NODE_LABELS, standardClusterAccess } from "./cluster-common";

/** Who and where: also names the cluster's Terraform Cloud access entries. */
const identity = {
  name: "staging",
  project: "llm-platform",
  aws: { accountId: "222222222222", region: "us-east-1" },
} as const;

/** staging: prod's shape at a smaller size; one NAT gateway keeps it affordable. */
export const staging = {
  ...identity,
  stage: "staging",
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
    access: standardClusterAccess(identity),
    nodeGroups: {
      system: {
        capacityType: "ON_DEMAND",
        instanceTypes: ["m6i.large"],
        minSize: 2,
        desiredSize: 2,
        maxSize: 4,
        labels: SYSTEM_NODE_LABELS,
      },
      workers: {
        ...SPOT_WORKER_NODES,
        instanceTypes: ["m6i.large", "m6a.large", "m7i.large", "m5.large"],
        minSize: 1,
        desiredSize: 2,
        maxSize: 10,
      },
    },
    addons: EKS_1_33_ADDONS,
  },
  edge: {
    waf: { rateLimit: { requests: 2000 }, adminAllowList: { pathPrefixes: ["/admin"], cidrs: ["203.0.113.0/24"] } },
  },
} satisfies EnvironmentInput;
