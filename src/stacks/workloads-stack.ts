import { ITerraformDependable, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { EnvironmentConfig, KUBERNETES_RELEASES, type WorkloadConfig, type WorkloadsConfig } from "../config";
import type { ClusterExports, DataExports, EdgeExports } from "../contracts";
import {
  ALERTMANAGER_SERVICE_ACCOUNT,
  ApplicationNamespace,
  CONTROLLER_SERVICE_ACCOUNTS,
  AwsLoadBalancerController,
  ClusterAutoscaler,
  CustomResourcesChart,
  EksConnection,
  EncryptedStorageClass,
  ExternalSecrets,
  HelmChartRelease,
  Keda,
  KubePrometheusStack,
  LoadBalancerAlarms,
  MetricsServer,
  PodSecurityLabels,
  Workload,
} from "../constructs/workloads";
import { SubnetTier, subnetCidr } from "../constructs/network/subnet-layout";
import type { ApplicationNetworkPeers } from "../constructs/workloads/application/workload-network-policies";
import { metricAlarm } from "../constructs/data/alarms";
import { workloadStateKey } from "../config/schema/workloads";
import { spotScheduling } from "../constructs/workloads/spot-scheduling";
import { TopicGrants } from "../constructs/data/grants";
import { IrsaRole } from "../constructs/eks/irsa-role";
import { APPLICATION_RESOURCES_RELEASE_NAMESPACE, checkReleaseNamespaces, helmReleaseNamespaces } from "../constructs/workloads/release-namespaces";
import { SearchRoleMappingJob } from "../constructs/workloads/search-role-mapping-job";
import { databaseUserName, searchRoleMappingJobRoleName } from "../naming";
import type { DatabaseRoleJob } from "../constructs/workloads/database-role-job";
import { AddonNetworkPolicies } from "../constructs/workloads/addon-network-policies";
import { clusterNetworkPeers } from "../constructs/workloads/network-peers";
import { LayerStack, LayerStackProps } from "./layer-stack";

export interface WorkloadsStackProps extends LayerStackProps {
  readonly cluster: ClusterExports;
  readonly edge: EdgeExports;
  readonly data: DataExports;
  /** The network layer's VPC id, for the load balancer controller. */
  readonly vpcId: string;
}

/** Label that makes the load balancer controller inject target-health readiness gates into pods. */
const READINESS_GATE_LABEL = "elbv2.k8s.aws/pod-readiness-gate-inject";

/**
 * The `workloads` layer: cluster add-ons as Helm releases, the application
 * namespaces, and the LLM API, on the cluster of the cluster layer.
 *
 * Order: the load balancer controller goes first and every other release and
 * the application's Service, Ingress and pods depend on it, because its
 * webhooks intercept Services, Ingresses and pods and reject them while the
 * controller is not serving.
 */
export class WorkloadsStack extends LayerStack {
  readonly connection: EksConnection;
  readonly releases: HelmChartRelease[] = [];
  /** The workloads by name. */
  readonly workloads: Record<string, Workload> = {};
  /** 5xx rate and response time percentiles of each API workload's load balancer, by workload name. */
  readonly loadBalancerAlarms: Record<string, LoadBalancerAlarms> = {};
  readonly namespaces: Record<string, ApplicationNamespace>;
  readonly storageClass: EncryptedStorageClass;
  /** KEDA, when `workloads.addons.keda` is enabled. */
  readonly keda?: Keda;
  /** Default deny and exact allows in the add-ons' namespaces (KEDA's are KEDA's). */
  readonly addonNetworkPolicies: AddonNetworkPolicies;
  /** Maps `data.search.clientRoleNames` in the search domain's fine-grained access control; none without client roles. */
  readonly searchRoleMappings?: SearchRoleMappingJob;

  constructor(scope: Construct, props: WorkloadsStackProps) {
    super(scope, "workloads", props);
    const { workloads: config, aws } = this.env;
    const { addons } = config;
    const { cluster } = props;
    this.connection = new EksConnection(this, "eks", {
      clusterName: cluster.clusterName,
      credentials: (props.backend ?? "cloud") === "cloud" ? "terraform-cloud" : "local",
    });
    const spot = spotScheduling(this.env.cluster, this.namePrefix);
    const customResourcesChart = new CustomResourcesChart(this, "custom-resources-chart");

    const loadBalancerController = new AwsLoadBalancerController(this, "aws-load-balancer-controller", {
      chart: addons.awsLoadBalancerController.chart,
      clusterName: cluster.clusterName,
      region: aws.region,
      vpcId: props.vpcId,
      roleArn: cluster.controllerRoleArns.awsLoadBalancerController,
      replicas: addons.awsLoadBalancerController.replicas,
    });
    const afterController = [loadBalancerController.release];
    const autoscaler = new ClusterAutoscaler(this, "cluster-autoscaler", {
      chart: addons.clusterAutoscaler.chart,
      clusterName: cluster.clusterName,
      region: aws.region,
      roleArn: cluster.controllerRoleArns.clusterAutoscaler,
      imageTag: KUBERNETES_RELEASES[this.env.cluster.kubernetesVersion].clusterAutoscalerImageTag,
      spotNodeGroupPattern: spot.autoscalingGroupPattern,
      dependsOn: afterController,
    });
    const metricsServer = new MetricsServer(this, "metrics-server", {
      chart: addons.metricsServer.chart,
      replicas: addons.metricsServer.replicas,
      dependsOn: afterController,
    });
    const externalSecrets = new ExternalSecrets(this, "external-secrets", {
      chart: addons.externalSecrets.chart,
      region: aws.region,
      roleArn: cluster.controllerRoleArns.externalSecrets,
      customResourcesChart,
      namespaces: Object.keys(config.namespaces),
      dependsOn: afterController,
    });
    this.releases.push(loadBalancerController, autoscaler, metricsServer, externalSecrets.controller, externalSecrets.store);
    this.storageClass = new EncryptedStorageClass(this, "storage-class", { kmsKeyArn: cluster.volumeKmsKeyArn });
    const monitoring = addons.kubePrometheusStack.enabled ? this.monitoring(props, [...afterController, this.storageClass.storageClass]) : undefined;
    if (monitoring) this.releases.push(monitoring);
    // Default deny in every add-on namespace, after exact allows for what its add-ons need (KEDA's below, with KEDA).
    const peers = clusterNetworkPeers(this, {
      vpcCidr: this.env.network.vpcCidr,
      privateCidrs: applicationNetworkPeers(this.env).endpointCidrs,
      serviceCidr: this.connection.cluster.kubernetesNetworkConfig.get(0).serviceIpv4Cidr,
    });
    this.addonNetworkPolicies = new AddonNetworkPolicies(this, "addon-network-policies", {
      peers,
      internetEgress: config.addonInternetEgress,
      monitoring: monitoring ? { applicationPorts: applicationPorts(config) } : undefined,
      dependsOn: {
        [CONTROLLER_SERVICE_ACCOUNTS.externalSecrets.namespace]: [externalSecrets.controller.release],
        ...(monitoring ? { [KubePrometheusStack.namespace]: [monitoring.release] } : {}),
      },
    });
    // Pod Security labels on the add-ons' namespaces, each after what creates it (EKS: kube-system, amazon-cloudwatch).
    new PodSecurityLabels(this, "pod-security-kube-system", "kube-system");
    new PodSecurityLabels(this, "pod-security-amazon-cloudwatch", "amazon-cloudwatch");
    new PodSecurityLabels(this, "pod-security-external-secrets", "external-secrets", [externalSecrets.controller.release]);
    if (monitoring) new PodSecurityLabels(this, "pod-security-monitoring", KubePrometheusStack.namespace, [monitoring.release]);

    if (addons.keda.enabled) {
      this.keda = new Keda(this, "keda", {
        chart: addons.keda.chart,
        namePrefix: this.namePrefix,
        oidc: { providerArn: cluster.oidcProviderArn, issuer: cluster.oidcIssuer },
        customResourcesChart,
        triggers: Object.values(config.applications).flatMap((workload) => (workload.kind === "worker" ? (workload.scaling?.triggers ?? []) : [])),
        peers,
        dependsOn: afterController,
      });
      this.releases.push(this.keda.controller, this.keda.authentication);
      new PodSecurityLabels(this, "pod-security-keda", Keda.namespace, [this.keda.controller.release]);
    }

    this.namespaces = Object.fromEntries(
      Object.entries(config.namespaces).map(([name, namespaceConfig]) => [
        name,
        new ApplicationNamespace(this, `namespace-${name}`, {
          name,
          config: namespaceConfig,
          labels: { [READINESS_GATE_LABEL]: "enabled" },
        }),
      ]),
    );
    const secretStores = {
      secretsManager: ExternalSecrets.storeName,
      parameterStore: ExternalSecrets.parameterStoreName,
      release: externalSecrets.store.release,
      releaseNamespace: APPLICATION_RESOURCES_RELEASE_NAMESPACE,
    };
    // One job per database user: workloads that share a user share the first one's job.
    const databaseRoleJobs = new Map<string, DatabaseRoleJob>();
    for (const [name, workloadConfig] of Object.entries(config.applications)) {
      const stateKey = workloadStateKey(name, workloadConfig);
      const databaseUser = workloadConfig.database ? databaseUserName(name, workloadConfig.databaseUser) : undefined;
      const legacy = stateKey === LEGACY_STATE_KEY;
      const workload = new Workload(this, stateKey, {
        name,
        config: workloadConfig,
        spotTaints: spot.taints,
        environment: this.env.name,
        namePrefix: this.namePrefix,
        namespace: this.namespaces[workloadConfig.namespace].name,
        networkPeers: applicationNetworkPeers(this.env),
        cluster,
        data: props.data,
        webAclArn: props.edge.webAclArn,
        customResourcesChart,
        secretStores,
        loadBalancerController: loadBalancerController.release,
        monitoringNamespace: monitoring ? KubePrometheusStack.namespace : undefined,
        keda: this.keda ? { namespace: Keda.namespace, dependsOn: [this.keda.authentication.release] } : undefined,
        legacyNames: legacy,
        databaseRoleJob: databaseUser === undefined ? undefined : databaseRoleJobs.get(databaseUser),
      });
      if (databaseUser !== undefined && workload.databaseRole) databaseRoleJobs.set(databaseUser, workload.databaseRole);
      this.workloads[name] = workload;
      if (workload.secrets) this.releases.push(workload.secrets);
      if (workload.kedaScaling) this.releases.push(workload.kedaScaling);
      if (workload.exposure) {
        // The single application's alarms keep their ids and names; every other API's carry its name.
        this.loadBalancerAlarms[name] = new LoadBalancerAlarms(this, legacy ? "load-balancer-alarms" : `${stateKey}-load-balancer-alarms`, {
          namePrefix: legacy ? this.namePrefix : `${this.namePrefix}-${name}`,
          clusterName: props.cluster.clusterName,
          ingress: `${workloadConfig.namespace}/${name}`,
          dependsOn: [workload.exposure.ingress],
          topicArn: props.data.alarms.arn,
          settings: this.env.data.alarms,
          subject: legacy ? undefined : name,
        });
      }
      this.queueAgeAlarms(name, stateKey, workloadConfig, props.data.alarms.arn);
    }
    const { search } = this.env.data;
    if (search.clientRoleNames.length > 0) {
      // In the first namespace config declares: the job is the platform's, not one workload's.
      const [jobNamespace] = Object.keys(config.namespaces);
      this.searchRoleMappings = new SearchRoleMappingJob(this, "search-role-mappings", {
        name: "search-role-mappings",
        namespace: this.namespaces[jobNamespace].name,
        namespaceName: jobNamespace,
        roleName: searchRoleMappingJobRoleName(this.namePrefix),
        clientRoleNames: search.clientRoleNames,
        clientAccess: search.clientAccess,
        search: props.data.search,
        region: aws.region,
        oidc: { providerArn: cluster.oidcProviderArn, issuer: cluster.oidcIssuer },
        peers: applicationNetworkPeers(this.env),
      });
    }
    this.declareOutputs();
    checkReleaseNamespaces(this, helmReleaseNamespaces(this.env));
  }

  /** kube-prometheus-stack on the default StorageClass, its Alertmanager publishing to the environment's alarm topic. */
  private monitoring(props: WorkloadsStackProps, dependsOn: ITerraformDependable[]): KubePrometheusStack {
    const settings = this.env.workloads.addons.kubePrometheusStack;
    const alertPublisher = new IrsaRole(this, "alertmanager-role", {
      name: `${this.namePrefix}-alertmanager`,
      description: `Alertmanager of ${props.cluster.clusterName}: publishes to the alarm topic only`,
      oidc: { providerArn: props.cluster.oidcProviderArn, issuer: props.cluster.oidcIssuer },
      serviceAccount: ALERTMANAGER_SERVICE_ACCOUNT,
    });
    new TopicGrants(props.data.alarms).publish(alertPublisher);
    return new KubePrometheusStack(this, "kube-prometheus-stack", {
      chart: settings.chart,
      retention: settings.retention,
      storageClassName: this.storageClass.name,
      prometheusVolumeGiB: settings.prometheusVolumeGiB,
      alertmanagerVolumeGiB: settings.alertmanagerVolumeGiB,
      alerts: {
        topicArn: props.data.alarms.arn,
        region: this.env.aws.region,
        roleArn: alertPublisher.arn,
        subject: this.namePrefix,
      },
      dependsOn,
    });
  }

  /** An alarm on the age of the oldest message of each SQS queue a worker scales on. */
  private queueAgeAlarms(name: string, stateKey: string, workload: WorkloadConfig, topicArn: string): void {
    if (workload.kind !== "worker") return;
    const { periodSeconds, evaluationPeriods } = this.env.data.alarms;
    const queues = (workload.scaling?.triggers ?? []).flatMap((trigger) => (trigger.type === "sqs" ? [trigger] : []));
    if (queues.length === 0) return;
    const scope = new Construct(this, `${stateKey}-queue-alarms`);
    for (const trigger of queues) {
      metricAlarm(
        scope,
        `queue-age-${trigger.queueName}`,
        {
          description: `${name}: the oldest message of SQS queue ${trigger.queueName} is older than ${trigger.ageAlarmSeconds} s (workers behind or stopped)`,
          metric: { namespace: "AWS/SQS", metricName: "ApproximateAgeOfOldestMessage", statistic: "Maximum", dimensions: { QueueName: trigger.queueName } },
          comparison: "GreaterThanThreshold",
          threshold: trigger.ageAlarmSeconds,
        },
        { namePrefix: `${this.namePrefix}-${name}`, topicArn, periodSeconds, evaluationPeriods },
      );
    }
  }

  private declareOutputs(): void {
    new TerraformOutput(this, "workloads", {
      value: Object.fromEntries(
        Object.entries(this.workloads).map(([name, workload]) => {
          const config = this.env.workloads.applications[name];
          return [
            name,
            {
              kind: config.kind,
              namespace: config.namespace,
              role_arn: workload.identity.role.arn,
              ...(config.kind === "api" ? { ingress_host: config.ingress.host } : {}),
            },
          ];
        }),
      ),
      description:
        "The workloads by name: kind, namespace, the IAM role their pods assume (IRSA), the host an API answers for (point DNS at its load balancer)",
    });
    // The outputs of the single application the layer once ran, kept for who reads them (remote state, tfe_outputs).
    const legacy = Object.entries(this.workloads).find(([name]) => workloadStateKey(name, this.env.workloads.applications[name]) === LEGACY_STATE_KEY);
    if (legacy) {
      const [name, workload] = legacy;
      const config = this.env.workloads.applications[name];
      new TerraformOutput(this, "application_namespace", { value: config.namespace, description: `Namespace ${name} runs in (also in the workloads output)` });
      if (config.kind === "api") {
        new TerraformOutput(this, "ingress_host", {
          value: config.ingress.host,
          description: `Host name ${name}'s load balancer answers for (point DNS at the load balancer; also in the workloads output)`,
        });
      }
      new TerraformOutput(this, "application_role_arn", {
        value: workload.identity.role.arn,
        description: `IAM role the ${name} pods assume (IRSA; also in the workloads output)`,
      });
    }
    new TerraformOutput(this, "helm_releases", {
      value: Object.fromEntries(
        this.releases.map((release) => [release.releaseName, { namespace: release.namespace, chart: release.chart, version: release.chartVersion }]),
      ),
      description: "Helm releases of this layer by name: namespace, chart and pinned chart version",
    });
  }
}

/** Construct id of the workload that was the layer's single application: its resources keep the addresses and names they had. */
const LEGACY_STATE_KEY = "application";

/** The ports of the API workloads by namespace: Prometheus may scrape them there, as their policies allow. */
function applicationPorts(config: WorkloadsConfig): Record<string, number[]> {
  const ports: Record<string, number[]> = {};
  for (const workload of Object.values(config.applications)) {
    if (workload.kind !== "api") continue;
    const namespacePorts = (ports[workload.namespace] ??= []);
    if (!namespacePorts.includes(workload.port)) namespacePorts.push(workload.port);
  }
  return ports;
}

/** The application's network peers, derived from the network layer's config the way its subnets are. */
function applicationNetworkPeers(env: EnvironmentConfig): Omit<ApplicationNetworkPeers, "internetEgress"> {
  const { vpcCidr, availabilityZones } = env.network;
  const tier = (name: SubnetTier) => availabilityZones.map((zone) => subnetCidr(vpcCidr, name, zone));
  return { loadBalancerCidrs: tier("public"), dataCidrs: tier("data"), endpointCidrs: tier("private"), region: env.aws.region };
}
