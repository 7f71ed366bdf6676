import type { EnvironmentInput } from "../src/config";
import { KUBERNETES_VERSION, SPOT_WORKER_NODES, SYSTEM_NODE_LABELS, standardClusterAccess } from "./cluster-common";
import {
  LLM_API,
  LLM_API_NAME,
  LLM_API_CONTAINER_DEFAULTS,
  LLM_API_INTERNET_EGRESS,
  LLM_API_KEY_HEADER,
  LLM_API_PROMPT_PATHS,
  llmApiImageRepository,
  llmApiRoleName,
} from "./llm-api";
import { applicationBuckets, applicationTables } from "./data-workloads";
import { ALERTMANAGER_EGRESS, LOAD_BALANCER_CONTROLLER_EGRESS, clusterAutoscalerEgress, ebsCsiDriverEgress } from "./addon-egress";

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
  data: {
    // prod's shape at a smaller size: a reader, a cache replica, two zones of search; no dedicated masters.
    database: { engineVersion: "16.6", serverlessCapacity: { minAcu: 0.5, maxAcu: 8 }, readers: 1 },
    cache: { engineVersion: "8.0", nodeType: "cache.t4g.small", replicas: 1 },
    search: {
      clientRoleNames: [llmApiRoleName(identity)],
      engineVersion: "OpenSearch_2.17",
      instanceType: "m7g.medium.search",
      instanceCount: 2,
      availabilityZoneCount: 2,
      volumeSizeGb: 50,
    },
    tables: applicationTables,
    buckets: applicationBuckets,
    // AWS Backup: daily recovery points of the database, tables and buckets, kept two weeks.
    backup: { retentionDays: 14 },
    // CloudWatch alarms and Alertmanager alerts go to this environment's alarm topic.
    alarms: { emailSubscribers: ["platform-team@llm.example.com"] },
  },
  cluster: {
    kubernetesVersion: KUBERNETES_VERSION,
    supportType: "STANDARD",
    supportTypeReason: "staging follows dev within weeks; an AWS-initiated upgrade is acceptable there and extended support would only add cost",
    endpoint: {
      publicAccess: true,
      publicAccessCidrs: ["203.0.113.0/24"],
      publicAccessReason: "engineers run kubectl from the office network; this VPC has no VPN or bastion",
    },
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
  },
  edge: {
    waf: {
      rateLimit: { requests: 2000 },
      adminAllowList: { pathPrefixes: ["/admin"], cidrs: ["203.0.113.0/24"] },
      largeBodyPathPrefixes: LLM_API_PROMPT_PATHS,
      rateLimitPerKey: { header: LLM_API_KEY_HEADER, requests: 1000 },
    },
  },
  workloads: {
    addons: {
      kubePrometheusStack: { enabled: true },
    },
    // The AWS APIs the add-ons call that staging has no interface endpoint for: through the NAT, as in prod.
    addonInternetEgress: {
      awsLoadBalancerController: LOAD_BALANCER_CONTROLLER_EGRESS,
      clusterAutoscaler: clusterAutoscalerEgress("staging has prod's endpoints, and prod sends these few small calls through the NAT"),
      ebsCsiDriver: ebsCsiDriverEgress("staging has prod's endpoints, and prod sends these few small calls through the NAT"),
      alertmanager: ALERTMANAGER_EGRESS,
    },
    namespaces: {
      [LLM_API.namespace]: {
        quota: {
          requests: { cpu: "8", memory: "16Gi" },
          limits: { cpu: "16", memory: "32Gi" },
          pods: 50,
        },
        containerDefaults: LLM_API_CONTAINER_DEFAULTS,
      },
    },
    applications: {
      [LLM_API_NAME]: {
        ...LLM_API,
        tables: [...LLM_API.tables],
        buckets: [...LLM_API.buckets],
        internetEgress: LLM_API_INTERNET_EGRESS,
        image: { repository: llmApiImageRepository(identity.aws), tag: "1.0.0" },
        replicas: 2,
        resources: {
          requests: { cpu: "500m", memory: "1Gi" },
          limits: { cpu: "2", memory: "2Gi" },
        },
        env: { LOG_LEVEL: "INFO", API_VERSION: "v1", CACHE_CONFIG_TTL: "900", CACHE_TEMPLATE_TTL: "1800" },
        autoscaling: { minReplicas: 2, maxReplicas: 6 },
        disruptionBudget: { minAvailable: 1 },
        ingress: {
          host: "api.staging.llm.example.com",
          certificateArn: "arn:aws:acm:us-east-1:222222222222:certificate/1c2d3e4f-2222-4b6c-9d0e-1f2a3b4c5d6e",
          // Not public: only the office network reaches the load balancer.
          inboundCidrs: ["203.0.113.0/24"],
        },
      },
    },
  },
} satisfies EnvironmentInput;
