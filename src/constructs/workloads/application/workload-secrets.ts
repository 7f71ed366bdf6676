import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { EXTERNAL_SECRETS_API_VERSION } from "../external-secrets";
import { CustomResourcesChart, CustomResourcesRelease } from "../helm-chart-release";

/** A Kubernetes Secret synchronized from one Secrets Manager secret's JSON properties. */
export interface SyncedSecret {
  /** Name of the Kubernetes Secret (and its ExternalSecret). */
  readonly name: string;
  /** ARN of the Secrets Manager secret. */
  readonly secretArn: string;
  /** JSON properties of the secret to copy, each to the key of the same name. */
  readonly properties: string[];
}

/** A Kubernetes Secret whose keys each copy one whole value: a secret's string, or a parameter's value. */
export interface SyncedValues {
  /** Name of the Kubernetes Secret (and its ExternalSecret). */
  readonly name: string;
  /** The ClusterSecretStore to read through (Secrets Manager or Parameter Store). */
  readonly storeName: string;
  /** Secret key -> remote key (a secret's ARN, a parameter's name). */
  readonly values: Record<string, string>;
}

export interface WorkloadSecretsProps {
  readonly chart: CustomResourcesChart;
  /** Helm release name: unique in `releaseNamespace`. */
  readonly releaseName: string;
  /**
   * Namespace the Helm release is recorded in: external-secrets' own, so
   * reading release state never needs read access to the application
   * namespaces' Secrets (issue 12).
   */
  readonly releaseNamespace: string;
  /** Namespace of the ExternalSecrets and the Secrets they make: the workload's. */
  readonly namespace: string;
  /** ClusterSecretStore of Secrets Manager, for `secrets`. */
  readonly storeName: string;
  readonly secrets: SyncedSecret[];
  readonly values: SyncedValues[];
  /** Default: `1h`. Rotated values reach the pods' Secrets within this interval. */
  readonly refreshInterval?: string;
  /** Must include the ClusterSecretStores' release. */
  readonly dependsOn: ITerraformDependable[];
}

/**
 * ExternalSecrets that copy a workload's credentials and settings from
 * Secrets Manager and Parameter Store into Secrets of its namespace. The
 * Helm release is recorded in the external-secrets namespace; every manifest
 * names the workload's namespace itself.
 */
export class WorkloadSecrets extends CustomResourcesRelease {
  constructor(scope: Construct, id: string, props: WorkloadSecretsProps) {
    const refreshInterval = props.refreshInterval ?? "1h";
    const externalSecret = (name: string, storeName: string, data: { secretKey: string; remoteRef: object }[]) => ({
      apiVersion: EXTERNAL_SECRETS_API_VERSION,
      kind: "ExternalSecret",
      metadata: { name, namespace: props.namespace },
      spec: {
        refreshInterval,
        secretStoreRef: { kind: "ClusterSecretStore", name: storeName },
        target: { name, creationPolicy: "Owner", deletionPolicy: "Retain" },
        data,
      },
    });
    super(scope, id, {
      chart: props.chart,
      name: props.releaseName,
      namespace: props.releaseNamespace,
      dependsOn: props.dependsOn,
      resources: [
        ...props.secrets.map((secret) =>
          externalSecret(
            secret.name,
            props.storeName,
            secret.properties.map((property) => ({ secretKey: property, remoteRef: { key: secret.secretArn, property } })),
          ),
        ),
        ...props.values.map((synced) =>
          externalSecret(
            synced.name,
            synced.storeName,
            Object.entries(synced.values).map(([secretKey, key]) => ({ secretKey, remoteRef: { key } })),
          ),
        ),
      ],
    });
  }
}
