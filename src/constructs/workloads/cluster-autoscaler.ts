import { Construct } from "constructs";
import { AddonProps } from "./addon-props";
import { HelmChartRelease, ServiceAccountValues, irsaServiceAccount } from "./helm-chart-release";
import { CONTROLLER_SERVICE_ACCOUNTS } from "./service-accounts";

/** Priority expander tiers: higher numbers win; each lists node group name patterns. */
export type ExpanderPriorities = Record<number, string[]>;

/**
 * The priority expander's config (a YAML map of integer keys, which neither
 * `yamlencode` nor the chart's `toYaml` would emit unquoted), from typed tiers.
 * Patterns are written as double-quoted scalars.
 */
export function renderExpanderPriorities(priorities: ExpanderPriorities): string {
  return Object.entries(priorities)
    .map(([priority, patterns]) => [Number(priority), patterns] as const)
    .sort(([a], [b]) => b - a)
    .map(([priority, patterns]) => [`${priority}:`, ...patterns.map((p) => `  - ${JSON.stringify(p)}`)].join("\n"))
    .join("\n");
}

export interface ClusterAutoscalerValues {
  readonly cloudProvider: "aws";
  readonly awsRegion: string;
  /** Finds node groups by the `k8s.io/cluster-autoscaler/<cluster>` tags EKS puts on their ASGs. */
  readonly autoDiscovery: { readonly clusterName: string };
  /** The image tag whose minor matches the cluster's (upstream supports only that pairing). */
  readonly image: { readonly tag: string };
  readonly rbac: { readonly serviceAccount: ServiceAccountValues };
  readonly extraArgs: Record<string, string | boolean>;
  readonly expanderPriorities: string;
}

export interface ClusterAutoscalerProps extends AddonProps {
  readonly clusterName: string;
  readonly region: string;
  readonly roleArn: string;
  /** Autoscaler image tag, e.g. `v1.35.0`: its minor must be the cluster's (KUBERNETES_RELEASES). */
  readonly imageTag: string;
  /** ASG name pattern of the spot node groups, tried first. Default: none, every group ranks the same. */
  readonly spotNodeGroupPattern?: string;
}

/**
 * Cluster autoscaler with auto-discovery and the priority expander: pods that
 * tolerate the spot taint scale spot groups first; every other pod can only fit
 * on-demand groups, which the lower tier covers.
 */
export class ClusterAutoscaler extends HelmChartRelease {
  static readonly releaseName = "cluster-autoscaler";

  constructor(scope: Construct, id: string, props: ClusterAutoscalerProps) {
    const account = CONTROLLER_SERVICE_ACCOUNTS.clusterAutoscaler;
    const values: ClusterAutoscalerValues = {
      cloudProvider: "aws",
      awsRegion: props.region,
      autoDiscovery: { clusterName: props.clusterName },
      image: { tag: props.imageTag },
      rbac: { serviceAccount: irsaServiceAccount(account.name, props.roleArn) },
      extraArgs: {
        expander: "priority,least-waste",
        "balance-similar-node-groups": true,
        "skip-nodes-with-local-storage": false,
      },
      expanderPriorities: renderExpanderPriorities(props.spotNodeGroupPattern ? { 50: [props.spotNodeGroupPattern], 10: [".*"] } : { 10: [".*"] }),
    };
    super(scope, id, {
      name: ClusterAutoscaler.releaseName,
      chart: "cluster-autoscaler",
      source: props.chart,
      namespace: account.namespace,
      createNamespace: false,
      values,
      dependsOn: props.dependsOn,
    });
  }
}
