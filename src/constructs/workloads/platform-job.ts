import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { JobV1 } from "@cdktf/provider-kubernetes/lib/job-v1";
import { NetworkPolicyV1 } from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { createHash } from "node:crypto";
import { Fn, ITerraformDependable, Token } from "cdktf";
import { Construct } from "constructs";
import { ConstructError } from "../errors";
import { IrsaRole, OidcIdentity } from "../eks/irsa-role";
import type { Grantee } from "../iam/grant";
import { portString } from "./application/workload-environment";
import { IRSA_ANNOTATION } from "./helm-chart-release";
import { KUBE_DNS_EGRESS } from "./kube-dns";

/** User and group the job's containers run as: the `postgres` user of the Debian postgres image, no root anywhere. */
export const PLATFORM_JOB_USER = 999;

/** Where the job's ConfigMap (scripts, SQL, CA bundles) is mounted, read-only. */
export const PLATFORM_JOB_FILES = "/etc/platform-job";

/** A scratch directory in memory shared by the init container and the main container (e.g. a fetched secret). */
export const PLATFORM_JOB_SCRATCH = "/run/platform-job";

/** One container of the job: image (tag or digest), command and literal environment. */
export interface PlatformJobContainer {
  readonly name: string;
  readonly image: string;
  readonly command: string[];
  readonly env?: Record<string, string>;
}

/** Egress the job's pods get beyond DNS: exact address blocks and TCP ports. */
export interface PlatformJobEgress {
  readonly cidrs: string[];
  /** Plain numbers, or cross-stack number tokens. */
  readonly ports: number[];
}

/** Where a job built on {@link PlatformJob} runs and as whom: what every such job's props share. */
export interface PlatformJobPlacement {
  /** Base name of the job's Kubernetes objects. */
  readonly name: string;
  /** Namespace (default-deny) the job runs in. */
  readonly namespace: string;
  /** The namespace's plain name, for the role's trust policy. */
  readonly namespaceName: string;
  /** IAM role name of the job's identity. */
  readonly roleName: string;
  readonly region: string;
  readonly oidc: OidcIdentity;
  /** The data subnets and the interface endpoints' subnets, the job's only egress besides DNS. */
  readonly peers: { readonly dataCidrs: string[]; readonly endpointCidrs: string[] };
  readonly dependsOn?: ITerraformDependable[];
}

export interface PlatformJobProps {
  /** Base name of the Job, its ServiceAccount, ConfigMap and NetworkPolicy; the Job's name adds a content hash. */
  readonly name: string;
  /** Namespace (created by the platform, default-deny) the job runs in (may be a reference to the namespace resource). */
  readonly namespace: string;
  /** The namespace's plain name, for the role's trust policy. */
  readonly namespaceName: string;
  /** IRSA role: its name, what it is for, and the cluster's OIDC identity. */
  readonly role: { readonly name: string; readonly description: string; readonly oidc: OidcIdentity };
  /** Grants the job's role what the job uses; called before the Job, which then waits for the role's policy. */
  readonly grant: (role: Grantee) => void;
  /** Files of the job's ConfigMap, mounted at {@link PLATFORM_JOB_FILES}. */
  readonly files: Record<string, string>;
  /** Runs first (e.g. fetches a secret into {@link PLATFORM_JOB_SCRATCH}). Default: none. */
  readonly init?: PlatformJobContainer;
  readonly main: PlatformJobContainer;
  /** Egress besides kube-dns; nothing else, in or out, is allowed (the namespace's default deny). */
  readonly egress: PlatformJobEgress[];
  /** What must exist before the job runs (e.g. the database's role grants it uses). Default: none. */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The first 10 hex digits of a SHA-256 over the job's content: a changed job
 * gets a new name, so Terraform replaces (re-runs) it. The literal content is
 * hashed here; values known only to Terraform (cross-stack references such as
 * the database endpoint) are added to the hash by Terraform.
 */
export function contentHash(content: object): string {
  const references: string[] = [];
  const literal = JSON.stringify(content, (_key, value: unknown) => {
    if (typeof value === "string" && Token.isUnresolved(value)) {
      references.push(value);
      return "<reference>";
    }
    return value;
  });
  const digest = createHash("sha256").update(literal).digest("hex");
  return references.length === 0 ? digest.slice(0, 10) : Fn.substr(Fn.sha256(Fn.join("\n", [digest, ...references])), 0, 10);
}

/**
 * A one-shot Kubernetes Job the platform runs on every apply that changes it,
 * as its own IAM identity (IRSA), for set-up inside a data service that no AWS
 * API does (a database role, search role mappings).
 *
 * - The Job's name ends in a hash of everything it runs (images, commands,
 *   environment, files): any change replaces the Job, so it runs again;
 *   unchanged, it stays (no TTL, so Terraform sees no drift). Apply waits for it
 *   to complete (`wait_for_completion`) and fails if it does not.
 * - Pod security `restricted`: non-root (uid {@link PLATFORM_JOB_USER}),
 *   read-only root filesystem (in-memory emptyDirs for `/tmp` and the scratch
 *   directory), all capabilities dropped, no privilege escalation, seccomp
 *   `RuntimeDefault`. No Kubernetes API token (`automountServiceAccountToken:
 *   false`): the EKS pod identity webhook still mounts the projected token
 *   with the STS audience that IRSA needs, which is not an API credential.
 * - Network: egress to kube-dns and to the given address blocks and ports only;
 *   no ingress (the namespace's default deny).
 */
export class PlatformJob extends Construct {
  readonly role: IrsaRole;
  readonly serviceAccount: ServiceAccountV1;
  readonly job: JobV1;
  readonly podLabels: Record<string, string>;
  readonly networkPolicy: NetworkPolicyV1;

  constructor(scope: Construct, id: string, props: PlatformJobProps) {
    super(scope, id);
    const { name, namespace } = props;
    // Terraform reads `${` and `%{` in any string as a template: a script or file holding one would be mangled.
    const literals = {
      ...props.files,
      ...Object.fromEntries([props.init, props.main].flatMap((c) => (c ? c.command.map((arg, i) => [`${c.name} command[${i}]`, arg]) : []))),
    };
    for (const [what, text] of Object.entries(literals)) {
      if (/[$%]\{/.test(text))
        throw new ConstructError(this, `${what} holds "\${" or "%{", which Terraform would read as a template; write $NAME instead of \${NAME}`);
    }
    this.podLabels = { "app.kubernetes.io/name": name, "app.kubernetes.io/component": "platform-job" };
    const labels = { ...this.podLabels, "app.kubernetes.io/managed-by": "terraform" };
    this.role = new IrsaRole(this, "role", {
      name: props.role.name,
      description: props.role.description,
      oidc: props.role.oidc,
      serviceAccount: { namespace: props.namespaceName, name },
    });
    props.grant(this.role);
    this.serviceAccount = new ServiceAccountV1(this, "service-account", {
      metadata: { name, namespace, labels, annotations: { [IRSA_ANNOTATION]: this.role.arn } },
      automountServiceAccountToken: false,
    });
    const files = new ConfigMapV1(this, "files", { metadata: { name, namespace, labels }, data: props.files });
    const tcp = (ports: number[]) => ports.map((port) => ({ protocol: "TCP", port: portString(port) }));
    this.networkPolicy = new NetworkPolicyV1(this, "network-policy", {
      metadata: { name: `${name}-egress`, namespace, labels },
      spec: {
        podSelector: { matchLabels: this.podLabels },
        policyTypes: ["Ingress", "Egress"],
        egress: [KUBE_DNS_EGRESS, ...props.egress.map((rule) => ({ to: rule.cidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: tcp(rule.ports) }))],
      },
    });

    const securityContext = {
      runAsNonRoot: true,
      runAsUser: String(PLATFORM_JOB_USER),
      runAsGroup: String(PLATFORM_JOB_USER),
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    };
    const volumeMount = [
      { name: "files", mountPath: PLATFORM_JOB_FILES, readOnly: true },
      { name: "scratch", mountPath: PLATFORM_JOB_SCRATCH },
      { name: "tmp", mountPath: "/tmp" },
    ];
    const container = (spec: PlatformJobContainer) => ({
      name: spec.name,
      image: spec.image,
      imagePullPolicy: "IfNotPresent",
      command: spec.command,
      env: Object.entries({ HOME: "/tmp", ...spec.env }).map(([key, value]) => ({ name: key, value })),
      resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
      securityContext,
      volumeMount,
    });
    const hash = contentHash({ files: props.files, init: props.init, main: props.main, egress: props.egress });
    const grants = this.role.role.inlinePolicy;
    this.job = new JobV1(this, "job", {
      metadata: { name: `${name}-${hash}`, namespace, labels },
      spec: {
        backoffLimit: 3,
        activeDeadlineSeconds: 600,
        template: {
          metadata: { labels: this.podLabels },
          spec: {
            serviceAccountName: this.serviceAccount.metadata.name,
            automountServiceAccountToken: false,
            restartPolicy: "Never",
            securityContext: {
              runAsNonRoot: true,
              runAsUser: String(PLATFORM_JOB_USER),
              runAsGroup: String(PLATFORM_JOB_USER),
              fsGroup: String(PLATFORM_JOB_USER),
              seccompProfile: { type: "RuntimeDefault" },
            },
            initContainer: props.init ? [container(props.init)] : undefined,
            container: [container(props.main)],
            volume: [
              { name: "files", configMap: { name: files.metadata.name, defaultMode: "0444" } },
              { name: "scratch", emptyDir: { medium: "Memory", sizeLimit: "1Mi" } },
              { name: "tmp", emptyDir: { medium: "Memory", sizeLimit: "16Mi" } },
            ],
          },
        },
      },
      waitForCompletion: true,
      timeouts: { create: "10m", update: "10m" },
      dependsOn: [files, this.networkPolicy, ...(grants ? [grants] : []), ...(props.dependsOn ?? [])],
    });
  }
}
