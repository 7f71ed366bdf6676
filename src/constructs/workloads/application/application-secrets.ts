import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { EXTERNAL_SECRETS_API_VERSION } from "../external-secrets";
import { CustomResourcesChart, CustomResourcesRelease } from "../helm-chart-release";

/** A Kubernetes Secret synchronized from one Secrets Manager secret. */
export interface SyncedSecret {
  /** Name of the Kubernetes Secret (and its ExternalSecret). */
  readonly name: string;
  /** ARN of the Secrets Manager secret. */
  readonly secretArn: string;
  /** JSON properties of the secret to copy, each to the key of the same name. */
  readonly properties: string[];
}

export interface ApplicationSecretsProps {
  readonly chart: CustomResourcesChart;
  /** Helm release name. */
  readonly releaseName: string;
  /**
   * Namespace the release is recorded in: one of the platform's release
   * namespaces (helmReleaseNamespaces), never the application's, so reading
   * the release needs no access to the application's Secrets.
   */
  readonly releaseNamespace: string;
  /** Namespace of the ExternalSecrets and the Kubernetes Secrets they write. */
  readonly namespace: string;
  /** ClusterSecretStore to read through. */
  readonly storeName: string;
  readonly secrets: SyncedSecret[];
  /** Default: `1h`. Rotated passwords reach the pods within this interval. */
  readonly refreshInterval?: string;
  /** Must include the ClusterSecretStore's release. */
  readonly dependsOn: ITerraformDependable[];
}

/** ExternalSecrets that copy credentials from Secrets Manager into Kubernetes Secrets. */
export class ApplicationSecrets extends CustomResourcesRelease {
  constructor(scope: Construct, id: string, props: ApplicationSecretsProps) {
    super(scope, id, {
      chart: props.chart,
      name: props.releaseName,
      namespace: props.releaseNamespace,
      dependsOn: props.dependsOn,
      resources: props.secrets.map((secret) => ({
        apiVersion: EXTERNAL_SECRETS_API_VERSION,
        kind: "ExternalSecret",
        metadata: { name: secret.name, namespace: props.namespace },
        spec: {
          refreshInterval: props.refreshInterval ?? "1h",
          secretStoreRef: { kind: "ClusterSecretStore", name: props.storeName },
          target: { name: secret.name, creationPolicy: "Owner", deletionPolicy: "Retain" },
          data: secret.properties.map((property) => ({
            secretKey: property,
            remoteRef: { key: secret.secretArn, property },
          })),
        },
      })),
    });
  }
}
