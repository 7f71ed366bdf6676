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
import { replicatedApplicationBuckets, replicatedApplicationTables } from "./data-workloads";
import { ALERTMANAGER_EGRESS, LOAD_BALANCER_CONTROLLER_EGRESS, clusterAutoscalerEgress, ebsCsiDriverEgress } from "./addon-egress";

/** Who and where: also names the cluster's Terraform Cloud access entries. */
const identity = {
  name: "prod",
  project: "llm-platform",
  aws: { accountId: "333333333333", region: "us-east-1" },
} as const;

/**
 * prod: highly available. A NAT gateway per AZ, and interface endpoints for
 * what nodes and pods call most, so that traffic stays off the NAT gateways.
 */
export const prod = {
  ...identity,
  stage: "prod",
  terraformCloud: { organization: "acme-llm", project: "llm-platform" },
  tags: { owner: "platform-team", costCenter: "llm-prod" },
  network: {
    vpcCidr: "10.30.0.0/16",
    availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
    natGateways: "one-per-az",
    interfaceEndpoints: ["ecr.api", "ecr.dkr", "kms", "logs", "secretsmanager", "sts"],
    flowLogs: { retentionDays: 731 },
  },
  data: {
    // Highly available: readers in other zones, Multi-AZ cache with failover, 3-zone search
    // with dedicated masters; deletion protection and S3 access logs are on by default in prod.
    database: {
      engineVersion: "16.6",
      serverlessCapacity: { minAcu: 2, maxAcu: 64 },
      readers: 2,
      backupRetentionDays: 30,
      performanceInsightsRetentionDays: 465,
    },
    cache: { engineVersion: "8.0", nodeType: "cache.r7g.large", replicas: 2, snapshotRetentionDays: 7 },
    search: {
      clientRoleNames: [llmApiRoleName(identity)],
      engineVersion: "OpenSearch_2.17",
      instanceType: "r7g.large.search",
      instanceCount: 3,
      availabilityZoneCount: 3,
      dedicatedMasters: { instanceType: "m7g.large.search" },
      volumeSizeGb: 100,
    },
    // The chat history is a global table and the templates bucket is replicated to the second region.
    tables: replicatedApplicationTables,
    buckets: replicatedApplicationBuckets,
    // AWS Backup: daily recovery points kept 35 days in a locked vault, copied to us-west-2.
    backup: { retentionDays: 35, vaultLock: { minRetentionDays: 35, maxRetentionDays: 365 } },
    disasterRecovery: { region: "us-west-2", database: "backup-copy" },
    // CloudWatch alarms and Alertmanager alerts go to this environment's alarm topic.
    alarms: { emailSubscribers: ["platform-oncall@llm.example.com"] },
  },
  cluster: {
    kubernetesVersion: KUBERNETES_VERSION,
    supportType: "EXTENDED",
    supportTypeReason:
      "prod must never be upgraded by AWS outside a change window: if an upgrade slips past the end of standard support, extended support (paid) keeps the pinned version until the planned upgrade",
    // endpoint: private only (the default).
    access: standardClusterAccess(identity),
    nodeGroups: {
      system: {
        capacityType: "ON_DEMAND",
        instanceTypes: ["m6i.xlarge"],
        minSize: 3,
        desiredSize: 3,
        maxSize: 6,
        labels: SYSTEM_NODE_LABELS,
      },
      workers: {
        ...SPOT_WORKER_NODES,
        instanceTypes: ["m6i.xlarge", "m6a.xlarge", "m7i.xlarge", "m5.xlarge"],
        minSize: 2,
        desiredSize: 3,
        maxSize: 30,
      },
    },
  },
  edge: {
    waf: {
      rateLimit: { requests: 1000 },
      rateLimitPerKey: { header: LLM_API_KEY_HEADER, requests: 600 },
      largeBodyPathPrefixes: LLM_API_PROMPT_PATHS,
      blockAnonymousIps: true,
      adminAllowList: { pathPrefixes: ["/admin"], cidrs: ["203.0.113.0/24"] },
      logs: { retentionDays: 731 },
    },
  },
  workloads: {
    addons: {
      // 30 days of samples: about 100 GiB at this cluster size (see docs/workloads.md for the loss budget).
      kubePrometheusStack: { enabled: true, retention: "30d", prometheusVolumeGiB: 100 },
    },
    // The AWS APIs the add-ons call that prod has no interface endpoint for: through the NAT.
    addonInternetEgress: {
      awsLoadBalancerController: LOAD_BALANCER_CONTROLLER_EGRESS,
      clusterAutoscaler: clusterAutoscalerEgress(
        "a few KB a minute, which three more endpoints in each of three zones would cost more to carry than the NAT does",
      ),
      ebsCsiDriver: ebsCsiDriverEgress(
        "a handful of calls per volume change, which an endpoint in each of three zones would cost more to carry than the NAT does",
      ),
      alertmanager: ALERTMANAGER_EGRESS,
    },
    namespaces: {
      [LLM_API.namespace]: {
        quota: {
          requests: { cpu: "24", memory: "48Gi" },
          limits: { cpu: "48", memory: "96Gi" },
          pods: 120,
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
        // prod runs by digest (config refuses a tag): the digest of release 1.0.0 as pushed to ECR.
        image: {
          repository: llmApiImageRepository(identity.aws),
          tag: "sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945",
        },
        replicas: 3,
        resources: {
          requests: { cpu: "1", memory: "2Gi" },
          limits: { cpu: "2", memory: "4Gi" },
        },
        env: { LOG_LEVEL: "INFO", API_VERSION: "v1", CACHE_CONFIG_TTL: "900", CACHE_TEMPLATE_TTL: "1800" },
        autoscaling: { minReplicas: 3, maxReplicas: 20 },
        disruptionBudget: { minAvailable: 2 },
        zoneSpread: "DoNotSchedule",
        ingress: {
          host: "api.llm.example.com",
          certificateArn: "arn:aws:acm:us-east-1:333333333333:certificate/2d3e4f5a-3333-4c7d-8e9f-2a3b4c5d6e7f",
          deletionProtection: true,
        },
      },
    },
  },
} satisfies EnvironmentInput;
