import { DeploymentV1 } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { ApplicationConfig } from "../../../config";
import type { NodeTaint } from "../spot-scheduling";

/** One container environment variable: a literal, or a key of a Kubernetes Secret. */
export type EnvVar =
  { readonly name: string; readonly value: string } | { readonly name: string; readonly secret: { readonly name: string; readonly key: string } };

export interface ApplicationDeploymentProps {
  readonly config: ApplicationConfig;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  /** Labels that select the pods (a subset of `labels`). */
  readonly selector: Record<string, string>;
  readonly serviceAccountName: string;
  readonly env: EnvVar[];
  /** Taints of the spot nodes; the pods tolerate them. */
  readonly spotTaints: NodeTaint[];
  /** Must include the load balancer controller (its pod webhook injects readiness gates) and the credentials. */
  readonly dependsOn: ITerraformDependable[];
  /** User and group the container runs as. Default: 10001. */
  readonly runAsUser?: number;
}

/** Seconds between probes, and failures before a pod restarts or leaves the Service. */
const PROBE_TIMING = { periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 };

/**
 * The application's Deployment: non-root, read-only root filesystem (an
 * emptyDir on /tmp), no capabilities, no privilege escalation, RuntimeDefault
 * seccomp; liveness on /health, readiness on /ready, a startup probe so slow
 * model warm-up is not killed; spread over zones; allowed onto spot nodes;
 * zero-downtime rolling updates; on termination a preStop sleep, then the
 * grace period from `traffic` so in-flight streams finish. The HPA owns the
 * replica count after creation.
 */
export class ApplicationDeployment extends Construct {
  readonly deployment: DeploymentV1;

  constructor(scope: Construct, id: string, props: ApplicationDeploymentProps) {
    super(scope, id);
    const { config } = props;
    const user = props.runAsUser ?? 10001;
    const httpGet = (path: string) => ({ path, port: "http" });
    this.deployment = new DeploymentV1(this, "deployment", {
      metadata: { name: config.name, namespace: props.namespace, labels: props.labels },
      spec: {
        replicas: String(config.replicas),
        revisionHistoryLimit: 10,
        selector: { matchLabels: props.selector },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "0" } },
        template: {
          metadata: { labels: props.labels },
          spec: {
            serviceAccountName: props.serviceAccountName,
            automountServiceAccountToken: false,
            terminationGracePeriodSeconds: config.traffic.terminationGracePeriodSeconds,
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
                name: config.name,
                image: `${config.image.repository}${config.image.tag.startsWith("sha256:") ? "@" : ":"}${config.image.tag}`,
                imagePullPolicy: "IfNotPresent",
                port: [{ name: "http", containerPort: config.port, protocol: "TCP" }],
                env: props.env.map((variable) =>
                  "value" in variable
                    ? { name: variable.name, value: variable.value }
                    : {
                        name: variable.name,
                        valueFrom: { secretKeyRef: { name: variable.secret.name, key: variable.secret.key } },
                      },
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
                startupProbe: { httpGet: httpGet("/health"), periodSeconds: 5, failureThreshold: 30 },
                livenessProbe: { httpGet: httpGet("/health"), ...PROBE_TIMING },
                readinessProbe: { httpGet: httpGet("/ready"), ...PROBE_TIMING },
                // Keep serving until the ALB has stopped sending new requests; the image needs `sleep`.
                lifecycle:
                  config.traffic.preStopSleepSeconds > 0
                    ? { preStop: [{ exec: { command: ["sleep", String(config.traffic.preStopSleepSeconds)] } }] }
                    : undefined,
                volumeMount: [{ name: "tmp", mountPath: "/tmp" }],
              },
            ],
            volume: [{ name: "tmp", emptyDir: { sizeLimit: "256Mi" } }],
          },
        },
      },
      lifecycle: { ignoreChanges: ["spec[0].replicas"] },
      dependsOn: props.dependsOn,
    });
  }
}
