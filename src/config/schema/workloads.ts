import { z } from "zod";
import { PARTITION_PATTERN } from "../../partitions";
import { containerResourcesSchema, computeResourcesSchema, dnsLabel, dnsLabelMessage, isDnsLabel, reportRequestsAboveLimits } from "./kubernetes";
import { KUBERNETES_RELEASES, WORKLOAD_CHARTS, type KubernetesVersion, type WorkloadChartKey } from "../kubernetes-releases";
import { ipv4Cidr, reportDuplicates } from "./primitives";
import { closestName } from "../issues";

/**
 * An exact chart release: `1.2.3`, or `v1.2.3` for charts published with the
 * prefix (cert-manager). No ranges, wildcards or pre-releases, so a plan never
 * picks up a chart nobody reviewed.
 */
export const chartVersion = z.string().regex(/^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/, {
  message: 'must be an exact chart version such as "1.14.0" (or "v1.19.1"): no ranges, wildcards or pre-releases',
});

const chartRepository = z.string().regex(/^(https:\/\/|oci:\/\/)[^\s]+$/, {
  message: "must be an https:// or oci:// Helm repository URL",
});

/** A chart as resolved: repository and exact version. */
export interface ChartSource {
  readonly repository: string;
  readonly version: string;
}

/**
 * A chart as configured: the repository defaults to the chart's own, the
 * version to the first one KUBERNETES_RELEASES lists for the cluster's
 * Kubernetes version. An environment may pin another version the table lists
 * for that minor (e.g. to try it in dev first); others are refused.
 */
const chartFor = (addon: WorkloadChartKey) =>
  z
    .strictObject({
      /** Helm repository URL (https:// or oci://). Default: the chart's upstream repository. */
      repository: chartRepository.default(WORKLOAD_CHARTS[addon].repository),
      /** Exact chart version. Default: the first the release table lists for the cluster's Kubernetes version. */
      version: chartVersion.optional(),
    })
    .prefault({});

const replicas = z.number().int().min(1).max(10);

/** Prometheus durations: `15d`, `2w`, `48h`. */
const prometheusDuration = z.string().regex(/^\d+[hdwy]$/, { message: 'must be a Prometheus duration such as "15d", "2w" or "48h"' });

/** A persistent volume size in GiB. */
const volumeSizeGiB = z.number().int().min(1).max(16384);

const addonsSchema = z.strictObject({
  awsLoadBalancerController: z
    .strictObject({
      chart: chartFor("awsLoadBalancerController"),
      /** Controller replicas. Default: 2 (its webhooks must stay up for Services and Ingresses to change). */
      replicas: replicas.default(2),
    })
    .prefault({}),
  clusterAutoscaler: z
    .strictObject({
      chart: chartFor("clusterAutoscaler"),
    })
    .prefault({}),
  metricsServer: z
    .strictObject({
      chart: chartFor("metricsServer"),
      /** Default: 2, so `kubectl top` and the HPAs survive a node drain. */
      replicas: replicas.default(2),
    })
    .prefault({}),
  externalSecrets: z.strictObject({ chart: chartFor("externalSecrets") }).prefault({}),
  keda: z
    .strictObject({
      /** KEDA, for workers that scale on queue depth or metrics (`scaling`). Default: off. */
      enabled: z.boolean().default(false),
      chart: chartFor("keda"),
    })
    .prefault({}),
  kubePrometheusStack: z
    .strictObject({
      /** Prometheus, Alertmanager, node-exporter and kube-state-metrics. Default: off. */
      enabled: z.boolean().default(false),
      chart: chartFor("kubePrometheusStack"),
      /** How long Prometheus keeps samples, e.g. `15d`. Default: 15d. */
      retention: prometheusDuration.default("15d"),
      /** Prometheus' persistent volume (gp3, encrypted); it keeps at most 85% of it. Default: 50 GiB. */
      prometheusVolumeGiB: volumeSizeGiB.min(10).default(50),
      /** Alertmanager's persistent volume (silences and notification state). Default: 5 GiB. */
      alertmanagerVolumeGiB: volumeSizeGiB.default(5),
    })
    .prefault({}),
});

const namespaceSchema = z
  .strictObject({
    /** Totals over every pod of the namespace (ResourceQuota). */
    quota: z.strictObject({
      requests: computeResourcesSchema,
      limits: computeResourcesSchema,
      /** Most pods the namespace may run. */
      pods: z.number().int().min(1).max(1000),
    }),
    /** Per-container defaults for pods that set none (LimitRange). */
    containerDefaults: containerResourcesSchema,
  })
  .superRefine((namespace, ctx) => reportRequestsAboveLimits(ctx, namespace.quota.requests, namespace.quota.limits, ["quota"]));

/** Environment variables the stack sets itself from the data layer; config `env` may not override them. */
export const INJECTED_ENV_VARS = [
  "AWS_REGION",
  "ENVIRONMENT",
  "DB_HOST",
  "DB_READER_HOST",
  "DB_PORT",
  "DB_NAME",
  "DB_USER",
  "DB_IAM_AUTH",
  "DB_SSLMODE",
  "REDIS_HOST",
  "REDIS_READER_HOST",
  "REDIS_PORT",
  "REDIS_USER",
  "REDIS_SSL",
  "REDIS_CLUSTER_MODE",
  "OPENSEARCH_ENDPOINT",
  "OTEL_EXPORTER_OTLP_ENDPOINT",
  "OTEL_SERVICE_NAME",
] as const;

/** Prefixes of the per-table and per-bucket variables the stack sets (`DYNAMODB_TABLE_<NAME>`, `S3_BUCKET_<NAME>`). */
export const INJECTED_ENV_PREFIXES = ["DYNAMODB_TABLE_", "S3_BUCKET_"] as const;

/** Listener security policies the ingress may use: TLS 1.2 or newer only. */
export const ALB_SSL_POLICIES = [
  "ELBSecurityPolicy-TLS13-1-2-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
  "ELBSecurityPolicy-TLS13-1-3-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
] as const;

const ACM_CERTIFICATE_ARN = new RegExp(
  `^arn:${PARTITION_PATTERN}:acm:([a-z]{2}(?:-[a-z]+)+-\\d):(\\d{12}):certificate/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`,
);

/** Parses an ACM certificate ARN into its region and account, or undefined. */
export function parseCertificateArn(value: string): { region: string; accountId: string } | undefined {
  const match = ACM_CERTIFICATE_ARN.exec(value);
  return match ? { region: match[1], accountId: match[2] } : undefined;
}

/**
 * The parts of an ECR image repository `<account>.dkr.ecr.<region>.amazonaws.com/<name>`;
 * undefined for another registry. The cluster layer manages the repository `<name>`.
 */
export function parseEcrRepository(value: string): { accountId: string; region: string; name: string } | undefined {
  const match = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/(.+)$/.exec(value);
  return match ? { accountId: match[1], region: match[2], name: match[3] } : undefined;
}

/** An environment variable name: upper-case letters, digits and '_', not starting with a digit. */
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** A name of something the data layer declares (table, bucket, secret, parameter). */
const dataName = z.string().min(1);

const imageSchema = z.strictObject({
  /** e.g. `123456789012.dkr.ecr.us-east-1.amazonaws.com/llm-api`, without a tag. */
  repository: z.string().regex(/^[a-z0-9]+([._-][a-z0-9]+)*(:\d+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/, {
    message: "must be an image repository without a tag, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/llm-api",
  }),
  /** An immutable release tag (or `sha256:` digest); `latest` is refused. */
  tag: z
    .string()
    .regex(/^([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|sha256:[a-f0-9]{64})$/, {
      message: 'must be an image tag (letters, digits, ".", "_", "-") or a "sha256:<64 hex>" digest',
    })
    .refine((tag) => tag.toLowerCase() !== "latest", {
      message: 'must pin a release: "latest" changes under a running Deployment and cannot be rolled back',
    }),
});

/** Internet destinations reached through the NAT, each with its reason (a workload's or an add-on's). */
export const internetEgressSchema = z
  .array(
    z.strictObject({
      /** Destination blocks; `0.0.0.0/0` only with a reason that says why nothing narrower works. */
      cidrs: z.array(ipv4Cidr(0, 32)).min(1, { message: "list at least one destination CIDR" }),
      /** TCP ports. Default: 443. */
      ports: z.array(z.number().int().min(1).max(65535)).min(1).default([443]),
      /** Who is reached there and why, e.g. the provider's API and where it publishes its ranges. */
      reason: z.string().min(20, { message: "say what is reached there and why (at least 20 characters)" }),
    }),
  )
  .default([]);

/** A CloudWatch metric namespace a workload publishes to (`cloudwatch:PutMetricData` is limited to it). */
const metricNamespace = z.string().regex(/^[A-Za-z0-9._/#:-]{1,255}$/, {
  message: "must be a CloudWatch namespace: letters, digits and . _ / # : -",
});

/** What every kind of workload has: image, resources, identity and the data it may use. */
const workloadFields = {
  /** One of `workloads.namespaces`. */
  namespace: dnsLabel("namespace"),
  /**
   * Key of the workload's Terraform addresses (its construct id). Default:
   * `workload-<name>`. The LLM API keeps `application`, the id it had when the
   * layer ran one application, so its resources kept their addresses; set it
   * only to keep the addresses of a workload whose name or layout changed.
   */
  stateKey: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,62}$/, { message: "must be lower-case letters, digits and '-', starting with a letter" })
    .optional(),
  image: imageSchema,
  /** The container's entrypoint. Default: the image's. */
  command: z.array(z.string().min(1)).min(1).optional(),
  /** Arguments to the entrypoint. Default: the image's. */
  args: z.array(z.string()).min(1).optional(),
  resources: containerResourcesSchema,
  /** Further environment variables (non-secret). Default: none. */
  env: z.record(z.string(), z.string()).default({}),
  /**
   * Internet destinations the workload may reach through the NAT (the
   * external LLM APIs it calls), each with the reason. Network policies allow
   * nothing else outside the VPC. Default: none.
   */
  internetEgress: internetEgressSchema,
  /** DynamoDB tables (data layer config names) the workload reads and writes. Default: none. */
  tables: z.array(dataName).default([]),
  /** S3 buckets (data layer config names) the workload reads and writes. Default: none. */
  buckets: z.array(dataName).default([]),
  /**
   * PostgreSQL: endpoints in the environment and IAM authentication as the
   * workload's own database user, which a platform job creates. Default: false.
   */
  database: z.boolean().default(false),
  /**
   * The PostgreSQL user the workload connects as (with `database`). Workloads
   * that share tables (an API and its Celery workers) name the same user: one
   * role and one schema, created once. Default: the workload's name with `-`
   * as `_`.
   */
  databaseUser: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, { message: "must be a plain PostgreSQL identifier: a lowercase letter or _, then letters, digits or _, at most 63" })
    .optional(),
  /** The cache: endpoints and IAM authentication as the cache's application user. Default: false. */
  cache: z.boolean().default(false),
  /** The search domain: endpoint and HTTP read/write. Default: false. */
  search: z.boolean().default(false),
  /**
   * Application secrets (`data.secrets` names) by the environment variable
   * that carries each: synced by external-secrets into the workload's own
   * Secret. Default: none.
   */
  secrets: z.record(z.string(), dataName).default({}),
  /** SSM parameters (`data.parameters` names) by environment variable, synced the same way. Default: none. */
  parameters: z.record(z.string(), dataName).default({}),
  /** CloudWatch namespaces the workload publishes metrics to (e.g. a queue length a scaler reads). Default: none. */
  publishesMetrics: z.array(metricNamespace).default([]),
  /**
   * `DoNotSchedule` refuses to place a pod that would unbalance the zones;
   * `ScheduleAnyway` only prefers balance. Default: ScheduleAnyway.
   */
  zoneSpread: z.enum(["DoNotSchedule", "ScheduleAnyway"]).default("ScheduleAnyway"),
};

const HTTP_PATH = /^\/[A-Za-z0-9._~\/-]*$/;
const httpPath = (what: string) => z.string().regex(HTTP_PATH, { message: `${what} must be an absolute URL path such as /health` });
const httpsUrl = z.string().regex(/^https:\/\/[^\s]+$/, { message: "must be an https:// URL" });

const ingressSchema = z.strictObject({
  /** Public host name the load balancer answers for. */
  host: z.string().regex(/^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
    message: "must be a fully qualified lower-case DNS name such as api.example.com",
  }),
  /** Path prefix routed to the workload. Default: `/`. */
  path: httpPath("path").default("/"),
  /** ACM certificate for the host, in this environment's account and region. */
  certificateArn: z.string().refine((value) => parseCertificateArn(value) !== undefined, {
    message: "must be an ACM certificate ARN: arn:<partition>:acm:<region>:<12-digit account>:certificate/<uuid>",
  }),
  /** TLS policy of the HTTPS listener. Default: ELBSecurityPolicy-TLS13-1-2-2021-06. */
  sslPolicy: z.enum(ALB_SSL_POLICIES).default("ELBSecurityPolicy-TLS13-1-2-2021-06"),
  /** Load balancer deletion protection. Default: false. */
  deletionProtection: z.boolean().default(false),
  /**
   * The only client networks the load balancer accepts (its security group;
   * annotation `alb.ingress.kubernetes.io/inbound-cidrs`). Required outside
   * prod. Default: none, open to the internet (prod only).
   */
  inboundCidrs: z.array(ipv4Cidr(8, 32)).min(1, { message: "list at least one CIDR, or leave inboundCidrs out" }).optional(),
  /**
   * Sign-in in front of the workload, done by the load balancer (ALB
   * `authenticate-oidc` action): unauthenticated requests are sent to the
   * identity provider, only signed-in users reach the pods. Default: none.
   */
  authentication: z
    .strictObject({
      oidc: z.strictObject({
        issuer: httpsUrl,
        authorizationEndpoint: httpsUrl,
        tokenEndpoint: httpsUrl,
        userInfoEndpoint: httpsUrl,
        /**
         * A `data.secrets` name whose value is JSON `{"clientID": ..., "clientSecret": ...}`
         * (set out of band); synced into the Secret the load balancer controller reads.
         */
        clientSecret: dataName,
        /** Default: `openid`. */
        scope: z.string().min(1).default("openid"),
      }),
    })
    .optional(),
});

const trafficSchema = z
  .strictObject({
    /** The longest a streamed completion may take end to end. Default: 300. */
    maxStreamSeconds: z.number().int().min(1).max(3600).default(300),
    /**
     * ALB idle timeout: the longest a connection may go without a byte either way
     * (e.g. waiting for the first token). The ALB default of 60 cuts slow
     * completions with a 504. Default: 300; the ALB allows 1-4000.
     */
    idleTimeoutSeconds: z.number().int().min(1).max(4000).default(300),
    /**
     * How long the ALB keeps a deregistering pod's in-flight requests open before
     * closing them; at least `maxStreamSeconds`. Default: 300; the ALB allows 0-3600.
     */
    deregistrationDelaySeconds: z.number().int().min(0).max(3600).default(300),
    /**
     * preStop sleep: the pod keeps serving while the load balancer controller
     * deregisters it and the ALB stops sending new requests. Default: 20.
     */
    preStopSleepSeconds: z.number().int().min(0).max(120).default(20),
    /**
     * Time from the start of termination to SIGKILL; at least `preStopSleepSeconds`
     * + `maxStreamSeconds`, so streams begun before the pod left the target
     * group can finish. Default: 330.
     */
    terminationGracePeriodSeconds: z.number().int().min(1).max(7200).default(330),
  })
  .prefault({});

/** An HTTP API behind the ingress: Service, Ingress, HPA on CPU and memory, PDB. */
const apiSchema = z.strictObject({
  kind: z.literal("api"),
  ...workloadFields,
  /** Port the container listens on. Default: 8000. */
  port: z.number().int().min(1024).max(65535).default(8000),
  /** Replicas at first deploy; the HPA owns the count afterwards. */
  replicas: z.number().int().min(1),
  /** HTTP probe paths. Default: liveness and startup `/health`, readiness `/ready`. */
  probes: z
    .strictObject({
      livenessPath: httpPath("livenessPath").default("/health"),
      readinessPath: httpPath("readinessPath").default("/ready"),
    })
    .prefault({}),
  autoscaling: z.strictObject({
    minReplicas: z.number().int().min(1),
    maxReplicas: z.number().int().min(1),
    /** Average CPU utilization (% of requests) the HPA aims for. Default: 70. */
    targetCpuPercent: z.number().int().min(10).max(100).default(70),
    /** Average memory utilization (% of requests) the HPA aims for. Default: 80. */
    targetMemoryPercent: z.number().int().min(10).max(100).default(80),
    /**
     * How long load must stay low before the HPA removes pods: long, so a lull
     * between bursts of completions does not cut pods that are still streaming.
     * Default: 600 (10 minutes).
     */
    scaleDownStabilizationSeconds: z.number().int().min(0).max(3600).default(600),
  }),
  /** Settings for long streamed completions. Defaults fit streams of up to 5 minutes. */
  traffic: trafficSchema,
  /** Pods that must stay up during voluntary disruptions (node drains). */
  disruptionBudget: z.strictObject({ minAvailable: z.number().int().min(0) }),
  ingress: ingressSchema,
});

/** One KEDA trigger of a worker. */
const triggerSchema = z.discriminatedUnion("type", [
  z.strictObject({
    /** Queue depth of an SQS queue of this environment's account and region. */
    type: z.literal("sqs"),
    /** Queue name (not URL). The workload may receive and delete its messages. */
    queueName: z.string().regex(/^[A-Za-z0-9_-]{1,80}(\.fifo)?$/, { message: "must be an SQS queue name: up to 80 letters, digits, '-' and '_'" }),
    /** Visible messages per replica KEDA aims for. Default: 10. */
    messagesPerReplica: z.number().int().min(1).default(10),
    /** Alarm when the oldest message is older than this (ApproximateAgeOfOldestMessage). Default: 900. */
    ageAlarmSeconds: z.number().int().min(60).max(1209600).default(900),
  }),
  z.strictObject({
    /** A CloudWatch metric, e.g. a queue length a workload publishes (`publishesMetrics`). */
    type: z.literal("cloudwatch"),
    namespace: metricNamespace,
    metricName: z.string().min(1).max(255),
    /** Metric dimensions. Default: none. */
    dimensions: z.record(z.string().min(1), z.string().min(1)).default({}),
    /** Default: Average. */
    statistic: z.enum(["Average", "Sum", "Maximum", "Minimum", "SampleCount"]).default("Average"),
    /** Metric value per replica KEDA aims for. */
    targetValue: z.number().positive(),
    /** Period of the statistic. Default: 60. */
    periodSeconds: z.number().int().min(60).max(3600).default(60),
  }),
]);

/** A worker: no Service; optionally scaled by KEDA on queue depth or a metric. */
const workerSchema = z.strictObject({
  kind: z.literal("worker"),
  ...workloadFields,
  /** Replicas at first deploy (KEDA owns the count afterwards when `scaling` is set). Default: 1. */
  replicas: z.number().int().min(1).default(1),
  /**
   * Exactly one pod, never two (a scheduler such as Celery beat): replicas 1,
   * no scaling, no PDB, and a Recreate rollout. Default: false.
   */
  singleton: z.boolean().default(false),
  /** Liveness as a command in the container (e.g. `celery inspect ping`). Default: none. */
  livenessCommand: z.array(z.string().min(1)).min(1).optional(),
  /** Time from SIGTERM to SIGKILL, for the current task to finish. Default: 120. */
  terminationGracePeriodSeconds: z.number().int().min(1).max(7200).default(120),
  /** At most this many pods evicted at once by node drains (PDB). Default: 1. Not for singletons. */
  maxUnavailable: z.number().int().min(1).default(1),
  /** KEDA scaling (`workloads.addons.keda.enabled` must be on). Default: a fixed replica count. */
  scaling: z
    .strictObject({
      /** 0 lets KEDA stop every pod while there is no work. */
      minReplicas: z.number().int().min(0),
      maxReplicas: z.number().int().min(1),
      /** Seconds between KEDA's checks. Default: 30. */
      pollingIntervalSeconds: z.number().int().min(5).max(3600).default(30),
      /** Seconds after the last activity before scaling to minReplicas 0. Default: 300. */
      cooldownSeconds: z.number().int().min(0).max(86400).default(300),
      triggers: z.array(triggerSchema).min(1, { message: "give at least one trigger" }),
    })
    .optional(),
});

/** A scheduled job: a CronJob. */
const scheduledSchema = z.strictObject({
  kind: z.literal("scheduled"),
  ...workloadFields,
  /** Cron schedule (five fields, in UTC: the time zone of EKS's controller manager), e.g. `0 3 * * *`. */
  schedule: z.string().regex(/^(\S+\s+){4}\S+$/, { message: 'must be a five-field cron schedule such as "0 3 * * *"' }),
  /** Forbid: a run still going skips the next. Default: Forbid. */
  concurrencyPolicy: z.enum(["Forbid", "Replace", "Allow"]).default("Forbid"),
  /** Retries of a failed run. Default: 2. */
  backoffLimit: z.number().int().min(0).max(10).default(2),
  /** A run is stopped after this long. Default: 3600. */
  activeDeadlineSeconds: z.number().int().min(60).max(604800).default(3600),
});

/** Environment variables a workload would set twice, or that the stack sets itself. */
function reportEnvNames(
  ctx: z.RefinementCtx,
  workload: { env: Record<string, string>; secrets: Record<string, string>; parameters: Record<string, string> },
): void {
  const seen = new Map<string, string>();
  for (const field of ["env", "secrets", "parameters"] as const) {
    for (const name of Object.keys(workload[field])) {
      if (!ENV_NAME.test(name)) {
        ctx.addIssue({
          code: "custom",
          path: [field, name],
          input: name,
          message: "environment variable names must be upper-case letters, digits and '_', not starting with a digit",
        });
      } else if ((INJECTED_ENV_VARS as readonly string[]).includes(name) || INJECTED_ENV_PREFIXES.some((prefix) => name.startsWith(prefix))) {
        ctx.addIssue({
          code: "custom",
          path: [field, name],
          input: name,
          message:
            `is set by the stack from the data layer; reserved: ${INJECTED_ENV_VARS.join(", ")} ` + `and names starting ${INJECTED_ENV_PREFIXES.join(" or ")}`,
        });
      } else if (seen.has(name)) {
        ctx.addIssue({ code: "custom", path: [field, name], input: name, message: `is already set by ${seen.get(name)}; each variable once` });
      }
      seen.set(name, field);
    }
  }
}

/** One workload of the environment, by kind. */
export const workloadSchema = z.discriminatedUnion("kind", [apiSchema, workerSchema, scheduledSchema]).superRefine((workload, ctx) => {
  reportEnvNames(ctx, workload);
  reportDuplicates(ctx, workload.tables, ["tables"], "table");
  reportDuplicates(ctx, workload.buckets, ["buckets"], "bucket");
  if (workload.kind === "api") {
    const { minReplicas, maxReplicas } = workload.autoscaling;
    if (minReplicas > maxReplicas) {
      ctx.addIssue({
        code: "custom",
        path: ["autoscaling", "minReplicas"],
        input: minReplicas,
        message: `must be at most autoscaling.maxReplicas (${maxReplicas})`,
      });
    }
    if (workload.replicas < minReplicas || workload.replicas > maxReplicas) {
      ctx.addIssue({
        code: "custom",
        path: ["replicas"],
        input: workload.replicas,
        message: `must lie within the autoscaling range ${minReplicas}-${maxReplicas}`,
      });
    }
    if (workload.disruptionBudget.minAvailable >= minReplicas) {
      ctx.addIssue({
        code: "custom",
        path: ["disruptionBudget", "minAvailable"],
        input: workload.disruptionBudget.minAvailable,
        message: `must be below autoscaling.minReplicas (${minReplicas}); ` + "otherwise no pod may ever be evicted and node drains hang",
      });
    }
    const { traffic } = workload;
    if (traffic.deregistrationDelaySeconds < traffic.maxStreamSeconds) {
      ctx.addIssue({
        code: "custom",
        path: ["traffic", "deregistrationDelaySeconds"],
        input: traffic.deregistrationDelaySeconds,
        message: `must be at least traffic.maxStreamSeconds (${traffic.maxStreamSeconds}): the ALB would cut streams of pods being scaled in`,
      });
    }
    if (traffic.terminationGracePeriodSeconds < traffic.preStopSleepSeconds + traffic.maxStreamSeconds) {
      ctx.addIssue({
        code: "custom",
        path: ["traffic", "terminationGracePeriodSeconds"],
        input: traffic.terminationGracePeriodSeconds,
        message:
          `must be at least traffic.preStopSleepSeconds + traffic.maxStreamSeconds ` +
          `(${traffic.preStopSleepSeconds} + ${traffic.maxStreamSeconds}): Kubernetes would kill pods mid-stream`,
      });
    }
  }
  if (workload.kind === "worker") {
    const { scaling } = workload;
    if (workload.singleton && workload.replicas !== 1) {
      ctx.addIssue({ code: "custom", path: ["replicas"], input: workload.replicas, message: "a singleton runs exactly 1 replica" });
    }
    if (workload.singleton && scaling) {
      ctx.addIssue({ code: "custom", path: ["scaling"], input: undefined, message: "a singleton is never scaled: remove scaling or singleton" });
    }
    if (scaling && scaling.minReplicas > scaling.maxReplicas) {
      ctx.addIssue({
        code: "custom",
        path: ["scaling", "minReplicas"],
        input: scaling.minReplicas,
        message: `must be at most scaling.maxReplicas (${scaling.maxReplicas})`,
      });
    }
    if (scaling) {
      reportDuplicates(
        ctx,
        scaling.triggers.flatMap((trigger) => (trigger.type === "sqs" ? [trigger.queueName] : [])),
        ["scaling", "triggers"],
        "SQS queue",
      );
    }
  }
});

/**
 * Everything the workloads layer runs on the cluster: add-ons, namespaces and
 * the workloads.
 */
export const workloadsSchema = z
  .strictObject({
    addons: addonsSchema.prefault({}),
    /** Application namespaces by name, each with its quota and container defaults. */
    namespaces: z.record(z.string(), namespaceSchema),
    /**
     * Internet destinations each cluster add-on may reach through the NAT, with
     * the reason: the AWS APIs it calls that the environment has no interface
     * endpoint for (their public endpoints). Its network policy allows nothing
     * else outside the VPC. Config refuses an add-on that calls such an API
     * without a declaration here, and a declaration nothing needs. Default: none.
     */
    addonInternetEgress: z
      .strictObject({
        /** The AWS Load Balancer Controller: EC2, ELB, ACM, IAM, Cognito, WAF, WAFv2, Shield. */
        awsLoadBalancerController: internetEgressSchema,
        /** The cluster autoscaler: Auto Scaling, EC2, EKS. */
        clusterAutoscaler: internetEgressSchema,
        /** The EBS CSI controller (EKS add-on): EC2. */
        ebsCsiDriver: internetEgressSchema,
        /** The external-secrets controller: Secrets Manager, and SSM when workloads sync parameters. */
        externalSecrets: internetEgressSchema,
        /** Alertmanager (with kube-prometheus-stack): SNS. */
        alertmanager: internetEgressSchema,
      })
      .prefault({}),
    /**
     * The workloads by name (a DNS label: it names the Deployment or CronJob,
     * service account, IAM role `<project>-<env>-<name>` and labels). Each is an
     * `api` (HTTP behind the ingress), a `worker` (no Service) or a `scheduled` job.
     */
    applications: z.record(z.string(), workloadSchema),
  })
  .superRefine((workloads, ctx) => {
    const namespaces = Object.keys(workloads.namespaces);
    for (const name of namespaces.filter((candidate) => !isDnsLabel(candidate))) {
      ctx.addIssue({ code: "custom", path: ["namespaces", name], input: name, message: dnsLabelMessage("namespace") });
    }
    const entries = Object.entries(workloads.applications);
    if (entries.length === 0) {
      ctx.addIssue({ code: "custom", path: ["applications"], input: {}, message: "declare at least one workload" });
    }
    const stateKeys = new Map<string, string>();
    const routes = new Map<string, string>();
    for (const [name, workload] of entries) {
      if (!isDnsLabel(name)) {
        ctx.addIssue({ code: "custom", path: ["applications", name], input: name, message: dnsLabelMessage("workload name") });
      }
      if (!namespaces.includes(workload.namespace)) {
        const suggestion = closestName(workload.namespace, namespaces);
        ctx.addIssue({
          code: "custom",
          path: ["applications", name, "namespace"],
          input: workload.namespace,
          message: `must be one of workloads.namespaces${suggestion ? ` (did you mean "${suggestion}"?)` : ""}: ${namespaces.join(", ") || "(none declared)"}`,
        });
      }
      const stateKey = workloadStateKey(name, workload);
      const owner = stateKeys.get(stateKey);
      if (owner !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["applications", name, "stateKey"],
          input: stateKey,
          message: `is already the state key of workload "${owner}": two workloads would share Terraform addresses`,
        });
      }
      stateKeys.set(stateKey, name);
      if (workload.kind === "api") {
        const route = `${workload.ingress.host}${workload.ingress.path}`;
        const other = routes.get(route);
        if (other !== undefined) {
          ctx.addIssue({
            code: "custom",
            path: ["applications", name, "ingress", "path"],
            input: workload.ingress.path,
            message: `host ${workload.ingress.host} and path ${workload.ingress.path} already route to workload "${other}"`,
          });
        }
        routes.set(route, name);
      }
      if (workload.kind === "worker" && workload.scaling && !workloads.addons.keda.enabled) {
        ctx.addIssue({
          code: "custom",
          path: ["applications", name, "scaling"],
          input: undefined,
          message: "scales with KEDA: enable workloads.addons.keda (enabled: true)",
        });
      }
    }
  });

/** The construct id a workload's resources are addressed under. */
export function workloadStateKey(name: string, workload: { stateKey?: string }): string {
  return workload.stateKey ?? `workload-${name}`;
}

type ParsedWorkloads = z.output<typeof workloadsSchema>;
type ParsedAddons = ParsedWorkloads["addons"];
/** Add-on settings with every chart version resolved against the cluster's Kubernetes version. */
export type AddonsConfig = {
  readonly [K in keyof ParsedAddons]: Omit<ParsedAddons[K], "chart"> & { readonly chart: ChartSource };
};
export type WorkloadsConfig = Omit<ParsedWorkloads, "addons"> & { readonly addons: AddonsConfig };
/** One workload as configured (without its name, the map key). */
export type WorkloadConfig = WorkloadsConfig["applications"][string];
export type ApiWorkloadConfig = Extract<WorkloadConfig, { kind: "api" }>;
export type WorkerWorkloadConfig = Extract<WorkloadConfig, { kind: "worker" }>;
export type ScheduledWorkloadConfig = Extract<WorkloadConfig, { kind: "scheduled" }>;
export type ScalingTrigger = NonNullable<WorkerWorkloadConfig["scaling"]>["triggers"][number];
export type NamespaceConfig = WorkloadsConfig["namespaces"][string];
/** Internet destinations config declares for a workload or an add-on, each with its reason. */
export type InternetEgress = z.output<typeof internetEgressSchema>;

/** Chart versions an environment pinned that KUBERNETES_RELEASES does not list for its Kubernetes version. */
export function unsupportedCharts(
  addons: ParsedAddons,
  kubernetesVersion: KubernetesVersion,
): { addon: WorkloadChartKey; version: string; supported: readonly string[] }[] {
  const supported = KUBERNETES_RELEASES[kubernetesVersion].charts;
  return (Object.keys(supported) as WorkloadChartKey[]).flatMap((addon) => {
    const version = addons[addon].chart.version;
    return version !== undefined && !supported[addon].includes(version) ? [{ addon, version, supported: supported[addon] }] : [];
  });
}

/** Fills each chart's version from KUBERNETES_RELEASES for the cluster's Kubernetes version. */
export function resolveCharts(addons: ParsedAddons, kubernetesVersion: KubernetesVersion): AddonsConfig {
  const supported = KUBERNETES_RELEASES[kubernetesVersion].charts;
  const resolve = <T extends { chart: { repository: string; version?: string } }>(addon: WorkloadChartKey, settings: T) => ({
    ...settings,
    chart: { repository: settings.chart.repository, version: settings.chart.version ?? supported[addon][0] },
  });
  return {
    awsLoadBalancerController: resolve("awsLoadBalancerController", addons.awsLoadBalancerController),
    clusterAutoscaler: resolve("clusterAutoscaler", addons.clusterAutoscaler),
    metricsServer: resolve("metricsServer", addons.metricsServer),
    externalSecrets: resolve("externalSecrets", addons.externalSecrets),
    kubePrometheusStack: resolve("kubePrometheusStack", addons.kubePrometheusStack),
    keda: resolve("keda", addons.keda),
  };
}
