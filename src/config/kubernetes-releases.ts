/**
 * The one table of versions that must agree with the cluster's Kubernetes minor
 * version: EKS managed add-ons, the Helm charts of the workloads layer and the
 * cluster autoscaler's image. The config schema reads it (defaults, and the
 * checks that refuse a combination outside it); `__tests__/config/
 * kubernetes-releases.test.ts` checks the table itself. Add a minor here before
 * any environment may use it; see docs/cluster.md "Upgrading Kubernetes".
 *
 * Sources (read 2026-12-05; verify with `aws eks describe-addon-versions
 * --kubernetes-version <minor>` and the chart repository's index.yaml before bumping):
 * - Support dates: the EKS release calendar as listed by endoflife.date/amazon-eks
 *   and aws-samples' eks-operation-review "Cluster Lifecycle" reference
 *   (standard support is 14 months, extended support 12 more).
 * - EKS add-ons for 1.35: a public EKS 1.35 configuration (vpc-cni
 *   v1.21.1-eksbuild.3, kube-proxy v1.35.0-eksbuild.2, coredns v1.13.2-eksbuild.1,
 *   aws-ebs-csi-driver v1.57.1-eksbuild.1, amazon-cloudwatch-observability
 *   v5.3.0-eksbuild.1); for 1.34: public EKS 1.34 configurations (kube-proxy
 *   v1.34.0-eksbuild.2, coredns v1.12.3-eksbuild.1, vpc-cni v1.20.4-eksbuild.2,
 *   aws-ebs-csi-driver v1.54.0-eksbuild.1, amazon-cloudwatch-observability
 *   v4.10.2-eksbuild.1). These are not AWS's own list: confirm them with
 *   describe-addon-versions before the first apply (see docs/cluster.md).
 * - Cluster autoscaler: upstream requires the autoscaler's minor to match the
 *   cluster's (kubernetes/autoscaler README). Chart 9.53.0 ships app 1.34.2
 *   (kubernetes/autoscaler#8891, `helm search repo`), 9.59.0 ships 1.35.0
 *   (kubernetes/autoscaler#9193, kubermatic/kubermatic#16253).
 * - 1.33 and older are out of standard support (1.33 since 2026-07-29) and not
 *   listed: a cluster still on 1.33 steps to 1.34 first, which this table covers.
 * - The other charts declare only a minimum Kubernetes version; the versions
 *   below are those docs/workloads.md lists, kept for every minor here.
 * - KEDA supports the three newest Kubernetes minors at its release (N-2):
 *   2.19 moved to Kubernetes 1.32-1.34 (kedacore/keda#7378, 2026-01), each
 *   minor since has moved one up, so chart and app 2.21.1 (kedacore/charts
 *   release v2.21.1, 2026-11-16) cover 1.34 and 1.35. Check the support
 *   matrix at keda.sh/docs/<version>/operate/cluster/ before bumping.
 */

/** Kubernetes minor versions this project has a verified set of versions for, oldest first. */
export const KUBERNETES_VERSIONS = ["1.34", "1.35"] as const;
export type KubernetesVersion = (typeof KUBERNETES_VERSIONS)[number];

/** The EKS managed add-ons every cluster gets: config key -> EKS add-on name. */
export const EKS_ADDONS = {
  vpcCni: "vpc-cni",
  coredns: "coredns",
  kubeProxy: "kube-proxy",
  ebsCsiDriver: "aws-ebs-csi-driver",
  cloudwatchObservability: "amazon-cloudwatch-observability",
} as const;
export type EksAddonKey = keyof typeof EKS_ADDONS;

/** The Helm charts of the workloads layer: config key -> chart name and repository. */
export const WORKLOAD_CHARTS = {
  awsLoadBalancerController: { chart: "aws-load-balancer-controller", repository: "https://aws.github.io/eks-charts" },
  clusterAutoscaler: { chart: "cluster-autoscaler", repository: "https://kubernetes.github.io/autoscaler" },
  metricsServer: { chart: "metrics-server", repository: "https://kubernetes-sigs.github.io/metrics-server" },
  externalSecrets: { chart: "external-secrets", repository: "https://charts.external-secrets.io" },
  kubePrometheusStack: {
    chart: "kube-prometheus-stack",
    repository: "https://prometheus-community.github.io/helm-charts",
  },
  keda: { chart: "keda", repository: "https://kedacore.github.io/charts" },
} as const;
export type WorkloadChartKey = keyof typeof WORKLOAD_CHARTS;

export interface KubernetesRelease {
  /** Last day of EKS standard support (ISO date); afterwards `STANDARD` clusters are upgraded by AWS. */
  readonly standardSupportUntil: string;
  /** Last day of EKS extended support (ISO date). */
  readonly extendedSupportUntil: string;
  /** EKS managed add-on versions for this minor. */
  readonly eksAddons: Readonly<Record<EksAddonKey, string>>;
  /** Chart versions known to work on this minor; the first is the default. */
  readonly charts: Readonly<Record<WorkloadChartKey, readonly [string, ...string[]]>>;
  /** The cluster autoscaler image tag: its minor is this Kubernetes minor. */
  readonly clusterAutoscalerImageTag: string;
}

/** Charts whose version does not depend on the minor (their Chart.yaml sets only a lower bound). */
const MINOR_INDEPENDENT_CHARTS = {
  awsLoadBalancerController: ["3.5.0"],
  metricsServer: ["3.14.0"],
  externalSecrets: ["2.10.0"],
  kubePrometheusStack: ["88.2.0"],
  keda: ["2.21.1"],
} as const;

export const KUBERNETES_RELEASES: Readonly<Record<KubernetesVersion, KubernetesRelease>> = {
  "1.34": {
    standardSupportUntil: "2026-12-02",
    extendedSupportUntil: "2027-12-02",
    eksAddons: {
      vpcCni: "v1.20.4-eksbuild.2",
      coredns: "v1.12.3-eksbuild.1",
      kubeProxy: "v1.34.0-eksbuild.2",
      ebsCsiDriver: "v1.54.0-eksbuild.1",
      cloudwatchObservability: "v4.10.2-eksbuild.1",
    },
    charts: { ...MINOR_INDEPENDENT_CHARTS, clusterAutoscaler: ["9.53.0"] },
    clusterAutoscalerImageTag: "v1.34.2",
  },
  "1.35": {
    standardSupportUntil: "2027-03-27",
    extendedSupportUntil: "2028-03-27",
    eksAddons: {
      vpcCni: "v1.21.1-eksbuild.3",
      coredns: "v1.13.2-eksbuild.1",
      kubeProxy: "v1.35.0-eksbuild.2",
      ebsCsiDriver: "v1.57.1-eksbuild.1",
      cloudwatchObservability: "v5.3.0-eksbuild.1",
    },
    charts: { ...MINOR_INDEPENDENT_CHARTS, clusterAutoscaler: ["9.59.0"] },
    clusterAutoscalerImageTag: "v1.35.0",
  },
};

/** The minor version (`1.35`) an EKS add-on version or image tag names (`v1.35.0-eksbuild.2`, `v1.35.0`). */
export function minorOf(version: string): string | undefined {
  return /^v?(\d+\.\d+)\./.exec(version)?.[1];
}
