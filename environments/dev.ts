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
import { LOAD_BALANCER_CONTROLLER_EGRESS, clusterAutoscalerEgress, ebsCsiDriverEgress, externalSecretsParameterEgress } from "./addon-egress";
import { BRAND_MONITOR_NAMESPACE, BRAND_MONITOR_PARAMETERS, BRAND_MONITOR_SECRETS, brandApiRoleName, brandMonitorWorkloads } from "./brand-monitor";

/** Who and where: also names the cluster's Terraform Cloud access entries. */
const identity = {
  name: "dev",
  project: "llm-platform",
  aws: { accountId: "111111111111", region: "us-east-1" },
} as const;

/**
 * dev: cheap and disposable. One NAT gateway, no interface endpoints beyond
 * Secrets Manager and STS, which the workloads' network policies reach AWS
 * through, and CloudWatch metrics (monitoring), which the brand monitor's beat
 * publishes to and KEDA reads (the gateway endpoints for S3 and DynamoDB are
 * always on). Runs the brand monitor (seed 003) beside the LLM API.
 */
export const dev = {
  ...identity,
  stage: "dev",
  terraformCloud: { organization: "acme-llm", project: "llm-platform" },
  tags: { owner: "platform-team", costCenter: "llm-dev" },
  network: {
    vpcCidr: "10.10.0.0/16",
    availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
    natGateways: "single",
    interfaceEndpoints: ["monitoring", "secretsmanager", "sts"],
  },
  data: {
    // Cheap: Serverless v2 idling at 0.5 ACU with no reader, one cache node, one small search node.
    database: { engineVersion: "16.6", serverlessCapacity: { minAcu: 0.5, maxAcu: 4 } },
    cache: { engineVersion: "8.0", nodeType: "cache.t4g.micro" },
    search: {
      clientRoleNames: [llmApiRoleName(identity), brandApiRoleName(identity)],
      engineVersion: "OpenSearch_2.17",
      instanceType: "t3.small.search",
      instanceCount: 1,
      volumeSizeGb: 10,
    },
    tables: applicationTables,
    buckets: applicationBuckets,
    // AWS Backup: daily recovery points of the database, tables and buckets, kept a week.
    backup: { retentionDays: 7 },
    // The brand monitor's secrets (values set out of band) and feature flags.
    secrets: BRAND_MONITOR_SECRETS,
    parameters: BRAND_MONITOR_PARAMETERS,
    // CloudWatch alarms and Alertmanager alerts go to this environment's alarm topic.
    alarms: { emailSubscribers: ["platform-team@llm.example.com"] },
  },
  cluster: {
    kubernetesVersion: KUBERNETES_VERSION,
    supportType: "STANDARD",
    supportTypeReason:
      "dev may be upgraded by AWS when 1.35 leaves standard support; it is upgraded first by hand anyway and must never pay for extended support",
    endpoint: {
      publicAccess: true,
      publicAccessCidrs: ["203.0.113.0/24"],
      publicAccessReason: "engineers run kubectl from the office network; this VPC has no VPN or bastion",
    },
    deletionProtection: false,
    access: standardClusterAccess(identity),
    nodeGroups: {
      system: {
        capacityType: "ON_DEMAND",
        instanceTypes: ["m6i.large"],
        minSize: 1,
        desiredSize: 2,
        maxSize: 3,
        labels: SYSTEM_NODE_LABELS,
      },
      workers: {
        ...SPOT_WORKER_NODES,
        instanceTypes: ["m6i.large", "m6a.large", "m5.large", "m5a.large"],
        minSize: 0,
        desiredSize: 1,
        maxSize: 6,
      },
    },
  },
  edge: {
    waf: {
      rateLimit: { requests: 2000 },
      largeBodyPathPrefixes: LLM_API_PROMPT_PATHS,
      rateLimitPerKey: { header: LLM_API_KEY_HEADER, requests: 1000 },
    },
  },
  workloads: {
    addons: {
      kubePrometheusStack: { enabled: false },
      // The brand monitor's Celery workers scale on their queue.
      keda: { enabled: true },
    },
    // The AWS APIs the add-ons call that dev has no interface endpoint for: through the NAT.
    addonInternetEgress: {
      awsLoadBalancerController: LOAD_BALANCER_CONTROLLER_EGRESS,
      clusterAutoscaler: clusterAutoscalerEgress("dev keeps to the endpoints its workloads need, to stay cheap"),
      ebsCsiDriver: ebsCsiDriverEgress("dev keeps to the endpoints its workloads need, to stay cheap"),
      externalSecrets: externalSecretsParameterEgress("dev keeps to the endpoints its workloads need, to stay cheap"),
    },
    namespaces: {
      [LLM_API.namespace]: {
        quota: {
          requests: { cpu: "4", memory: "8Gi" },
          limits: { cpu: "8", memory: "16Gi" },
          pods: 30,
        },
        containerDefaults: LLM_API_CONTAINER_DEFAULTS,
      },
      [BRAND_MONITOR_NAMESPACE]: {
        quota: {
          requests: { cpu: "4", memory: "8Gi" },
          limits: { cpu: "8", memory: "16Gi" },
          pods: 30,
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
        replicas: 1,
        resources: {
          requests: { cpu: "250m", memory: "512Mi" },
          limits: { cpu: "1", memory: "1Gi" },
        },
        env: { LOG_LEVEL: "DEBUG", API_VERSION: "v1", CACHE_CONFIG_TTL: "900", CACHE_TEMPLATE_TTL: "1800" },
        autoscaling: { minReplicas: 1, maxReplicas: 3 },
        disruptionBudget: { minAvailable: 0 },
        ingress: {
          host: "api.dev.llm.example.com",
          certificateArn: "arn:aws:acm:us-east-1:111111111111:certificate/0b1c2d3e-1111-4a5b-8c9d-0e1f2a3b4c5d",
          // Not public: only the office network reaches the load balancer.
          inboundCidrs: ["203.0.113.0/24"],
        },
      },
      ...brandMonitorWorkloads({
        aws: identity.aws,
        tag: "1.0.0",
        hosts: {
          api: "brand.dev.llm.example.com",
          flower: "flower.dev.llm.example.com",
          certificateArn: "arn:aws:acm:us-east-1:111111111111:certificate/4e5f6a7b-1111-4c8d-9e0f-3a4b5c6d7e8f",
        },
        inboundCidrs: ["203.0.113.0/24"],
        oidc: {
          issuer: "https://login.llm.example.com",
          authorizationEndpoint: "https://login.llm.example.com/oauth2/authorize",
          tokenEndpoint: "https://login.llm.example.com/oauth2/token",
          userInfoEndpoint: "https://login.llm.example.com/oauth2/userinfo",
        },
        workers: { minReplicas: 1, maxReplicas: 6 },
      }),
    },
  },
} satisfies EnvironmentInput;
