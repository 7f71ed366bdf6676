import type { EnvironmentInput } from "../src/config";
import { LLM_API, LLM_API_CONTAINER_DEFAULTS, llmApiImageRepository } from "./llm-api";

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
  workloads: {
    addons: {
      kubePrometheusStack: { enabled: true, retention: "30d" },
      certManager: { enabled: true },
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
    application: {
      ...LLM_API,
      tables: [...LLM_API.tables],
      buckets: [...LLM_API.buckets],
      image: { repository: llmApiImageRepository("333333333333"), tag: "1.0.0" },
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
} satisfies EnvironmentInput;
