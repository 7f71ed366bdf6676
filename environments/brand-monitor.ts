import type { EnvironmentInput } from "../src/config";
import { applicationRoleName, resourcePrefix } from "../src/naming";

type WorkloadsInput = EnvironmentInput["workloads"];
type Account = { readonly accountId: string; readonly region: string };

/**
 * The LLM Brand Influence Monitor (seed 003): an API, Celery workers, Celery
 * beat and Flower, in their own namespace beside the LLM API. Celery's broker
 * is the platform cache (IAM authentication as the cache user). The workers
 * scale with KEDA on the Celery queue length that beat publishes to
 * CloudWatch: KEDA's Redis scalers cannot authenticate to the cache
 * (docs/workloads.md, "Redis list length").
 */
export const BRAND_MONITOR_NAMESPACE = "brand-monitor";

/** CloudWatch metric of the Celery queue length: beat publishes it (`LLEN celery` each minute), the workers scale on it. */
export const CELERY_QUEUE_METRIC = { namespace: "LLMBrandMonitor/Celery", metricName: "QueueLength", dimensions: { Queue: "celery" } } as const;

/** Application secrets the brand monitor reads (values set out of band: docs/howto.md, "Add a secret"). */
export const BRAND_MONITOR_SECRETS = {
  "openai-api-key": { description: "OpenAI API key of the brand monitor's simulations (seed 003 OPENAI_API_KEY)" },
  "flower-oidc-client": { description: "OIDC client of Flower's sign-in at the load balancer: JSON with clientID and clientSecret" },
} as const;

/** Feature flags of seed 003, as SSM parameters. */
export const BRAND_MONITOR_PARAMETERS = {
  "feature-new-classifier": { type: "String", value: "true" },
  "feature-perplexity-enabled": { type: "String", value: "true" },
} as const;

/** The brand monitor API's IRSA role: the search domain admits it. */
export function brandApiRoleName(env: { name: string; project: string }): string {
  return applicationRoleName(resourcePrefix(env), "brand-api");
}

/**
 * The internet destinations of the simulations. OpenAI publishes no address
 * ranges for api.openai.com (it is served through a CDN), so nothing narrower
 * than 443 anywhere can be declared for it.
 */
const OPENAI_EGRESS = [
  {
    cidrs: ["0.0.0.0/0"],
    ports: [443],
    reason: "OpenAI API (api.openai.com): OpenAI publishes no address ranges for its API (served through a CDN), so no narrower block exists",
  },
];

export interface BrandMonitorSettings {
  readonly aws: Account;
  /** Release tag of the brand monitor's images. */
  readonly tag: string;
  /** Public host names of the API and of Flower, and the certificate covering both. */
  readonly hosts: { readonly api: string; readonly flower: string; readonly certificateArn: string };
  /** Client networks the load balancers accept (required outside prod). */
  readonly inboundCidrs?: string[];
  /** Flower's identity provider (OIDC). */
  readonly oidc: { readonly issuer: string; readonly authorizationEndpoint: string; readonly tokenEndpoint: string; readonly userInfoEndpoint: string };
  readonly workers: { readonly minReplicas: number; readonly maxReplicas: number };
}

const SMALL = { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "500m", memory: "1Gi" } };

/** The brand monitor's four workloads, for `workloads.applications`. */
export function brandMonitorWorkloads(settings: BrandMonitorSettings): WorkloadsInput["applications"] {
  const image = (name: string) => ({
    repository: `${settings.aws.accountId}.dkr.ecr.${settings.aws.region}.amazonaws.com/llm-brand-monitor/${name}`,
    tag: settings.tag,
  });
  const ingress = (host: string) => ({
    host,
    certificateArn: settings.hosts.certificateArn,
    ...(settings.inboundCidrs ? { inboundCidrs: settings.inboundCidrs } : {}),
  });
  const celery = {
    namespace: BRAND_MONITOR_NAMESPACE,
    image: image("worker"),
    resources: SMALL,
    database: true,
    databaseUser: "brand_monitor",
    cache: true,
  } as const;
  return {
    "brand-api": {
      kind: "api",
      namespace: BRAND_MONITOR_NAMESPACE,
      image: image("api"),
      resources: SMALL,
      replicas: 1,
      autoscaling: { minReplicas: 1, maxReplicas: 4 },
      disruptionBudget: { minAvailable: 0 },
      database: true,
      databaseUser: "brand_monitor",
      cache: true,
      search: true,
      secrets: { OPENAI_API_KEY: "openai-api-key" },
      parameters: { FEATURE_NEW_CLASSIFIER: "feature-new-classifier", FEATURE_PERPLEXITY_ENABLED: "feature-perplexity-enabled" },
      ingress: ingress(settings.hosts.api),
    },
    "celery-worker": {
      ...celery,
      kind: "worker",
      command: ["celery", "-A", "app", "worker", "--loglevel=INFO"],
      // Pings this pod's own Celery node (exec probes get no variable expansion, hence the shell).
      livenessCommand: ["sh", "-c", "celery -A app inspect ping --destination celery@$HOSTNAME"],
      secrets: { OPENAI_API_KEY: "openai-api-key" },
      parameters: { FEATURE_PERPLEXITY_ENABLED: "feature-perplexity-enabled" },
      internetEgress: OPENAI_EGRESS,
      terminationGracePeriodSeconds: 300,
      scaling: {
        minReplicas: settings.workers.minReplicas,
        maxReplicas: settings.workers.maxReplicas,
        // Seed 003: 10 queued tasks per worker.
        triggers: [{ type: "cloudwatch", ...CELERY_QUEUE_METRIC, statistic: "Maximum", targetValue: 10 }],
      },
    },
    "celery-beat": {
      ...celery,
      kind: "worker",
      singleton: true,
      command: ["celery", "-A", "app", "beat", "--loglevel=INFO"],
      publishesMetrics: [CELERY_QUEUE_METRIC.namespace],
    },
    flower: {
      kind: "api",
      namespace: BRAND_MONITOR_NAMESPACE,
      image: image("worker"),
      resources: SMALL,
      command: ["celery", "-A", "app", "flower", "--port=5555"],
      cache: true,
      port: 5555,
      replicas: 1,
      probes: { livenessPath: "/healthcheck", readinessPath: "/healthcheck" },
      autoscaling: { minReplicas: 1, maxReplicas: 1 },
      disruptionBudget: { minAvailable: 0 },
      ingress: { ...ingress(settings.hosts.flower), authentication: { oidc: { ...settings.oidc, clientSecret: "flower-oidc-client" } } },
    },
  };
}
