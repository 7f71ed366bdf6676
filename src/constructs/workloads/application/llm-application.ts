import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { applicationRoleName, databaseRoleJobRoleName } from "../../../naming";
import { DatabaseRoleJob, databaseUserName } from "../database-role-job";
import type { ApplicationConfig } from "../../../config";
import type { NodeTaint } from "../spot-scheduling";
import type { ClusterExports, DataExports } from "../../../contracts";
import { AwsScope } from "../../iam/arn";
import { ApplicationDeployment } from "./application-deployment";
import { applicationEnvironment } from "./application-environment";
import { ApplicationExposure } from "./application-exposure";
import { ApplicationIdentity } from "./application-identity";
import { ApplicationNetworkPeers, ApplicationNetworkPolicies } from "./application-network-policies";
import { ApplicationScaling } from "./application-scaling";

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
  /** The load balancer controller's release. */
  readonly loadBalancerController: ITerraformDependable;
  /** Where Prometheus runs, when it does. */
  readonly monitoringNamespace?: string;
}

/** The LLM API: identity, its database role, pods, scaling, exposure and network rules. */
export class LlmApplication extends Construct {
  readonly identity: ApplicationIdentity;
  /** Creates the application's own IAM-authenticated database role before the pods start. */
  readonly databaseRole: DatabaseRoleJob;
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

    const roleName = applicationRoleName(props.namePrefix, config.name);
    const databaseUser = databaseUserName(config.name);
    this.databaseRole = new DatabaseRoleJob(this, "database-role", {
      name: `${config.name}-db-role`,
      namespace,
      namespaceName: config.namespace,
      roleName: databaseRoleJobRoleName(props.namePrefix, config.name),
      user: databaseUser,
      database: data.database,
      region: AwsScope.of(this).region,
      oidc: { providerArn: props.cluster.oidcProviderArn, issuer: props.cluster.oidcIssuer },
      peers: props.networkPeers,
    });
    this.identity = new ApplicationIdentity(this, "identity", {
      roleName,
      name: config.name,
      namespace,
      namespaceName: config.namespace,
      labels,
      cluster: props.cluster,
      data,
      databaseUser,
      tables: config.tables,
      buckets: config.buckets,
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
        databaseUser,
        tables: config.tables,
        buckets: config.buckets,
        extra: config.env,
      }),
      dependsOn: [this.databaseRole.job.job, props.loadBalancerController],
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
