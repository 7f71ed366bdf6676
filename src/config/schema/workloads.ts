import { z } from "zod";
import { PARTITION_PATTERN } from "../../partitions";
import {
  containerResourcesSchema,
  computeResourcesSchema,
  dnsLabel,
  dnsLabelMessage,
  isDnsLabel,
  reportRequestsAboveLimits,
} from "./kubernetes";
import { reportDuplicates } from "./primitives";

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

const chartSchema = z.strictObject({
  /** Helm repository URL (https:// or oci://). */
  repository: chartRepository,
  /** Exact chart version. */
  version: chartVersion,
});
export type ChartSource = z.output<typeof chartSchema>;

/**
 * The charts each add-on installs by default: the newest releases published
 * when this layer was written (see docs/workloads.md for sources).
 * An environment may override a chart, e.g. to try a new version in dev first.
 */
export const DEFAULT_CHARTS = {
  awsLoadBalancerController: { repository: "https://aws.github.io/eks-charts", version: "3.5.0" },
  clusterAutoscaler: { repository: "https://kubernetes.github.io/autoscaler", version: "9.59.0" },
  metricsServer: { repository: "https://kubernetes-sigs.github.io/metrics-server", version: "3.14.0" },
  externalSecrets: { repository: "https://charts.external-secrets.io", version: "2.10.0" },
  kubePrometheusStack: { repository: "https://prometheus-community.github.io/helm-charts", version: "88.2.0" },
  certManager: { repository: "https://charts.jetstack.io", version: "v1.21.2" },
} as const satisfies Record<string, ChartSource>;

const chartFor = (addon: keyof typeof DEFAULT_CHARTS) => chartSchema.default({ ...DEFAULT_CHARTS[addon] });

const replicas = z.number().int().min(1).max(10);

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
  kubePrometheusStack: z
    .strictObject({
      /** Prometheus, Alertmanager, node-exporter and kube-state-metrics. Default: off. */
      enabled: z.boolean().default(false),
      chart: chartFor("kubePrometheusStack"),
      /** How long Prometheus keeps samples, e.g. `15d`. Default: 15d. */
      retention: z
        .string()
        .regex(/^\d+[hdwy]$/, { message: 'must be a Prometheus duration such as "15d", "2w" or "48h"' })
        .default("15d"),
    })
    .prefault({}),
  certManager: z
    .strictObject({
      /** cert-manager for in-cluster certificates (webhooks, mTLS). Default: off. */
      enabled: z.boolean().default(false),
      chart: chartFor("certManager"),
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
  .superRefine((namespace, ctx) =>
    reportRequestsAboveLimits(ctx, namespace.quota.requests, namespace.quota.limits, ["quota"]),
  );

/** Environment variables the stack sets itself from the data layer; config `env` may not override them. */
export const INJECTED_ENV_VARS = [
  "AWS_REGION",
  "ENVIRONMENT",
  "DB_HOST",
  "DB_READER_HOST",
  "DB_PORT",
  "DB_NAME",
  "DB_USER",
  "DB_PASSWORD",
  "REDIS_HOST",
  "REDIS_READER_HOST",
  "REDIS_PORT",
  "REDIS_USER",
  "REDIS_SSL",
  "OPENSEARCH_ENDPOINT",
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

const applicationSchema = z
  .strictObject({
    /** Names the Deployment, Service, ServiceAccount, IAM role and their labels. */
    name: dnsLabel("application name"),
    /** One of `workloads.namespaces`. */
    namespace: dnsLabel("namespace"),
    image: z.strictObject({
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
    }),
    /** Port the container listens on. Default: 8000. */
    port: z.number().int().min(1024).max(65535).default(8000),
    /** Replicas at first deploy; the HPA owns the count afterwards. */
    replicas: z.number().int().min(1),
    resources: containerResourcesSchema,
    /** Further environment variables (non-secret). Default: none. */
    env: z.record(z.string(), z.string()).default({}),
    autoscaling: z.strictObject({
      minReplicas: z.number().int().min(1),
      maxReplicas: z.number().int().min(1),
      /** Average CPU utilization (% of requests) the HPA aims for. Default: 70. */
      targetCpuPercent: z.number().int().min(10).max(100).default(70),
      /** Average memory utilization (% of requests) the HPA aims for. Default: 80. */
      targetMemoryPercent: z.number().int().min(10).max(100).default(80),
    }),
    /** Pods that must stay up during voluntary disruptions (node drains). */
    disruptionBudget: z.strictObject({ minAvailable: z.number().int().min(0) }),
    /**
     * `DoNotSchedule` refuses to place a pod that would unbalance the zones;
     * `ScheduleAnyway` only prefers balance. Default: ScheduleAnyway.
     */
    zoneSpread: z.enum(["DoNotSchedule", "ScheduleAnyway"]).default("ScheduleAnyway"),
    ingress: z.strictObject({
      /** Public host name the load balancer answers for. */
      host: z
        .string()
        .regex(/^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
          message: "must be a fully qualified lower-case DNS name such as api.example.com",
        }),
      /** ACM certificate for the host, in this environment's account and region. */
      certificateArn: z.string().refine((value) => parseCertificateArn(value) !== undefined, {
        message: "must be an ACM certificate ARN: arn:<partition>:acm:<region>:<12-digit account>:certificate/<uuid>",
      }),
      /** TLS policy of the HTTPS listener. Default: ELBSecurityPolicy-TLS13-1-2-2021-06. */
      sslPolicy: z.enum(ALB_SSL_POLICIES).default("ELBSecurityPolicy-TLS13-1-2-2021-06"),
      /** Load balancer deletion protection. Default: false. */
      deletionProtection: z.boolean().default(false),
    }),
    /** DynamoDB tables (data layer config names) the application reads and writes. Default: none. */
    tables: z.array(z.string().min(1)).default([]),
    /** S3 buckets (data layer config names) the application reads and writes. Default: none. */
    buckets: z.array(z.string().min(1)).default([]),
  })
  .superRefine((app, ctx) => {
    const { minReplicas, maxReplicas } = app.autoscaling;
    if (minReplicas > maxReplicas) {
      ctx.addIssue({
        code: "custom",
        path: ["autoscaling", "minReplicas"],
        input: minReplicas,
        message: `must be at most autoscaling.maxReplicas (${maxReplicas})`,
      });
    }
    if (app.replicas < minReplicas || app.replicas > maxReplicas) {
      ctx.addIssue({
        code: "custom",
        path: ["replicas"],
        input: app.replicas,
        message: `must lie within the autoscaling range ${minReplicas}-${maxReplicas}`,
      });
    }
    if (app.disruptionBudget.minAvailable >= minReplicas) {
      ctx.addIssue({
        code: "custom",
        path: ["disruptionBudget", "minAvailable"],
        input: app.disruptionBudget.minAvailable,
        message:
          `must be below autoscaling.minReplicas (${minReplicas}); ` +
          "otherwise no pod may ever be evicted and node drains hang",
      });
    }
    for (const name of Object.keys(app.env)) {
      if (!/^[A-Z_][A-Z0-9_]*$/.test(name)) {
        ctx.addIssue({
          code: "custom",
          path: ["env", name],
          input: name,
          message: "environment variable names must be upper-case letters, digits and '_', not starting with a digit",
        });
      } else if (
        (INJECTED_ENV_VARS as readonly string[]).includes(name) ||
        INJECTED_ENV_PREFIXES.some((prefix) => name.startsWith(prefix))
      ) {
        ctx.addIssue({
          code: "custom",
          path: ["env", name],
          input: name,
          message:
            `is set by the stack from the data layer; reserved: ${INJECTED_ENV_VARS.join(", ")} ` +
            `and names starting ${INJECTED_ENV_PREFIXES.join(" or ")}`,
        });
      }
    }
    reportDuplicates(ctx, app.tables, ["tables"], "table");
    reportDuplicates(ctx, app.buckets, ["buckets"], "bucket");
  });

/**
 * Everything the workloads layer runs on the cluster: add-ons, namespaces and
 * the LLM API application.
 */
export const workloadsSchema = z
  .strictObject({
    addons: addonsSchema.prefault({}),
    /** Application namespaces by name, each with its quota and container defaults. */
    namespaces: z.record(z.string(), namespaceSchema),
    application: applicationSchema,
  })
  .superRefine((workloads, ctx) => {
    const namespaces = Object.keys(workloads.namespaces);
    for (const name of namespaces.filter((candidate) => !isDnsLabel(candidate))) {
      ctx.addIssue({ code: "custom", path: ["namespaces", name], input: name, message: dnsLabelMessage("namespace") });
    }
    if (!namespaces.includes(workloads.application.namespace)) {
      ctx.addIssue({
        code: "custom",
        path: ["application", "namespace"],
        input: workloads.application.namespace,
        message: `must be one of workloads.namespaces: ${namespaces.join(", ") || "(none declared)"}`,
      });
    }
  });

export type WorkloadsConfig = z.output<typeof workloadsSchema>;
export type ApplicationConfig = WorkloadsConfig["application"];
export type NamespaceConfig = WorkloadsConfig["namespaces"][string];
export type AddonsConfig = WorkloadsConfig["addons"];
