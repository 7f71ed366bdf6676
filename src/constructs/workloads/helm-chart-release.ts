import { Release } from "@cdktf/provider-helm/lib/release";
import { AssetType, ITerraformDependable, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import * as path from "path";

/** The annotation that binds a Kubernetes service account to an IAM role (IRSA). */
export const IRSA_ANNOTATION = "eks.amazonaws.com/role-arn";

/** The `serviceAccount` block most charts accept. */
export interface ServiceAccountValues {
  readonly create: boolean;
  readonly name: string;
  readonly annotations: Record<string, string>;
}

/** A chart-created service account bound to an IAM role. */
export function irsaServiceAccount(name: string, roleArn: string): ServiceAccountValues {
  return { create: true, name, annotations: { [IRSA_ANNOTATION]: roleArn } };
}

/**
 * Chart values as one JSON document (JSON is YAML, which Helm reads). Built
 * from typed objects; string tokens (role ARNs, cluster names) resolve in place.
 */
export function helmValues(values: object): string {
  return JSON.stringify(values, null, 2);
}

export interface HelmChartReleaseProps {
  /** Release name, also the default name of the chart's objects. */
  readonly name: string;
  /** Chart name in the repository, or a local chart path. */
  readonly chart: string;
  /** Repository and exact version; omit the repository for a local chart. */
  readonly source: { readonly repository?: string; readonly version: string };
  readonly namespace: string;
  /** Create the namespace if missing. Default: true. */
  readonly createNamespace?: boolean;
  /** Typed chart values. */
  readonly values: object;
  /** Releases and resources that must exist first (e.g. the load balancer controller's webhooks). */
  readonly dependsOn?: ITerraformDependable[];
  /** Seconds Helm waits for the release's pods. Default: 600. */
  readonly timeoutSeconds?: number;
}

/**
 * A Helm release pinned to an exact chart version, waiting until its pods are
 * ready and rolling back a failed install or upgrade (atomic).
 */
export class HelmChartRelease extends Construct {
  readonly release: Release;
  /** Release name, namespace, chart and pinned version, as configured (for outputs and tests). */
  readonly releaseName: string;
  readonly namespace: string;
  readonly chart: string;
  readonly chartVersion: string;

  constructor(scope: Construct, id: string, props: HelmChartReleaseProps) {
    super(scope, id);
    this.releaseName = props.name;
    this.namespace = props.namespace;
    this.chart = props.chart;
    this.chartVersion = props.source.version;
    this.release = new Release(this, "release", {
      name: props.name,
      chart: props.chart,
      repository: props.source.repository,
      version: props.source.version,
      namespace: props.namespace,
      createNamespace: props.createNamespace ?? true,
      values: [helmValues(props.values)],
      atomic: true,
      cleanupOnFail: true,
      wait: true,
      maxHistory: 10,
      timeout: props.timeoutSeconds ?? 600,
      dependsOn: props.dependsOn,
    });
  }
}

/** Chart of repository charts/custom-resources: applies the manifests it is given. */
export const CUSTOM_RESOURCES_CHART = {
  directory: path.resolve(__dirname, "../../../charts/custom-resources"),
  /** Keep in step with charts/custom-resources/Chart.yaml. */
  version: "1.0.0",
} as const;

/**
 * The repository's custom-resources chart, copied into the stack's output so
 * Terraform Cloud receives it with the configuration. One per stack.
 */
export class CustomResourcesChart extends Construct {
  /** Chart path relative to the stack's working directory. */
  readonly path: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const asset = new TerraformAsset(this, "asset", {
      path: CUSTOM_RESOURCES_CHART.directory,
      type: AssetType.DIRECTORY,
    });
    this.path = `./${asset.path}`;
  }
}

export interface CustomResourcesReleaseProps {
  readonly chart: CustomResourcesChart;
  readonly name: string;
  readonly namespace: string;
  /** Complete manifests (apiVersion, kind, metadata, spec). */
  readonly resources: object[];
  /** Must include the release that installs the resources' CRDs. */
  readonly dependsOn: ITerraformDependable[];
}

/**
 * Custom resources applied through Helm rather than `kubernetes_manifest`: the
 * latter reads the CRD's schema at plan time, so a plan of a fresh cluster
 * (CRDs not installed yet) would fail; Helm resolves the kinds at apply time,
 * after the release named in `dependsOn` has installed the CRDs.
 */
export class CustomResourcesRelease extends HelmChartRelease {
  constructor(scope: Construct, id: string, props: CustomResourcesReleaseProps) {
    super(scope, id, {
      name: props.name,
      chart: props.chart.path,
      source: { version: CUSTOM_RESOURCES_CHART.version },
      namespace: props.namespace,
      createNamespace: false,
      values: { resources: props.resources },
      dependsOn: props.dependsOn,
      timeoutSeconds: 300,
    });
  }
}
