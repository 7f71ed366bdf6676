import type { EnvironmentInput } from "../src/config";
import { LLM_API, LLM_API_CONTAINER_DEFAULTS, llmApiImageRepository } from "./llm-api";

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
  workloads: {
    addons: {
      kubePrometheusStack: { enabled: true },
      certManager: { enabled: false },
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
    application: {
      ...LLM_API,
      tables: [...LLM_API.tables],
      buckets: [...LLM_API.buckets],
      image: { repository: llmApiImageRepository("222222222222"), tag: "1.0.0" },
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
      },
    },
  },
} satisfies EnvironmentInput;
