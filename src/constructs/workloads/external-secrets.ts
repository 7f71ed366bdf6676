import { Construct } from "constructs";
import { AddonProps } from "./addon-props";
import { CustomResourcesChart, CustomResourcesRelease, HelmChartRelease, ServiceAccountValues, irsaServiceAccount } from "./helm-chart-release";
import { CONTROLLER_SERVICE_ACCOUNTS } from "./service-accounts";

export const EXTERNAL_SECRETS_API_VERSION = "external-secrets.io/v1";

export interface ExternalSecretsValues {
  readonly installCRDs: boolean;
  readonly serviceAccount: ServiceAccountValues;
}

export interface ExternalSecretsProps extends AddonProps {
  readonly region: string;
  readonly roleArn: string;
  readonly customResourcesChart: CustomResourcesChart;
  /** Namespaces whose ExternalSecrets may use the store. */
  readonly namespaces: string[];
}

/**
 * external-secrets and ClusterSecretStores for AWS Secrets Manager and SSM
 * Parameter Store. The stores authenticate as the controller's own IRSA role
 * (which the cluster layer scopes to the declared secrets and parameters) and
 * serve only the given namespaces.
 */
export class ExternalSecrets extends Construct {
  static readonly releaseName = "external-secrets";
  static readonly storeReleaseName = "cluster-secret-store";
  /** Name of the ClusterSecretStore of Secrets Manager. */
  static readonly storeName = "aws-secrets-manager";
  /** Name of the ClusterSecretStore of SSM Parameter Store. */
  static readonly parameterStoreName = "aws-parameter-store";

  readonly controller: HelmChartRelease;
  readonly store: CustomResourcesRelease;

  constructor(scope: Construct, id: string, props: ExternalSecretsProps) {
    super(scope, id);
    const account = CONTROLLER_SERVICE_ACCOUNTS.externalSecrets;
    const values: ExternalSecretsValues = {
      installCRDs: true,
      serviceAccount: irsaServiceAccount(account.name, props.roleArn),
    };
    this.controller = new HelmChartRelease(this, "controller", {
      name: ExternalSecrets.releaseName,
      chart: "external-secrets",
      source: props.chart,
      namespace: account.namespace,
      values,
      dependsOn: props.dependsOn,
    });
    this.store = new CustomResourcesRelease(this, "store", {
      chart: props.customResourcesChart,
      name: ExternalSecrets.storeReleaseName,
      namespace: account.namespace,
      resources: [
        {
          apiVersion: EXTERNAL_SECRETS_API_VERSION,
          kind: "ClusterSecretStore",
          metadata: { name: ExternalSecrets.storeName },
          spec: {
            conditions: [{ namespaces: props.namespaces }],
            provider: { aws: { service: "SecretsManager", region: props.region } },
          },
        },
        {
          apiVersion: EXTERNAL_SECRETS_API_VERSION,
          kind: "ClusterSecretStore",
          metadata: { name: ExternalSecrets.parameterStoreName },
          spec: {
            conditions: [{ namespaces: props.namespaces }],
            provider: { aws: { service: "ParameterStore", region: props.region } },
          },
        },
      ],
      dependsOn: [this.controller.release],
    });
  }
}
