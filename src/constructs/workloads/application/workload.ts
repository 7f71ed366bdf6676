import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { applicationRoleName, databaseRoleJobRoleName } from "../../../naming";
import type { WorkloadConfig } from "../../../config";
import type { NodeTaint } from "../spot-scheduling";
import type { ClusterExports, DataExports } from "../../../contracts";
import { AwsScope } from "../../iam/arn";
import { ConstructError } from "../../errors";
import type { CustomResourcesChart } from "../helm-chart-release";
import { DatabaseRoleJob, databaseUserName } from "../database-role-job";
import { EnvVar, WorkloadCronJob, WorkloadDeployment } from "./workload-pods";
import { workloadEnvironment } from "./workload-environment";
import { WorkloadExposure } from "./workload-exposure";
import { WorkloadIdentity } from "./workload-identity";
import { ApplicationNetworkPeers, ApplicationNetworkPolicies } from "./workload-network-policies";
import { ApiScaling, KedaScaling, WorkerDisruptionBudget } from "./workload-scaling";
import { SyncedSecret, SyncedValues, WorkloadSecrets } from "./workload-secrets";

/** The ClusterSecretStores external-secrets serves, and where their releases are recorded. */
export interface SecretStores {
  /** ClusterSecretStore of Secrets Manager. */
  readonly secretsManager: string;
  /** ClusterSecretStore of SSM Parameter Store. */
  readonly parameterStore: string;
  /** The release that creates the stores. */
  readonly release: ITerraformDependable;
  /** Namespace the workloads' secret releases are recorded in (external-secrets'). */
  readonly releaseNamespace: string;
}

export interface WorkloadProps {
  /** The workload's name (its key in `workloads.applications`). */
  readonly name: string;
  readonly config: WorkloadConfig;
  /** Taints of the cluster's spot nodes, which the pods tolerate. */
  readonly spotTaints: NodeTaint[];
  /** Environment name, given to the workload as ENVIRONMENT. */
  readonly environment: string;
  /** `<project>-<env>`: prefixes the IAM role name. */
  readonly namePrefix: string;
  /** Namespace (already created) the workload runs in. */
  readonly namespace: string;
  /** Exact address blocks of the load balancer, the data services and the AWS endpoints. */
  readonly networkPeers: Omit<ApplicationNetworkPeers, "internetEgress">;
  readonly cluster: ClusterExports;
  readonly data: DataExports;
  readonly webAclArn: string;
  readonly customResourcesChart: CustomResourcesChart;
  readonly secretStores: SecretStores;
  /** The load balancer controller's release. */
  readonly loadBalancerController: ITerraformDependable;
  /** Where Prometheus runs, when it does. */
  readonly monitoringNamespace?: string;
  /**
   * The job that creates this workload's database user when an earlier
   * workload of the layer connects as the same user; otherwise the workload
   * makes its own.
   */
  readonly databaseRoleJob?: DatabaseRoleJob;
  /** Where KEDA runs and what its ScaledObjects wait for; required by workers with `scaling`. */
  readonly keda?: { readonly namespace: string; readonly dependsOn: ITerraformDependable[] };
  /**
   * Keep the names the single application had (network policies without a
   * `<name>-` prefix), so its Kubernetes objects are not replaced.
   */
  readonly legacyNames?: boolean;
}

/**
 * One workload: its identity (IRSA role and service account), its secrets and
 * settings through external-secrets, its pods (a Deployment, or a CronJob for
 * a scheduled job), scaling (an HPA for an API, KEDA for a worker), a PDB,
 * exposure through the ALB for an API, and network policies with exact peers.
 */
export class Workload extends Construct {
  readonly identity: WorkloadIdentity;
  /** The PostgreSQL user the workload connects as (IAM authentication), when it uses the database. */
  readonly databaseUser?: string;
  /** The job that creates that user: this workload's, or the first workload's with the same user. */
  readonly databaseRole?: DatabaseRoleJob;
  /** The ExternalSecrets of the workload, when it has anything to sync. */
  readonly secrets?: WorkloadSecrets;
  readonly deployment?: WorkloadDeployment;
  readonly cronJob?: WorkloadCronJob;
  readonly scaling?: ApiScaling;
  readonly workerDisruptionBudget?: WorkerDisruptionBudget;
  readonly kedaScaling?: KedaScaling;
  readonly exposure?: WorkloadExposure;

  constructor(scope: Construct, id: string, props: WorkloadProps) {
    super(scope, id);
    const { config, namespace, data, name } = props;
    const aws = AwsScope.of(this);
    const selector = { "app.kubernetes.io/name": name, "app.kubernetes.io/instance": name };
    const labels = {
      ...selector,
      "app.kubernetes.io/version": config.image.tag.slice(0, 63).replace(/:/g, "-"),
      "app.kubernetes.io/managed-by": "terraform",
    };
    this.databaseUser = config.database ? databaseUserName(name, config.databaseUser) : undefined;
    const triggers = config.kind === "worker" ? (config.scaling?.triggers ?? []) : [];
    const queues = triggers.flatMap((trigger) => (trigger.type === "sqs" ? [trigger.queueName] : []));

    this.identity = new WorkloadIdentity(this, "identity", {
      roleName: applicationRoleName(props.namePrefix, name),
      name,
      namespace,
      namespaceName: config.namespace,
      labels,
      cluster: props.cluster,
      data,
      access: {
        tables: config.tables,
        buckets: config.buckets,
        databaseUser: this.databaseUser,
        cache: config.cache,
        search: config.search,
        queues,
        publishesMetrics: config.publishesMetrics,
      },
    });

    const dependsOn: ITerraformDependable[] = [props.loadBalancerController];
    if (this.databaseUser !== undefined) {
      // The pods start once their database role exists: made here, or by the first workload with the same user.
      this.databaseRole =
        props.databaseRoleJob ??
        new DatabaseRoleJob(this, "database-role", {
          name: `${name}-db-role`,
          namespace,
          namespaceName: config.namespace,
          roleName: databaseRoleJobRoleName(props.namePrefix, name),
          user: this.databaseUser,
          database: data.database,
          region: aws.region,
          oidc: { providerArn: props.cluster.oidcProviderArn, issuer: props.cluster.oidcIssuer },
          peers: props.networkPeers,
        });
      dependsOn.unshift(this.databaseRole.job.job);
    }
    const synced = this.syncedSecrets(props);
    if (synced.secrets.length + synced.values.length > 0) {
      this.secrets = new WorkloadSecrets(this, "secrets", {
        chart: props.customResourcesChart,
        releaseName: `${name}-secrets`,
        releaseNamespace: props.secretStores.releaseNamespace,
        namespace,
        storeName: props.secretStores.secretsManager,
        secrets: synced.secrets,
        values: synced.values,
        dependsOn: [props.secretStores.release],
      });
      dependsOn.unshift(this.secrets.release);
    }

    const pods = {
      name,
      namespace,
      labels,
      selector,
      serviceAccountName: this.identity.serviceAccount.metadata.name,
      spotTaints: props.spotTaints,
      env: workloadEnvironment({
        environment: props.environment,
        region: aws.region,
        serviceName: name,
        databaseUser: this.databaseUser,
        data,
        uses: { database: config.database, cache: config.cache, search: config.search },
        tables: config.tables,
        buckets: config.buckets,
        extra: config.env,
        fromSecrets: synced.env,
      }),
      dependsOn,
    };
    if (config.kind === "scheduled") {
      this.cronJob = new WorkloadCronJob(this, "workload", { ...pods, config });
    } else {
      this.deployment = new WorkloadDeployment(this, "workload", { ...pods, config });
    }
    const deploymentName = this.deployment?.deployment.metadata.name ?? name;
    if (config.kind === "api") {
      this.scaling = new ApiScaling(this, "scaling", {
        name,
        config,
        namespace,
        labels,
        selector,
        deploymentName,
      });
      this.exposure = new WorkloadExposure(this, "exposure", {
        name,
        config,
        namespace,
        labels,
        selector,
        webAclArn: props.webAclArn,
        oidcClientSecret: config.ingress.authentication ? oidcSecretName(name) : undefined,
        dependsOn: this.secrets && config.ingress.authentication ? [props.loadBalancerController, this.secrets.release] : [props.loadBalancerController],
      });
    }
    if (config.kind === "worker" && !config.singleton) {
      this.workerDisruptionBudget = new WorkerDisruptionBudget(this, "disruption-budget", { name, config, namespace, labels, selector });
    }
    if (config.kind === "worker" && config.scaling) {
      if (!props.keda) throw new ConstructError(this, `workload ${name} scales with KEDA, which is not installed (config refuses this)`);
      this.kedaScaling = new KedaScaling(this, "keda-scaling", {
        chart: props.customResourcesChart,
        name,
        scaling: config.scaling,
        namespace,
        releaseNamespace: props.keda.namespace,
        deploymentName,
        region: aws.region,
        queueUrlPrefix: `https://sqs.${aws.region}.${aws.dnsSuffix}/${aws.accountId}/`,
        dependsOn: [...props.keda.dependsOn, ...(this.deployment ? [this.deployment.deployment] : [])],
      });
    }
    const dataServices = data.serviceAccess.filter(
      (service) =>
        (service.name === "database" && config.database) || (service.name === "cache" && config.cache) || (service.name === "search" && config.search),
    );
    new ApplicationNetworkPolicies(this, "network-policies", {
      namespace,
      namePrefix: props.legacyNames === true ? "" : `${name}-`,
      podLabels: selector,
      port: config.kind === "api" ? config.port : undefined,
      peers: { ...props.networkPeers, internetEgress: config.internetEgress },
      dataServices,
      monitoringNamespace: props.monitoringNamespace,
    });
  }

  /** What external-secrets syncs for the workload, and the variables that read it. */
  private syncedSecrets(props: WorkloadProps): { secrets: SyncedSecret[]; values: SyncedValues[]; env: EnvVar[] } {
    const { config, data, name } = props;
    const secrets: SyncedSecret[] = [];
    const values: SyncedValues[] = [];
    const env: EnvVar[] = [];
    const oidc = config.kind === "api" ? config.ingress.authentication?.oidc : undefined;
    if (oidc) {
      secrets.push({
        name: oidcSecretName(name),
        secretArn: this.exported(data.appSecrets, oidc.clientSecret, "secret").arn,
        properties: ["clientID", "clientSecret"],
      });
    }
    const fromStore = (suffix: string, storeName: string, entries: [string, string][]) => {
      if (entries.length === 0) return;
      const secretName = `${name}-${suffix}`;
      values.push({ name: secretName, storeName, values: Object.fromEntries(entries) });
      env.push(...entries.map(([variable]) => ({ name: variable, secret: { name: secretName, key: variable } })));
    };
    fromStore(
      "app-secrets",
      props.secretStores.secretsManager,
      Object.entries(config.secrets).map(([variable, secret]) => [variable, this.exported(data.appSecrets, secret, "secret").arn]),
    );
    fromStore(
      "parameters",
      props.secretStores.parameterStore,
      Object.entries(config.parameters).map(([variable, parameter]) => [variable, this.exported(data.parameters, parameter, "parameter").name]),
    );
    return { secrets, values, env };
  }

  /** One of the data layer's exports by config name; the config schema checks the names, this only guards. */
  private exported<T>(exports: Record<string, T>, name: string, what: string): T {
    const found = exports[name];
    if (found === undefined) {
      const names = Object.keys(exports);
      const known = names.length > 0 ? names.join(", ") : "none";
      throw new ConstructError(this, `the workload uses ${what} "${name}", which the data layer does not export (exports: ${known})`);
    }
    return found;
  }
}

/** The Secret with an API's OIDC client credentials, which the load balancer controller reads. */
export function oidcSecretName(workload: string): string {
  return `${workload}-oidc-client`;
}
