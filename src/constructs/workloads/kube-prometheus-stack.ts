import { Construct } from "constructs";
import { AddonProps } from "./addon-props";
import { HelmChartRelease } from "./helm-chart-release";

export interface KubePrometheusStackValues {
  /** Off: Grafana's chart default is a well-known admin password; use Amazon Managed Grafana or add an admin secret. */
  readonly grafana: { readonly enabled: boolean };
  readonly alertmanager: { readonly enabled: boolean };
  readonly prometheus: {
    readonly prometheusSpec: {
      readonly retention: string;
      /** Pick up every ServiceMonitor/PodMonitor, not only this release's. */
      readonly serviceMonitorSelectorNilUsesHelmValues: boolean;
      readonly podMonitorSelectorNilUsesHelmValues: boolean;
    };
  };
}

export interface KubePrometheusStackProps extends AddonProps {
  /** e.g. `15d`. */
  readonly retention: string;
}

/** Prometheus, Alertmanager, node-exporter and kube-state-metrics in `monitoring`. */
export class KubePrometheusStack extends HelmChartRelease {
  static readonly releaseName = "kube-prometheus-stack";
  static readonly namespace = "monitoring";

  constructor(scope: Construct, id: string, props: KubePrometheusStackProps) {
    const values: KubePrometheusStackValues = {
      grafana: { enabled: false },
      alertmanager: { enabled: true },
      prometheus: {
        prometheusSpec: {
          retention: props.retention,
          serviceMonitorSelectorNilUsesHelmValues: false,
          podMonitorSelectorNilUsesHelmValues: false,
        },
      },
    };
    super(scope, id, {
      name: KubePrometheusStack.releaseName,
      chart: "kube-prometheus-stack",
      source: props.chart,
      namespace: KubePrometheusStack.namespace,
      values,
      dependsOn: props.dependsOn,
      timeoutSeconds: 900,
    });
  }
}
