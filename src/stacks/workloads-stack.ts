import { ITerraformDependable, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { EnvironmentConfig, KUBERNETES_RELEASES } from "../config";
import type { ClusterExports, DataExports, EdgeExports } from "../contracts";
import {
  ALERTMANAGER_SERVICE_ACCOUNT,
  ApplicationNamespace,
  AwsLoadBalancerController,
  ClusterAutoscaler,
  CustomResourcesChart,
  EksConnection,
  EncryptedStorageClass,
  ExternalSecrets,
  HelmChartRelease,
  KubePrometheusStack,
  LlmApplication,
  LoadBalancerAlarms,
  MetricsServer,
  PodSecurityLabels,
} from "../constructs/workloads";
import { SubnetTier, subnetCidr } from "../constructs/network/subnet-layout";
import type { ApplicationNetworkPeers } from "../constructs/workloads/application/application-network-policies";
import { spotScheduling } from "../constructs/workloads/spot-scheduling";
import { TopicGrants } from "../constructs/data/grants";
import { IrsaRole } from "../constructs/eks/irsa-role";
import { checkReleaseNamespaces, helmReleaseNamespaces } from "../constructs/workloads/release-namespaces";
import { SearchRoleMappingJob } from "../constructs/workloads/search-role-mapping-job";
import { searchRoleMappingJobRoleName } from "../naming";
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
  readonly application: LlmApplication;
  /** 5xx rate and response time percentiles of the application's load balancer. */
  readonly loadBalancerAlarms: LoadBalancerAlarms;
  readonly applicationNamespace: ApplicationNamespace;
  readonly storageClass: EncryptedStorageClass;
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
    // Pod Security labels on the add-ons' namespaces, each after what creates it (EKS: kube-system, amazon-cloudwatch).
    new PodSecurityLabels(this, "pod-security-kube-system", "kube-system");
    new PodSecurityLabels(this, "pod-security-amazon-cloudwatch", "amazon-cloudwatch");
    new PodSecurityLabels(this, "pod-security-external-secrets", "external-secrets", [externalSecrets.controller.release]);
    if (monitoring) new PodSecurityLabels(this, "pod-security-monitoring", KubePrometheusStack.namespace, [monitoring.release]);

    const namespaces = Object.fromEntries(
      Object.entries(config.namespaces).map(([name, namespaceConfig]) => [
        name,
        new ApplicationNamespace(this, `namespace-${name}`, {
          name,
          config: namespaceConfig,
          labels: { [READINESS_GATE_LABEL]: "enabled" },
        }),
      ]),
    );
    this.applicationNamespace = namespaces[config.application.namespace];
    this.application = new LlmApplication(this, "application", {
      config: config.application,
      spotTaints: spot.taints,
      environment: this.env.name,
      namePrefix: this.namePrefix,
      namespace: this.applicationNamespace.name,
      networkPeers: applicationNetworkPeers(this.env),
      cluster,
      data: props.data,
      webAclArn: props.edge.webAclArn,
      loadBalancerController: loadBalancerController.release,
      monitoringNamespace: monitoring ? KubePrometheusStack.namespace : undefined,
    });
    const { search } = this.env.data;
    if (search.clientRoleNames.length > 0) {
      this.searchRoleMappings = new SearchRoleMappingJob(this, "search-role-mappings", {
        name: "search-role-mappings",
        namespace: this.applicationNamespace.name,
        namespaceName: config.application.namespace,
        roleName: searchRoleMappingJobRoleName(this.namePrefix),
        clientRoleNames: search.clientRoleNames,
        clientAccess: search.clientAccess,
        search: props.data.search,
        region: aws.region,
        oidc: { providerArn: cluster.oidcProviderArn, issuer: cluster.oidcIssuer },
        peers: applicationNetworkPeers(this.env),
      });
    }
    const ingress = this.application.exposure.ingress;
    this.loadBalancerAlarms = new LoadBalancerAlarms(this, "load-balancer-alarms", {
      namePrefix: this.namePrefix,
      clusterName: props.cluster.clusterName,
      ingress: `${this.applicationNamespace.name}/${config.application.name}`,
      dependsOn: [ingress],
      topicArn: props.data.alarms.arn,
      settings: this.env.data.alarms,
    });
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

  private declareOutputs(): void {
    const { application } = this;
    new TerraformOutput(this, "application_namespace", {
      value: this.applicationNamespace.name,
      description: "Namespace the LLM API runs in",
    });
    new TerraformOutput(this, "ingress_host", {
      value: this.env.workloads.application.ingress.host,
      description: "Host name the LLM API's load balancer answers for (point DNS at the load balancer)",
    });
    new TerraformOutput(this, "application_role_arn", {
      value: application.identity.role.arn,
      description: "IAM role the LLM API pods assume (IRSA)",
    });
    new TerraformOutput(this, "helm_releases", {
      value: Object.fromEntries(
        this.releases.map((release) => [release.releaseName, { namespace: release.namespace, chart: release.chart, version: release.chartVersion }]),
      ),
      description: "Helm releases of this layer by name: namespace, chart and pinned chart version",
    });
  }
}

/** The application's network peers, derived from the network layer's config the way its subnets are. */
function applicationNetworkPeers(env: EnvironmentConfig): Omit<ApplicationNetworkPeers, "internetEgress"> {
  const { vpcCidr, availabilityZones } = env.network;
  const tier = (name: SubnetTier) => availabilityZones.map((zone) => subnetCidr(vpcCidr, name, zone));
  return { loadBalancerCidrs: tier("public"), dataCidrs: tier("data"), endpointCidrs: tier("private"), region: env.aws.region };
}
