import { z } from "zod";
import { PARTITION_PATTERN } from "../../partitions";
import { INSTANCE_TYPES, SUPPORTED_INSTANCE_TYPES, sizeClass } from "../instance-types";
import { EKS_ADDONS, KUBERNETES_RELEASES, KUBERNETES_VERSIONS, type EksAddonKey } from "../kubernetes-releases";
import { ipv4Cidr, logRetentionDays, slug } from "./primitives";

export { EKS_ADDONS, KUBERNETES_VERSIONS };
export type { EksAddonKey, KubernetesVersion } from "../kubernetes-releases";

/** What EKS does when the cluster's version leaves standard support. */
export const SUPPORT_TYPES = ["STANDARD", "EXTENDED"] as const;

export const CAPACITY_TYPES = ["ON_DEMAND", "SPOT"] as const;
export const TAINT_EFFECTS = ["NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"] as const;
/** Levels of access an access entry grants, mapped to EKS access policies by the cluster construct. */
export const CLUSTER_ACCESS_LEVELS = ["admin", "admin-view", "viewer"] as const;
export type ClusterAccessLevel = (typeof CLUSTER_ACCESS_LEVELS)[number];

/** The node group every cluster must have, on demand, for cluster-critical pods. */
export const SYSTEM_NODE_GROUP = "system";
/** A spot group needs this many instance types so one reclaimed spot pool does not stop it scaling. */
export const MIN_SPOT_INSTANCE_TYPES = 2;

const instanceType = z.string().refine((name) => name in INSTANCE_TYPES, {
  message: `must be a supported instance type (src/config/instance-types.ts): ${SUPPORTED_INSTANCE_TYPES.join(", ")}`,
});

/** Kubernetes label keys and values (prefix optional). */
const labelKey = z.string().regex(/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/, {
  message: "must be a Kubernetes label key: an optional DNS prefix and '/', then up to 63 letters, digits, '-', '_', '.'",
});
const labelValue = z.string().regex(/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/, {
  message: "must be a Kubernetes label value: up to 63 letters, digits, '-', '_', '.', starting and ending alphanumeric",
});

const taintSchema = z.strictObject({
  key: labelKey,
  /** Default: no value. */
  value: labelValue.optional(),
  effect: z.enum(TAINT_EFFECTS),
});

export const nodeGroupSchema = z.strictObject({
  /** ON_DEMAND for what must not be interrupted; SPOT for interruptible workers. */
  capacityType: z.enum(CAPACITY_TYPES),
  /** One type for on-demand is fine; a SPOT group needs several of one size class. */
  instanceTypes: z.array(instanceType).min(1, { message: "at least one instance type is needed" }),
  minSize: z.number().int().min(0),
  /** Only the initial size: once the cluster autoscaler owns it, later plans leave it alone. */
  desiredSize: z.number().int().min(0),
  maxSize: z.number().int().min(1),
  /** Root volume (encrypted gp3) in GiB. Default: 50. */
  diskSizeGiB: z.number().int().min(20).max(1000).default(50),
  /** Kubernetes labels on every node. Default: none (EKS adds its own, e.g. eks.amazonaws.com/capacityType). */
  labels: z.record(labelKey, labelValue).default({}),
  /** Kubernetes taints on every node. Default: none; SPOT groups must taint their nodes. */
  taints: z.array(taintSchema).default([]),
  /** Share of nodes replaced at once during an update. Default: 33 (%). */
  maxUnavailablePercentage: z.number().int().min(1).max(100).default(33),
});
export type NodeGroupConfig = z.output<typeof nodeGroupSchema>;

const principalArn = z.string().regex(new RegExp(`^arn:${PARTITION_PATTERN}:iam::\\d{12}:(role|user)/[\\w+=,.@/-]+$`), {
  message: "must be the ARN of an IAM role or user, arn:<partition>:iam::<account>:role/<name> or :user/<name>",
});

export const accessEntrySchema = z.strictObject({
  /** The IAM role or user. Must belong to the environment's account. */
  principalArn,
  /** `admin`: AmazonEKSClusterAdminPolicy; `viewer`: AmazonEKSViewPolicy (no secrets), cluster-wide. */
  access: z.enum(CLUSTER_ACCESS_LEVELS),
});

export const endpointSchema = z.strictObject({
  /** Also reachable from the internet, through `publicAccessCidrs` only. Default: false (private only). */
  publicAccess: z.boolean().default(false),
  /** Who may reach a public endpoint. Default: none; required when `publicAccess` is on. */
  publicAccessCidrs: z.array(ipv4Cidr(8, 32)).default([]),
  /** Why this environment's endpoint is public; required whenever `publicAccess` is on. */
  publicAccessReason: z.string().min(1).optional(),
});

export const clusterSchema = z
  .strictObject({
    /**
     * Kubernetes minor version of the control plane; node groups follow it, and
     * the EKS add-on, chart and autoscaler versions come from its row of
     * KUBERNETES_RELEASES (src/config/kubernetes-releases.ts).
     */
    kubernetesVersion: z.enum(KUBERNETES_VERSIONS),
    /**
     * When the version leaves standard support, `STANDARD` lets EKS upgrade the
     * control plane itself (away from the pinned version and its add-ons);
     * `EXTENDED` keeps it, at extra cost per cluster hour. No default: a choice per environment.
     */
    supportType: z.enum(SUPPORT_TYPES),
    /** Why this environment chose its `supportType`. */
    supportTypeReason: z.string().min(20, { message: "must say why this support type (at least 20 characters)" }),
    /** API server endpoint access. Default: private only. */
    endpoint: endpointSchema.prefault({}),
    /** Refuse to delete the cluster while on. Default: true; prod may not turn it off. */
    deletionProtection: z.boolean().default(true),
    /** Control-plane logs (all five types). */
    controlPlaneLogs: z.strictObject({ retentionDays: logRetentionDays.default(365) }).prefault({}),
    /** Container logs (`/aws/containerinsights/<cluster>/*`, from Fluent Bit and the CloudWatch agent). */
    containerLogs: z.strictObject({ retentionDays: logRetentionDays.default(365) }).prefault({}),
    /**
     * IAM principals that may use the Kubernetes API, keyed by a stable name.
     * The cluster creator gets no access of its own: list Terraform Cloud's role here.
     */
    access: z.record(z.string(), accessEntrySchema),
    /** Managed node groups keyed by name; `system` (on demand) is required. */
    nodeGroups: z.record(z.string(), nodeGroupSchema),
  })
  .superRefine((cluster, ctx) => {
    const issue = (path: (string | number)[], input: unknown, message: string) => ctx.addIssue({ code: "custom", path, input, message });

    checkNames(cluster.nodeGroups, ["nodeGroups"], NODE_GROUP_NAME, issue);
    checkNames(cluster.access, ["access"], ACCESS_ENTRY_NAME, issue);
    for (const [name, group] of Object.entries(cluster.nodeGroups)) {
      checkNodeGroup(name, group, issue);
    }
    const system = cluster.nodeGroups[SYSTEM_NODE_GROUP];
    if (!system) {
      issue(["nodeGroups"], Object.keys(cluster.nodeGroups), `must include a "${SYSTEM_NODE_GROUP}" node group (ON_DEMAND) for cluster-critical pods`);
    } else if (system.capacityType !== "ON_DEMAND") {
      issue(
        ["nodeGroups", SYSTEM_NODE_GROUP, "capacityType"],
        system.capacityType,
        "the system node group must be ON_DEMAND: spot reclaims would evict CoreDNS and the controllers",
      );
    }

    const entries = Object.values(cluster.access);
    if (!entries.some((entry) => entry.access === "admin")) {
      issue(["access"], Object.keys(cluster.access), "at least one principal needs admin access: the cluster creator gets none of its own");
    }
    const principals = new Map<string, string>();
    for (const [name, entry] of Object.entries(cluster.access)) {
      const first = principals.get(entry.principalArn);
      if (first) {
        issue(["access", name, "principalArn"], entry.principalArn, `already given in access entry "${first}"; EKS allows one access entry per principal`);
      } else {
        principals.set(entry.principalArn, name);
      }
    }

    const { endpoint } = cluster;
    if (endpoint.publicAccess && endpoint.publicAccessCidrs.length === 0) {
      issue(
        ["endpoint", "publicAccessCidrs"],
        endpoint.publicAccessCidrs,
        "a public endpoint needs an allow-list: give the CIDRs that may reach it (never 0.0.0.0/0)",
      );
    }
    if (!endpoint.publicAccess && endpoint.publicAccessCidrs.length > 0) {
      issue(["endpoint", "publicAccessCidrs"], endpoint.publicAccessCidrs, "only applies to a public endpoint: set publicAccess to true or remove the list");
    }
  })
  // The EKS add-on versions are not configurable per environment: they follow the Kubernetes version.
  .transform((cluster) => ({
    ...cluster,
    addons: { ...KUBERNETES_RELEASES[cluster.kubernetesVersion].eksAddons } as Record<EksAddonKey, string>,
  }));

type IssueReporter = (path: (string | number)[], input: unknown, message: string) => void;

/** Node group names become part of AWS names (`<project>-<env>-<group>`, at most 63 characters). */
const NODE_GROUP_NAME = slug("node group name", 20);
/** Access entry names key Terraform addresses. */
const ACCESS_ENTRY_NAME = slug("access entry name", 40);

/** Record keys are names: checked here so the message says what a name may be. */
function checkNames(record: Record<string, unknown>, path: string[], schema: z.ZodType, issue: IssueReporter): void {
  for (const name of Object.keys(record)) {
    const result = schema.safeParse(name);
    if (!result.success) issue([...path, name], name, result.error.issues.map((i) => i.message).join("; "));
  }
}

function checkNodeGroup(name: string, group: NodeGroupConfig, issue: IssueReporter): void {
  const path = (...rest: (string | number)[]) => ["nodeGroups", name, ...rest];
  if (group.minSize > group.desiredSize || group.desiredSize > group.maxSize) {
    issue(path("desiredSize"), group.desiredSize, `must satisfy minSize <= desiredSize <= maxSize; have minSize ${group.minSize}, maxSize ${group.maxSize}`);
  }
  const known = group.instanceTypes.filter((type) => type in INSTANCE_TYPES);
  const seen = new Set<string>();
  group.instanceTypes.forEach((type, index) => {
    if (seen.has(type)) issue(path("instanceTypes", index), type, "duplicate instance type; each instance type must be unique");
    seen.add(type);
  });
  if (known.length === 0) return;
  const first = INSTANCE_TYPES[known[0]];
  group.instanceTypes.forEach((type, index) => {
    const info = INSTANCE_TYPES[type];
    if (!info) return;
    if (info.architecture !== first.architecture) {
      issue(
        path("instanceTypes", index),
        type,
        `is ${info.architecture} but ${known[0]} is ${first.architecture}: one node group runs one AMI, so all its instance types need the same architecture`,
      );
    } else if (group.capacityType === "SPOT" && (info.vcpus !== first.vcpus || info.memoryGiB !== first.memoryGiB)) {
      issue(
        path("instanceTypes", index),
        type,
        `is ${sizeClass(info)} but ${known[0]} is ${sizeClass(
          first,
        )}: a SPOT group's instance types must share one size class (same vCPUs and memory) so the autoscaler can predict a scale-up`,
      );
    }
  });
  if (group.capacityType === "SPOT") {
    if (new Set(group.instanceTypes).size < MIN_SPOT_INSTANCE_TYPES) {
      issue(
        path("instanceTypes"),
        group.instanceTypes,
        `a SPOT group needs at least ${MIN_SPOT_INSTANCE_TYPES} instance types of one size class, so one reclaimed spot pool does not stop it scaling`,
      );
    }
    if (!group.taints.some((taint) => taint.effect === "NO_SCHEDULE" || taint.effect === "NO_EXECUTE")) {
      issue(
        path("taints"),
        group.taints,
        "a SPOT group must taint its nodes (effect NO_SCHEDULE or NO_EXECUTE) so only pods that tolerate interruption land there",
      );
    }
  }
}

export type ClusterConfig = z.output<typeof clusterSchema>;
