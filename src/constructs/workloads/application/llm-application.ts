import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { applicationRoleName } from "../../../naming";
import type { ApplicationConfig } from "../../../config";
import type { NodeTaint } from "../spot-scheduling";
import type { ClusterExports, DataExports } from "../../../contracts";
import { AwsScope } from "../../iam/arn";
import type { CustomResourcesChart } from "../helm-chart-release";
import { ApplicationDeployment } from "./application-deployment";
import { DATABASE_CREDENTIALS_SECRET, applicationEnvironment } from "./application-environment";
import { ApplicationExposure } from "./application-exposure";
import { ApplicationIdentity } from "./application-identity";
import { ApplicationNetworkPeers, ApplicationNetworkPolicies } from "./application-network-policies";
import { ApplicationScaling } from "./application-scaling";
import { ApplicationSecrets } from "./application-secrets";
import { APPLICATION_RESOURCES_RELEASE_NAMESPACE } from "../release-namespaces";

export interface LlmApplicationProps {
  readonly config: ApplicationConfig;
  /** Taints of the cluster's spot nodes, which the pods tolerate. */
  readonly spotTaints: NodeTaint[];
  /** Environment name, given to the application as ENVIRONMENT. */
  readonly environment: string;
  /** `<project>-<env>`: prefixes the IAM role name. */
  readonly namePrefix: string;
  /** Namespace (already created) the application runs in. */
  readonly namespace: string;
  /** Exact address blocks of the load balancer, the data services and the AWS endpoints. */
  readonly networkPeers: Omit<ApplicationNetworkPeers, "internetEgress">;
  readonly cluster: ClusterExports;
  readonly data: DataExports;
  readonly webAclArn: string;
  readonly customResourcesChart: CustomResourcesChart;
  /** ClusterSecretStore name and the release that creates it. */
  readonly secretStore: { readonly name: string; readonly release: ITerraformDependable };
  /** The load balancer controller's release. */
  readonly loadBalancerController: ITerraformDependable;
  /** Where Prometheus runs, when it does. */
  readonly monitoringNamespace?: string;
}

/** The LLM API: identity, credentials, pods, scaling, exposure and network rules. */
export class LlmApplication extends Construct {
  readonly identity: ApplicationIdentity;
  readonly secrets: ApplicationSecrets;
  readonly workload: ApplicationDeployment;
  readonly scaling: ApplicationScaling;
  readonly exposure: ApplicationExposure;

  constructor(scope: Construct, id: string, props: LlmApplicationProps) {
    super(scope, id);
    const { config, namespace, data } = props;
    const selector = { "app.kubernetes.io/name": config.name, "app.kubernetes.io/instance": config.name };
    const labels = {
      ...selector,
      "app.kubernetes.io/version": config.image.tag.slice(0, 63).replace(/:/g, "-"),
      "app.kubernetes.io/managed-by": "terraform",
    };

    this.identity = new ApplicationIdentity(this, "identity", {
      roleName: applicationRoleName(props.namePrefix, config.name),
      name: config.name,
      namespace,
      namespaceName: config.namespace,
      labels,
      cluster: props.cluster,
      data,
      tables: config.tables,
      buckets: config.buckets,
    });
    this.secrets = new ApplicationSecrets(this, "secrets", {
      chart: props.customResourcesChart,
      releaseName: `${config.name}-secrets`,
      releaseNamespace: APPLICATION_RESOURCES_RELEASE_NAMESPACE,
      namespace,
      storeName: props.secretStore.name,
      secrets: [
        {
          name: DATABASE_CREDENTIALS_SECRET,
          secretArn: data.database.masterSecretArn,
          properties: ["username", "password"],
        },
      ],
      dependsOn: [props.secretStore.release],
    });
    this.workload = new ApplicationDeployment(this, "workload", {
      config,
      namespace,
      labels,
      selector,
      serviceAccountName: this.identity.serviceAccount.metadata.name,
      spotTaints: props.spotTaints,
      env: applicationEnvironment({
        environment: props.environment,
        region: AwsScope.of(this).region,
        serviceName: config.name,
        data,
        tables: config.tables,
        buckets: config.buckets,
        extra: config.env,
      }),
      dependsOn: [this.secrets.release, props.loadBalancerController],
    });
    this.scaling = new ApplicationScaling(this, "scaling", {
      config,
      namespace,
      labels,
      selector,
      deploymentName: this.workload.deployment.metadata.name,
    });
    this.exposure = new ApplicationExposure(this, "exposure", {
      config,
      namespace,
      labels,
      selector,
      webAclArn: props.webAclArn,
      dependsOn: [props.loadBalancerController],
    });
    new ApplicationNetworkPolicies(this, "network-policies", {
      namespace,
      podLabels: selector,
      port: config.port,
      peers: { ...props.networkPeers, internetEgress: config.internetEgress },
      dataServices: data.serviceAccess,
      monitoringNamespace: props.monitoringNamespace,
    });
  }
}
