import { Construct } from "constructs";
import { AddonProps } from "./addon-props";
import { HelmChartRelease } from "./helm-chart-release";

export interface CertManagerValues {
  /** Install the CRDs with the chart and keep them when the release is removed (removing them deletes every Certificate). */
  readonly crds: { readonly enabled: boolean; readonly keep: boolean };
  readonly replicaCount: number;
  readonly podDisruptionBudget: { readonly enabled: boolean };
}

/** cert-manager for in-cluster certificates. */
export class CertManager extends HelmChartRelease {
  static readonly releaseName = "cert-manager";

  constructor(scope: Construct, id: string, props: AddonProps) {
    const values: CertManagerValues = {
      crds: { enabled: true, keep: true },
      replicaCount: 2,
      podDisruptionBudget: { enabled: true },
    };
    super(scope, id, {
      name: CertManager.releaseName,
      chart: "cert-manager",
      source: props.chart,
      namespace: "cert-manager",
      values,
      dependsOn: props.dependsOn,
    });
  }
}
