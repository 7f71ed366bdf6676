import { applicationRoleName, resourcePrefix } from "../src/naming";

/** The LLM API's workload name (key of `workloads.applications`): names its Deployment, service account and IAM role. */
export const LLM_API_NAME = "llm-api";

/**
 * What every environment's LLM API workload has in common: its kind, the
 * data it uses (data layer config names) and its namespace. Sizes, replicas,
 * host and certificate stay in each environment. `stateKey` "application"
 * keeps the Terraform addresses its resources had when the workloads layer
 * ran a single application (docs/workloads.md).
 */
export const LLM_API = {
  kind: "api",
  stateKey: "application",
  namespace: "llm-api",
  tables: ["configurations", "templates"],
  buckets: ["templates"],
  database: true,
  cache: true,
  search: true,
} as const;

/** Requests and limits for containers of the namespace that declare none. */
export const LLM_API_CONTAINER_DEFAULTS = {
  requests: { cpu: "100m", memory: "128Mi" },
  limits: { cpu: "500m", memory: "512Mi" },
} as const;

/** Image repository of the LLM API: ECR in the environment's own account and region. */
export function llmApiImageRepository(aws: { accountId: string; region: string }): string {
  return `${aws.accountId}.dkr.ecr.${aws.region}.amazonaws.com/llm-api`;
}

/** The LLM API's IRSA role in an environment: the search domain admits it. */
export function llmApiRoleName(env: { name: string; project: string }): string {
  return applicationRoleName(resourcePrefix(env), LLM_API_NAME);
}

/**
 * The LLM API's prompt endpoints: their bodies (prompts with conversation
 * history) may exceed the 8 KB the WAF inspects. Every other path keeps the limit.
 */
export const LLM_API_PROMPT_PATHS = ["/v1/chat", "/v1/completions"];

/** The header carrying a caller's API key: the WAF's per-caller rate limit and log redaction key on it. */
export const LLM_API_KEY_HEADER = "x-api-key";

/**
 * Internet destinations the LLM API calls through the NAT: its network
 * policies allow nothing else outside the VPC. The Anthropic API publishes
 * the addresses it answers on (docs.anthropic.com, "IP addresses").
 */
export const LLM_API_INTERNET_EGRESS = [
  {
    cidrs: ["160.79.104.0/23"],
    ports: [443],
    reason: "Anthropic API (api.anthropic.com), the external LLM API the service calls; range published by Anthropic",
  },
];
