import { Construct } from "constructs";
import type { ScalingTrigger } from "../../config";
import { MetricGrants, QueueGrants } from "../data/grants";
import { IrsaRole, OidcIdentity, ServiceAccountRef } from "../eks/irsa-role";
import { AddonProps } from "./addon-props";
import { KEDA_API_VERSION, KEDA_AWS_AUTHENTICATION } from "./application/workload-scaling";
import { CustomResourcesChart, CustomResourcesRelease, HelmChartRelease } from "./helm-chart-release";
import { KUBE_DNS_EGRESS } from "./kube-dns";
import { allowThenDeny } from "./namespace-network-policies";
import { ClusterNetworkPeers, FROM_OWN_NAMESPACE, TO_OWN_NAMESPACE, apiServerAndEndpointsEgress, controlPlaneIngress } from "./network-peers";

/** KEDA's operator service account (the chart's default name): its IRSA role trusts exactly this. */
export const KEDA_OPERATOR_SERVICE_ACCOUNT: ServiceAccountRef = { namespace: "keda", name: "keda-operator" };

export interface KedaValues {
  readonly podIdentity: { readonly aws: { readonly irsa: { readonly enabled: boolean; readonly roleArn: string } } };
}

export interface KedaProps extends AddonProps {
  /** `<project>-<env>`: the operator's role is `<namePrefix>-keda-operator`. */
  readonly namePrefix: string;
  readonly oidc: OidcIdentity;
  readonly customResourcesChart: CustomResourcesChart;
  /** Every trigger of every worker: the operator's role may read exactly what they name. */
  readonly triggers: ScalingTrigger[];
  /** The API server, the interface endpoints and the control plane, as exact address blocks. */
  readonly peers: ClusterNetworkPeers;
}

/**
 * KEDA in its own namespace: the operator, its metrics API server and
 * admission webhooks (the chart, pinned), the operator's IRSA role allowed
 * only what the declared scalers read (`sqs:GetQueueAttributes` on the
 * declared queues, `cloudwatch:GetMetricData` when a CloudWatch trigger
 * exists), a ClusterTriggerAuthentication through which scalers use that
 * role, and network policies: default deny, then DNS, 443 to the private
 * subnets (API server, AWS interface endpoints), in from the private subnets
 * (the API server calling the metrics API and webhooks; kubelet probes) and
 * between KEDA's own pods.
 */
export class Keda extends Construct {
  static readonly namespace = KEDA_OPERATOR_SERVICE_ACCOUNT.namespace;
  static readonly releaseName = "keda";
  static readonly authenticationReleaseName = "keda-trigger-authentication";
  /** Ports the control plane calls KEDA on: 6443, the metrics API server; 9443, the admission webhooks; 8081, health probes. */
  static readonly controlPlanePorts = [6443, 9443, 8081];

  readonly role: IrsaRole;
  readonly controller: HelmChartRelease;
  readonly authentication: CustomResourcesRelease;

  constructor(scope: Construct, id: string, props: KedaProps) {
    super(scope, id);
    this.role = new IrsaRole(this, "operator-role", {
      name: `${props.namePrefix}-keda-operator`,
      description: "KEDA operator: reads the depth of the declared queues and CloudWatch metrics, nothing else",
      oidc: props.oidc,
      serviceAccount: KEDA_OPERATOR_SERVICE_ACCOUNT,
    });
    for (const trigger of props.triggers) {
      if (trigger.type === "sqs") new QueueGrants({ name: trigger.queueName }).readDepth(this.role);
    }
    if (props.triggers.some((trigger) => trigger.type === "cloudwatch")) MetricGrants.read(this.role);
    const values: KedaValues = { podIdentity: { aws: { irsa: { enabled: true, roleArn: this.role.arn } } } };
    this.controller = new HelmChartRelease(this, "controller", {
      name: Keda.releaseName,
      chart: "keda",
      source: props.chart,
      namespace: Keda.namespace,
      values,
      dependsOn: props.dependsOn,
    });
    this.authentication = new CustomResourcesRelease(this, "authentication", {
      chart: props.customResourcesChart,
      name: Keda.authenticationReleaseName,
      namespace: Keda.namespace,
      resources: [
        {
          apiVersion: KEDA_API_VERSION,
          kind: "ClusterTriggerAuthentication",
          metadata: { name: KEDA_AWS_AUTHENTICATION },
          // identityOwner unset: the operator's own role (IRSA), never the workload's.
          spec: { podIdentity: { provider: "aws" } },
        },
      ],
      dependsOn: [this.controller.release],
    });
    this.networkPolicies(props.peers);
  }

  private networkPolicies(peers: ClusterNetworkPeers): void {
    const namespaceWide = {};
    allowThenDeny(
      this,
      Keda.namespace,
      [
        {
          id: "within-namespace",
          name: "allow-within-namespace",
          pods: namespaceWide,
          ingress: [FROM_OWN_NAMESPACE],
          egress: [TO_OWN_NAMESPACE],
        },
        { id: "egress-to-dns", name: "allow-egress-to-dns", pods: namespaceWide, egress: [KUBE_DNS_EGRESS] },
        {
          id: "egress-to-api-and-endpoints",
          name: "allow-egress-to-api-server-and-endpoints",
          pods: namespaceWide,
          egress: [apiServerAndEndpointsEgress(peers)],
        },
        {
          id: "ingress-from-api-server",
          name: "allow-ingress-from-api-server",
          pods: namespaceWide,
          ingress: [controlPlaneIngress(peers, Keda.controlPlanePorts)],
        },
      ],
      [this.controller.release],
    );
  }
}
