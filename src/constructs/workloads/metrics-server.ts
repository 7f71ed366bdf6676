import { Construct } from "constructs";
import { AddonProps } from "./addon-props";
import { HelmChartRelease } from "./helm-chart-release";

export interface MetricsServerValues {
  readonly replicas: number;
  readonly podDisruptionBudget: { readonly enabled: boolean; readonly maxUnavailable: number };
}

export interface MetricsServerProps extends AddonProps {
  /** Default: 2. */
  readonly replicas?: number;
}

/** metrics-server: the resource metrics the application's HPA scales on. */
export class MetricsServer extends HelmChartRelease {
  static readonly releaseName = "metrics-server";

  constructor(scope: Construct, id: string, props: MetricsServerProps) {
    const replicas = props.replicas ?? 2;
    const values: MetricsServerValues = {
      replicas,
      podDisruptionBudget: { enabled: replicas > 1, maxUnavailable: 1 },
    };
    super(scope, id, {
      name: MetricsServer.releaseName,
      chart: "metrics-server",
      source: props.chart,
      namespace: "kube-system",
      createNamespace: false,
      values,
      dependsOn: props.dependsOn,
    });
  }
}
