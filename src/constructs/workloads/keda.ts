import { NetworkPolicyV1 } from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import { Construct } from "constructs";
import type { ScalingTrigger } from "../../config";
import { MetricGrants, QueueGrants } from "../data/grants";
import { IrsaRole, OidcIdentity, ServiceAccountRef } from "../eks/irsa-role";
import { AddonProps } from "./addon-props";
import { KEDA_API_VERSION, KEDA_AWS_AUTHENTICATION } from "./application/workload-scaling";
import { CustomResourcesChart, CustomResourcesRelease, HelmChartRelease } from "./helm-chart-release";
import { KUBE_DNS_EGRESS } from "./kube-dns";

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
  /** The private subnets: the API server's network interfaces and the interface VPC endpoints. */
  readonly privateCidrs: string[];
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
    this.networkPolicies(props.privateCidrs);
  }

  private networkPolicies(privateCidrs: string[]): void {
    const dependsOn = [this.controller.release];
    const metadata = (name: string) => ({ name, namespace: Keda.namespace });
    const blocks = privateCidrs.map((cidr) => ({ ipBlock: { cidr } }));
    const tcp = (ports: number[]) => ports.map((port) => ({ protocol: "TCP", port: String(port) }));
    new NetworkPolicyV1(this, "default-deny", {
      metadata: metadata("default-deny-all"),
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
      dependsOn,
    });
    new NetworkPolicyV1(this, "within-namespace", {
      metadata: metadata("allow-within-namespace"),
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"], ingress: [{ from: [{ podSelector: {} }] }], egress: [{ to: [{ podSelector: {} }] }] },
      dependsOn,
    });
    new NetworkPolicyV1(this, "egress-to-dns", {
      metadata: metadata("allow-egress-to-dns"),
      spec: {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [KUBE_DNS_EGRESS],
      },
      dependsOn,
    });
    new NetworkPolicyV1(this, "egress-to-api-and-endpoints", {
      metadata: metadata("allow-egress-to-api-server-and-endpoints"),
      spec: { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: blocks, ports: tcp([443]) }] },
      dependsOn,
    });
    // 6443: metrics API server; 9443: admission webhooks; 8081: health probes.
    new NetworkPolicyV1(this, "ingress-from-api-server", {
      metadata: metadata("allow-ingress-from-api-server"),
      spec: { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: blocks, ports: tcp([6443, 9443, 8081]) }] },
      dependsOn,
    });
  }
}
