import { CronJobV1 } from "@cdktf/provider-kubernetes/lib/cron-job-v1";
import { DeploymentV1, DeploymentV1SpecTemplateSpec, DeploymentV1SpecTemplateSpecContainer } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { ApiWorkloadConfig, ScheduledWorkloadConfig, WorkerWorkloadConfig, WorkloadConfig } from "../../../config";
import type { NodeTaint } from "../spot-scheduling";

/** One container environment variable: a literal, or a key of a Kubernetes Secret. */
export type EnvVar =
  { readonly name: string; readonly value: string } | { readonly name: string; readonly secret: { readonly name: string; readonly key: string } };

export interface PodTemplateProps {
  /** The workload's name: its container's name. */
  readonly name: string;
  readonly config: WorkloadConfig;
  readonly labels: Record<string, string>;
  /** Labels that select the pods (a subset of `labels`). */
  readonly selector: Record<string, string>;
  readonly serviceAccountName: string;
  readonly env: EnvVar[];
  /** Taints of the spot nodes; the pods tolerate them. */
  readonly spotTaints: NodeTaint[];
  /** User and group the container runs as. Default: 10001. */
  readonly runAsUser?: number;
}

export interface WorkloadPodsProps extends PodTemplateProps {
  readonly namespace: string;
  /** Must include the load balancer controller (its pod webhook injects readiness gates) and the credentials. */
  readonly dependsOn: ITerraformDependable[];
}

/** Seconds between probes, and failures before a pod restarts or leaves the Service. */
const PROBE_TIMING = { periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 };

/** The image reference: `repository:tag`, or `repository@sha256:...` for a digest. */
function imageOf(config: WorkloadConfig): string {
  return `${config.image.repository}${config.image.tag.startsWith("sha256:") ? "@" : ":"}${config.image.tag}`;
}

/** What only an API's container has: its port, HTTP probes and the preStop sleep. */
function apiContainer(config: ApiWorkloadConfig): Partial<DeploymentV1SpecTemplateSpecContainer> {
  const httpGet = (path: string) => ({ path, port: "http" });
  return {
    port: [{ name: "http", containerPort: config.port, protocol: "TCP" }],
    startupProbe: { httpGet: httpGet(config.probes.livenessPath), periodSeconds: 5, failureThreshold: 30 },
    livenessProbe: { httpGet: httpGet(config.probes.livenessPath), ...PROBE_TIMING },
    readinessProbe: { httpGet: httpGet(config.probes.readinessPath), ...PROBE_TIMING },
    // Keep serving until the ALB has stopped sending new requests; the image needs `sleep`.
    lifecycle: config.traffic.preStopSleepSeconds > 0 ? { preStop: [{ exec: { command: ["sleep", String(config.traffic.preStopSleepSeconds)] } }] } : undefined,
  };
}

/** A worker's liveness command, when it declares one. */
function workerContainer(config: WorkerWorkloadConfig): Partial<DeploymentV1SpecTemplateSpecContainer> {
  return config.livenessCommand ? { livenessProbe: { exec: { command: config.livenessCommand }, ...PROBE_TIMING, periodSeconds: 60 } } : {};
}

/** Seconds from SIGTERM to SIGKILL by kind. */
function gracePeriod(config: WorkloadConfig): number {
  if (config.kind === "api") return config.traffic.terminationGracePeriodSeconds;
  if (config.kind === "worker") return config.terminationGracePeriodSeconds;
  return 30;
}

/**
 * The pod every workload runs: non-root, read-only root filesystem (an
 * emptyDir on /tmp), no capabilities, no privilege escalation, RuntimeDefault
 * seccomp, spread over zones and hosts, allowed onto spot nodes. APIs add
 * their port, HTTP probes (startup, liveness, readiness) and a preStop sleep.
 */
export function podTemplateSpec(props: PodTemplateProps): DeploymentV1SpecTemplateSpec {
  const { config } = props;
  const user = props.runAsUser ?? 10001;
  return {
    serviceAccountName: props.serviceAccountName,
    automountServiceAccountToken: false,
    terminationGracePeriodSeconds: gracePeriod(config),
    securityContext: {
      runAsNonRoot: true,
      runAsUser: String(user),
      runAsGroup: String(user),
      fsGroup: String(user),
      seccompProfile: { type: "RuntimeDefault" },
    },
    toleration: props.spotTaints.map((taint) =>
      taint.value === ""
        ? { key: taint.key, operator: "Exists", effect: taint.effect }
        : { key: taint.key, operator: "Equal", value: taint.value, effect: taint.effect },
    ),
    topologySpreadConstraint: [
      {
        maxSkew: 1,
        topologyKey: "topology.kubernetes.io/zone",
        whenUnsatisfiable: config.zoneSpread,
        labelSelector: [{ matchLabels: props.selector }],
      },
      {
        maxSkew: 1,
        topologyKey: "kubernetes.io/hostname",
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: [{ matchLabels: props.selector }],
      },
    ],
    container: [
      {
        name: props.name,
        image: imageOf(config),
        imagePullPolicy: "IfNotPresent",
        ...(config.command ? { command: config.command } : {}),
        ...(config.args ? { args: config.args } : {}),
        env: props.env.map((variable) =>
          "value" in variable
            ? { name: variable.name, value: variable.value }
            : { name: variable.name, valueFrom: { secretKeyRef: { name: variable.secret.name, key: variable.secret.key } } },
        ),
        resources: { requests: { ...config.resources.requests }, limits: { ...config.resources.limits } },
        securityContext: {
          runAsNonRoot: true,
          runAsUser: String(user),
          allowPrivilegeEscalation: false,
          privileged: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ["ALL"] },
          seccompProfile: { type: "RuntimeDefault" },
        },
        ...(config.kind === "api" ? apiContainer(config) : config.kind === "worker" ? workerContainer(config) : {}),
        volumeMount: [{ name: "tmp", mountPath: "/tmp" }],
      },
    ],
    volume: [{ name: "tmp", emptyDir: { sizeLimit: "256Mi" } }],
  };
}

/**
 * An API's or worker's Deployment. APIs roll with zero unavailable pods;
 * singleton workers are recreated (never two at once). The autoscaler (HPA,
 * or KEDA's) owns the replica count after creation.
 */
export class WorkloadDeployment extends Construct {
  readonly deployment: DeploymentV1;

  constructor(scope: Construct, id: string, props: WorkloadPodsProps & { readonly config: ApiWorkloadConfig | WorkerWorkloadConfig }) {
    super(scope, id);
    const { config } = props;
    const singleton = config.kind === "worker" && config.singleton;
    this.deployment = new DeploymentV1(this, "deployment", {
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
      spec: {
        replicas: String(config.replicas),
        revisionHistoryLimit: 10,
        selector: { matchLabels: props.selector },
        strategy: singleton ? { type: "Recreate" } : { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "0" } },
        template: { metadata: { labels: props.labels }, spec: podTemplateSpec(props) },
      },
      lifecycle: { ignoreChanges: ["spec[0].replicas"] },
      dependsOn: props.dependsOn,
    });
  }
}

/** A scheduled workload's CronJob: runs never overlap by default, each run is retried and bounded in time. */
export class WorkloadCronJob extends Construct {
  readonly cronJob: CronJobV1;

  constructor(scope: Construct, id: string, props: WorkloadPodsProps & { readonly config: ScheduledWorkloadConfig }) {
    super(scope, id);
    const { config } = props;
    this.cronJob = new CronJobV1(this, "cron-job", {
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
      spec: {
        schedule: config.schedule,
        concurrencyPolicy: config.concurrencyPolicy,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          metadata: { labels: props.labels },
          spec: {
            backoffLimit: config.backoffLimit,
            activeDeadlineSeconds: config.activeDeadlineSeconds,
            template: { metadata: { labels: props.labels }, spec: { ...podTemplateSpec(props), restartPolicy: "Never" } },
          },
        },
      },
      dependsOn: props.dependsOn,
    });
  }
}
