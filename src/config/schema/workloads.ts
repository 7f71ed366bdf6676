import { z } from "zod";
import { PARTITION_PATTERN } from "../../partitions";
import { containerResourcesSchema, computeResourcesSchema, dnsLabel, dnsLabelMessage, isDnsLabel, reportRequestsAboveLimits } from "./kubernetes";
import { KUBERNETES_RELEASES, WORKLOAD_CHARTS, type KubernetesVersion, type WorkloadChartKey } from "../kubernetes-releases";
import { ipv4Cidr, reportDuplicates } from "./primitives";

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
      /**
       * How long load must stay low before the HPA removes pods: long, so a lull
       * between bursts of completions does not cut pods that are still streaming.
       * Default: 600 (10 minutes).
       */
      scaleDownStabilizationSeconds: z.number().int().min(0).max(3600).default(600),
    }),
    /**
     * Settings for long streamed completions. Defaults fit streams of up to 5
     * minutes; the schema keeps them consistent with each other.
     */
    traffic: z
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
      .prefault({}),
    /** Pods that must stay up during voluntary disruptions (node drains). */
    disruptionBudget: z.strictObject({ minAvailable: z.number().int().min(0) }),
    /**
     * `DoNotSchedule` refuses to place a pod that would unbalance the zones;
     * `ScheduleAnyway` only prefers balance. Default: ScheduleAnyway.
     */
    zoneSpread: z.enum(["DoNotSchedule", "ScheduleAnyway"]).default("ScheduleAnyway"),
    ingress: z.strictObject({
      /** Public host name the load balancer answers for. */
      host: z.string().regex(/^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
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
      /**
       * The only client networks the load balancer accepts (its security group;
       * annotation `alb.ingress.kubernetes.io/inbound-cidrs`). Required outside
       * prod. Default: none, open to the internet (prod only).
       */
      inboundCidrs: z.array(ipv4Cidr(8, 32)).min(1, { message: "list at least one CIDR, or leave inboundCidrs out" }).optional(),
    }),
    /**
     * Internet destinations the application may reach through the NAT (the
     * external LLM APIs it calls), each with the reason. Network policies allow
     * nothing else outside the VPC. Default: none.
     */
    internetEgress: z
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
      .default([]),
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
        message: `must be below autoscaling.minReplicas (${minReplicas}); ` + "otherwise no pod may ever be evicted and node drains hang",
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
      } else if ((INJECTED_ENV_VARS as readonly string[]).includes(name) || INJECTED_ENV_PREFIXES.some((prefix) => name.startsWith(prefix))) {
        ctx.addIssue({
          code: "custom",
          path: ["env", name],
          input: name,
          message:
            `is set by the stack from the data layer; reserved: ${INJECTED_ENV_VARS.join(", ")} ` + `and names starting ${INJECTED_ENV_PREFIXES.join(" or ")}`,
        });
      }
    }
    const { traffic } = app;
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

type ParsedWorkloads = z.output<typeof workloadsSchema>;
type ParsedAddons = ParsedWorkloads["addons"];
/** Add-on settings with every chart version resolved against the cluster's Kubernetes version. */
export type AddonsConfig = {
  readonly [K in keyof ParsedAddons]: Omit<ParsedAddons[K], "chart"> & { readonly chart: ChartSource };
};
export type WorkloadsConfig = Omit<ParsedWorkloads, "addons"> & { readonly addons: AddonsConfig };
export type ApplicationConfig = WorkloadsConfig["application"];
export type NamespaceConfig = WorkloadsConfig["namespaces"][string];

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
  };
}
