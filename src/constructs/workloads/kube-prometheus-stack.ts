import { Construct } from "constructs";
import { AddonProps } from "./addon-props";
import { HelmChartRelease, ServiceAccountValues, irsaServiceAccount } from "./helm-chart-release";

/** A PersistentVolumeClaim template as the Prometheus operator's `storage` fields take it. */
interface VolumeClaimTemplate {
  readonly volumeClaimTemplate: {
    readonly spec: {
      readonly storageClassName: string;
      readonly accessModes: readonly ["ReadWriteOnce"];
      readonly resources: { readonly requests: { readonly storage: string } };
    };
  };
}

/** An Alertmanager configuration (alertmanager.yaml) as the chart's `alertmanager.config` takes it. */
export interface AlertmanagerConfig {
  readonly route: {
    readonly receiver: string;
    readonly group_by: readonly string[];
    readonly group_wait: string;
    readonly group_interval: string;
    readonly repeat_interval: string;
    readonly routes: readonly { readonly receiver: string; readonly matchers: readonly string[] }[];
  };
  readonly receivers: readonly (
    | { readonly name: string }
    | {
        readonly name: string;
        readonly sns_configs: readonly {
          readonly topic_arn: string;
          readonly sigv4: { readonly region: string };
          readonly subject: string;
          readonly send_resolved: boolean;
        }[];
      }
  )[];
}

export interface KubePrometheusStackValues {
  /** Off: Grafana's chart default is a well-known admin password; use Amazon Managed Grafana or add an admin secret. */
  readonly grafana: { readonly enabled: boolean };
  readonly alertmanager: {
    readonly enabled: boolean;
    readonly serviceAccount: ServiceAccountValues;
    readonly config: AlertmanagerConfig;
    readonly alertmanagerSpec: { readonly storage: VolumeClaimTemplate };
  };
  readonly prometheus: {
    readonly prometheusSpec: {
      readonly retention: string;
      /** Prometheus deletes the oldest blocks beyond this, so a full volume never stops ingestion. */
      readonly retentionSize: string;
      /** Pick up every ServiceMonitor/PodMonitor, not only this release's. */
      readonly serviceMonitorSelectorNilUsesHelmValues: boolean;
      readonly podMonitorSelectorNilUsesHelmValues: boolean;
      readonly storageSpec: VolumeClaimTemplate;
    };
  };
}

/** Where Alertmanager sends alerts: an SNS topic, published to as an IRSA role. */
export interface AlertmanagerSnsTarget {
  readonly topicArn: string;
  readonly region: string;
  /** IAM role the Alertmanager service account assumes; it may publish to the topic only. */
  readonly roleArn: string;
  /** Subject prefix of the notifications, e.g. the environment name. */
  readonly subject: string;
}

export interface KubePrometheusStackProps extends AddonProps {
  /** e.g. `15d`. */
  readonly retention: string;
  /** StorageClass of the Prometheus and Alertmanager volumes. */
  readonly storageClassName: string;
  readonly prometheusVolumeGiB: number;
  readonly alertmanagerVolumeGiB: number;
  readonly alerts: AlertmanagerSnsTarget;
}

/** The Alertmanager service account, which the SNS publishing role trusts. */
export const ALERTMANAGER_SERVICE_ACCOUNT = { namespace: "monitoring", name: "kube-prometheus-stack-alertmanager" } as const;

/** Name of the receiver that discards the always-firing Watchdog alert. */
const DISCARD = "discard";

/** Routes every alert to the SNS topic; the always-firing Watchdog heartbeat is discarded. */
export function alertmanagerConfig(target: AlertmanagerSnsTarget): AlertmanagerConfig {
  return {
    route: {
      receiver: "sns",
      group_by: ["alertname", "namespace"],
      group_wait: "30s",
      group_interval: "5m",
      repeat_interval: "4h",
      routes: [{ receiver: DISCARD, matchers: ['alertname = "Watchdog"'] }],
    },
    receivers: [
      { name: DISCARD },
      {
        name: "sns",
        sns_configs: [
          {
            topic_arn: target.topicArn,
            sigv4: { region: target.region },
            subject: `[${target.subject}] {{ .CommonLabels.alertname }}`,
            send_resolved: true,
          },
        ],
      },
    ],
  };
}

function volume(storageClassName: string, sizeGiB: number): VolumeClaimTemplate {
  return {
    volumeClaimTemplate: {
      spec: {
        storageClassName,
        accessModes: ["ReadWriteOnce"],
        resources: { requests: { storage: `${sizeGiB}Gi` } },
      },
    },
  };
}

/**
 * Prometheus, Alertmanager, node-exporter and kube-state-metrics in
 * `monitoring`. Prometheus and Alertmanager keep their data on encrypted
 * persistent volumes; Alertmanager sends every alert to an SNS topic.
 */
export class KubePrometheusStack extends HelmChartRelease {
  static readonly releaseName = "kube-prometheus-stack";
  static readonly namespace = ALERTMANAGER_SERVICE_ACCOUNT.namespace;

  constructor(scope: Construct, id: string, props: KubePrometheusStackProps) {
    const values: KubePrometheusStackValues = {
      grafana: { enabled: false },
      alertmanager: {
        enabled: true,
        serviceAccount: irsaServiceAccount(ALERTMANAGER_SERVICE_ACCOUNT.name, props.alerts.roleArn),
        config: alertmanagerConfig(props.alerts),
        alertmanagerSpec: { storage: volume(props.storageClassName, props.alertmanagerVolumeGiB) },
      },
      prometheus: {
        prometheusSpec: {
          retention: props.retention,
          // 85% of the volume: the TSDB's WAL and compaction need headroom.
          retentionSize: `${Math.floor(props.prometheusVolumeGiB * 0.85)}GB`,
          serviceMonitorSelectorNilUsesHelmValues: false,
          podMonitorSelectorNilUsesHelmValues: false,
          storageSpec: volume(props.storageClassName, props.prometheusVolumeGiB),
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
