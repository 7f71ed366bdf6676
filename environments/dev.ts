import type { EnvironmentInput } from "../src/config";
import { LLM_API, LLM_API_CONTAINER_DEFAULTS, llmApiImageRepository } from "./llm-api";

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
  workloads: {
    addons: {
      kubePrometheusStack: { enabled: false },
      certManager: { enabled: false },
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
    },
    application: {
      ...LLM_API,
      tables: [...LLM_API.tables],
      buckets: [...LLM_API.buckets],
      image: { repository: llmApiImageRepository("111111111111"), tag: "1.0.0" },
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
      },
    },
  },
} satisfies EnvironmentInput;
