import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { AddonCallingAws } from "../../config/addon-aws-apis";
import type { InternetEgress } from "../../config";
import { CLOUDWATCH_AGENT_SERVICE_ACCOUNT } from "../eks/container-telemetry";
import { AwsLoadBalancerController } from "./aws-load-balancer-controller";
import { ClusterAutoscaler } from "./cluster-autoscaler";
import { ExternalSecrets } from "./external-secrets";
import { KUBE_DNS_EGRESS, KUBE_DNS_POD_LABELS, KUBE_SYSTEM, namespacePeer } from "./kube-dns";
import { KubePrometheusStack } from "./kube-prometheus-stack";
import { MetricsServer } from "./metrics-server";
import { AllowPolicy, NamespacePolicies, allowThenDeny } from "./namespace-network-policies";
import {
  ClusterNetworkPeers,
  DNS_PORTS,
  EgressRule,
  FROM_OWN_NAMESPACE,
  IngressRule,
  TO_OWN_NAMESPACE,
  apiServerAndEndpointsEgress,
  controlPlaneIngress,
  declaredInternetEgress,
  ipBlocks,
  tcp,
} from "./network-peers";
import { CONTROLLER_SERVICE_ACCOUNTS } from "./service-accounts";

/** The label every chart here puts on its pods with the release's name. */
const HELM_INSTANCE_LABEL = "app.kubernetes.io/instance";

/**
 * Ports the add-ons serve on, as the pinned charts and EKS add-ons set them.
 * Kubelet probes need no rule: the network policy agent always admits the
 * pod's own node (aws-network-policy-agent #65), and probes come from there.
 */
export const ADDON_PORTS = {
  /** AWS Load Balancer Controller's webhooks (`webhook-server`, chart default). */
  loadBalancerControllerWebhook: 9443,
  /** metrics-server's HTTPS port (chart `containerPort`): the aggregated metrics API, behind its Service's 443. */
  metricsServer: 10250,
  /** The kubelets' HTTPS API on every node: metrics-server's and Prometheus' source. */
  kubelet: 10250,
  /** external-secrets' validating webhook (chart `webhook.port`). */
  externalSecretsWebhook: 10250,
  /** The CloudWatch agent operator's webhooks (amazon-cloudwatch-observability `manager.ports.webhookPort`). */
  cloudWatchOperatorWebhook: 9443,
  /** The Prometheus operator's HTTPS port, which serves its admission webhooks (kube-prometheus-stack `prometheusOperator.tls.internalPort`). */
  prometheusOperatorWebhook: 10250,
  /** node-exporter on every node (hostNetwork, kube-prometheus-stack). */
  nodeExporter: 9100,
  /** CoreDNS's Prometheus metrics. */
  coreDnsMetrics: 9153,
} as const;

/** Pod labels of the add-ons' components, from the pinned charts' selectors. */
export const ADDON_PODS = {
  loadBalancerController: { [HELM_INSTANCE_LABEL]: AwsLoadBalancerController.releaseName },
  clusterAutoscaler: { [HELM_INSTANCE_LABEL]: ClusterAutoscaler.releaseName },
  metricsServer: { [HELM_INSTANCE_LABEL]: MetricsServer.releaseName },
  /** EKS add-on aws-ebs-csi-driver: the controller Deployment and the node DaemonSet (`node.hostNetwork` false). */
  ebsCsiController: { app: "ebs-csi-controller" },
  ebsCsiNode: { app: "ebs-csi-node" },
  /** The controller alone: the chart's webhook and cert controller are `external-secrets-webhook`, `-cert-controller`. */
  externalSecretsController: { "app.kubernetes.io/name": "external-secrets", [HELM_INSTANCE_LABEL]: ExternalSecrets.releaseName },
  /** Labels the Prometheus operator gives the Prometheus and Alertmanager pods. */
  prometheus: { "app.kubernetes.io/name": "prometheus" },
  alertmanager: { "app.kubernetes.io/name": "alertmanager" },
} as const;

export interface AddonNetworkPoliciesProps {
  readonly peers: ClusterNetworkPeers;
  /** `workloads.addonInternetEgress`: what each add-on may reach through the NAT. */
  readonly internetEgress: Record<AddonCallingAws, InternetEgress>;
  /** With kube-prometheus-stack: the API workloads' ports by namespace, which Prometheus may scrape (their policies let it in). */
  readonly monitoring?: { readonly applicationPorts: Record<string, number[]> };
  /** What each namespace's policies come after (e.g. the Helm release that installs the add-on). Default: nothing. */
  readonly dependsOn?: Partial<Record<string, ITerraformDependable[]>>;
}

/** DNS, and the API server and interface endpoints: what every add-on pod on the pod network sends. */
function baseEgress(peers: ClusterNetworkPeers): EgressRule[] {
  return [KUBE_DNS_EGRESS, apiServerAndEndpointsEgress(peers)];
}

/** A policy letting some pods out to their declared internet destinations; none when nothing is declared. */
function internetPolicy(id: string, pods: Record<string, string>, declared: InternetEgress): AllowPolicy[] {
  return declared.length > 0 ? [{ id, name: `allow-${id}`, pods, egress: declaredInternetEgress(declared) }] : [];
}

/**
 * kube-system. hostNetwork pods, which no NetworkPolicy governs: aws-node (VPC
 * CNI, with the network policy agent) and kube-proxy. On the pod network, one
 * policy per component holding all it needs:
 * - CoreDNS: DNS in from every pod of every namespace and from the nodes
 *   (hostNetwork pods with `ClusterFirstWithHostNet`, such as Fluent Bit);
 *   metrics in from Prometheus; out to the VPC resolver (its upstream) on 53 and
 *   to the API server (it watches Services and EndpointSlices);
 * - the load balancer controller: its webhooks in from the control plane
 *   (they gate Services, Ingresses and pods cluster-wide); out to DNS, the API
 *   server, the interface endpoints and its declared internet egress (AWS APIs);
 * - the cluster autoscaler and the EBS CSI controller: out to DNS, the API
 *   server, the interface endpoints and their declared internet egress;
 * - the EBS CSI node plugin: out to DNS and the API server (node metadata: the
 *   nodes' IMDS hop limit of 1 keeps pods off IMDS);
 * - metrics-server: the metrics API in from the control plane; out to the
 *   kubelets (the nodes, on 10250) and the API server.
 */
export function kubeSystemAllows(props: AddonNetworkPoliciesProps): AllowPolicy[] {
  const { peers, internetEgress } = props;
  const prometheus = namespacePeer(KubePrometheusStack.namespace, ADDON_PODS.prometheus);
  const coreDnsIngress: IngressRule[] = [
    { from: [{ namespaceSelector: {} }, ...ipBlocks(peers.privateCidrs)], ports: DNS_PORTS },
    ...(props.monitoring ? [{ from: [prometheus], ports: tcp(ADDON_PORTS.coreDnsMetrics) }] : []),
  ];
  return [
    {
      id: "coredns",
      name: "allow-coredns",
      pods: KUBE_DNS_POD_LABELS,
      ingress: coreDnsIngress,
      egress: [{ to: ipBlocks([peers.vpcResolverCidr]), ports: DNS_PORTS }, apiServerAndEndpointsEgress(peers)],
    },
    {
      id: "aws-load-balancer-controller",
      name: "allow-aws-load-balancer-controller",
      pods: ADDON_PODS.loadBalancerController,
      ingress: [controlPlaneIngress(peers, [ADDON_PORTS.loadBalancerControllerWebhook])],
      egress: [...baseEgress(peers), ...declaredInternetEgress(internetEgress.awsLoadBalancerController)],
    },
    {
      id: "cluster-autoscaler",
      name: "allow-cluster-autoscaler",
      pods: ADDON_PODS.clusterAutoscaler,
      egress: [...baseEgress(peers), ...declaredInternetEgress(internetEgress.clusterAutoscaler)],
    },
    {
      id: "metrics-server",
      name: "allow-metrics-server",
      pods: ADDON_PODS.metricsServer,
      ingress: [controlPlaneIngress(peers, [ADDON_PORTS.metricsServer])],
      egress: [...baseEgress(peers), { to: ipBlocks(peers.privateCidrs), ports: tcp(ADDON_PORTS.kubelet) }],
    },
    {
      id: "ebs-csi-controller",
      name: "allow-ebs-csi-controller",
      pods: ADDON_PODS.ebsCsiController,
      egress: [...baseEgress(peers), ...declaredInternetEgress(internetEgress.ebsCsiDriver)],
    },
    { id: "ebs-csi-node", name: "allow-ebs-csi-node", pods: ADDON_PODS.ebsCsiNode, egress: baseEgress(peers) },
  ];
}

/**
 * external-secrets: the controller, its validating webhook and its cert
 * controller. All: out to DNS, the API server and the interface endpoints
 * (Secrets Manager, SSM, STS); in from the control plane on the webhook's port
 * (its failure policy is Fail: ExternalSecrets cannot change while it is cut
 * off). The controller alone: out to its declared internet egress.
 */
export function externalSecretsAllows(props: AddonNetworkPoliciesProps): AllowPolicy[] {
  return [
    {
      id: "all-pods",
      name: "allow-external-secrets",
      pods: {},
      ingress: [controlPlaneIngress(props.peers, [ADDON_PORTS.externalSecretsWebhook])],
      egress: baseEgress(props.peers),
    },
    ...internetPolicy("controller-internet", ADDON_PODS.externalSecretsController, props.internetEgress.externalSecrets),
  ];
}

/**
 * amazon-cloudwatch (EKS add-on amazon-cloudwatch-observability). The
 * CloudWatch agent and Fluent Bit run on the host network, so no policy
 * governs them: they send logs, metrics and traces to CloudWatch and X-Ray as
 * the node, and applications reach the agent's OTLP receiver through its
 * Service. On the pod network: the agent operator, whose webhooks the control
 * plane calls, and which talks to the API server. (The add-on's GPU and
 * Neuron exporters run only on such nodes, which the platform has none of.)
 */
export function cloudWatchAllows(props: AddonNetworkPoliciesProps): AllowPolicy[] {
  return [
    {
      id: "all-pods",
      name: "allow-cloudwatch-observability",
      pods: {},
      ingress: [controlPlaneIngress(props.peers, [ADDON_PORTS.cloudWatchOperatorWebhook])],
      egress: baseEgress(props.peers),
    },
  ];
}

/**
 * monitoring (kube-prometheus-stack). node-exporter runs on the host network,
 * so no policy governs it. The rest:
 * - every pod: to and from the namespace's own pods (Prometheus scrapes the
 *   operator, kube-state-metrics and Alertmanager, and sends it alerts), out
 *   to DNS, the API server (service discovery, the operator, kube-state-metrics,
 *   the admission webhook's certificate jobs) and the interface endpoints
 *   (STS), and in from the control plane on the operator's webhook port;
 * - Prometheus: out to the nodes (kubelets and cAdvisor on 10250,
 *   node-exporter on 9100), to CoreDNS's metrics, and to the API workloads'
 *   ports, whose policies let it in. The chart's kube-proxy, scheduler,
 *   controller-manager and etcd targets stay unreachable on EKS, as before
 *   (kube-proxy serves metrics on the node's loopback; the others are AWS's);
 * - Alertmanager: out to its declared internet egress (SNS).
 */
export function monitoringAllows(props: AddonNetworkPoliciesProps, applicationPorts: Record<string, number[]>): AllowPolicy[] {
  const { peers } = props;
  const applications = Object.entries(applicationPorts).map(([namespace, ports]) => ({ to: [namespacePeer(namespace)], ports: tcp(...ports) }));
  return [
    {
      id: "all-pods",
      name: "allow-monitoring",
      pods: {},
      ingress: [FROM_OWN_NAMESPACE, controlPlaneIngress(peers, [ADDON_PORTS.prometheusOperatorWebhook])],
      egress: [TO_OWN_NAMESPACE, ...baseEgress(peers)],
    },
    {
      id: "prometheus-scrapes",
      name: "allow-prometheus-scrapes",
      pods: ADDON_PODS.prometheus,
      egress: [
        { to: ipBlocks(peers.privateCidrs), ports: tcp(ADDON_PORTS.kubelet, ADDON_PORTS.nodeExporter) },
        { to: [namespacePeer(KUBE_SYSTEM, KUBE_DNS_POD_LABELS)], ports: tcp(ADDON_PORTS.coreDnsMetrics) },
        ...applications,
      ],
    },
    ...internetPolicy("alertmanager-internet", ADDON_PODS.alertmanager, props.internetEgress.alertmanager),
  ];
}

/**
 * A default deny, ingress and egress, with the exact allows their add-ons
 * need, in every namespace of the cluster add-ons: kube-system,
 * amazon-cloudwatch, external-secrets and (with kube-prometheus-stack)
 * monitoring. KEDA's namespace has its own (Keda). Each namespace's deny
 * comes after its allows (see allowThenDeny).
 */
export class AddonNetworkPolicies extends Construct {
  readonly namespaces: Record<string, NamespacePolicies> = {};

  constructor(scope: Construct, id: string, props: AddonNetworkPoliciesProps) {
    super(scope, id);
    const namespaces: Record<string, AllowPolicy[]> = {
      [KUBE_SYSTEM]: kubeSystemAllows(props),
      [CLOUDWATCH_AGENT_SERVICE_ACCOUNT.namespace]: cloudWatchAllows(props),
      [CONTROLLER_SERVICE_ACCOUNTS.externalSecrets.namespace]: externalSecretsAllows(props),
      ...(props.monitoring ? { [KubePrometheusStack.namespace]: monitoringAllows(props, props.monitoring.applicationPorts) } : {}),
    };
    for (const [namespace, allows] of Object.entries(namespaces)) {
      this.namespaces[namespace] = allowThenDeny(new Construct(this, namespace), namespace, allows, props.dependsOn?.[namespace]);
    }
  }
}
