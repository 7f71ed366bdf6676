import { NetworkPolicyV1 } from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import { Construct } from "constructs";
import type { DataServiceAccess } from "../../../contracts";
import { CLOUDWATCH_AGENT_SERVICE_ACCOUNT, OTLP_ENDPOINT } from "../../eks/container-telemetry";
import { portString } from "./application-environment";

export interface ApplicationNetworkPoliciesProps {
  readonly namespace: string;
  /** Labels that select the application's pods. */
  readonly podLabels: Record<string, string>;
  readonly port: number;
  /** The VPC's block: the load balancer's nodes and the data services live in it. */
  readonly vpcCidr: string;
  readonly dataServices: DataServiceAccess[];
  /** Namespace of Prometheus, allowed to scrape the application. Default: none. */
  readonly monitoringNamespace?: string;
}

const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/**
 * The traffic the application needs, on top of its namespace's default deny:
 * in from the load balancer (inside the VPC) on the application port; out to
 * kube-dns, to the CloudWatch agent's OpenTelemetry receiver (traces), to the
 * data services' ports inside the VPC, and to HTTPS (AWS APIs: STS, DynamoDB,
 * S3, Secrets Manager, Bedrock, and LLM provider APIs).
 */
export class ApplicationNetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, props: ApplicationNetworkPoliciesProps) {
    super(scope, id);
    const podSelector = { matchLabels: props.podLabels };
    const metadata = (name: string) => ({ name, namespace: props.namespace });
    const appPort = [{ protocol: "TCP", port: String(props.port) }];

    new NetworkPolicyV1(this, "ingress-from-load-balancer", {
      metadata: metadata("allow-ingress-from-load-balancer"),
      spec: {
        podSelector,
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ ipBlock: { cidr: props.vpcCidr } }], ports: appPort }],
      },
    });
    if (props.monitoringNamespace) {
      new NetworkPolicyV1(this, "ingress-from-monitoring", {
        metadata: metadata("allow-ingress-from-monitoring"),
        spec: {
          podSelector,
          policyTypes: ["Ingress"],
          ingress: [
            {
              from: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: props.monitoringNamespace } } }],
              ports: appPort,
            },
          ],
        },
      });
    }
    new NetworkPolicyV1(this, "egress-to-dns", {
      metadata: metadata("allow-egress-to-dns"),
      spec: {
        podSelector,
        policyTypes: ["Egress"],
        egress: [
          {
            to: [
              {
                namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: "kube-system" } },
                podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
              },
            ],
            ports: [
              { protocol: "UDP", port: "53" },
              { protocol: "TCP", port: "53" },
            ],
          },
        ],
      },
    });
    new NetworkPolicyV1(this, "egress-to-telemetry", {
      metadata: metadata("allow-egress-to-telemetry"),
      spec: {
        podSelector,
        policyTypes: ["Egress"],
        egress: [
          {
            to: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: CLOUDWATCH_AGENT_SERVICE_ACCOUNT.namespace } } }],
            ports: [OTLP_ENDPOINT.grpcPort, OTLP_ENDPOINT.httpPort].map((port) => ({ protocol: "TCP", port: String(port) })),
          },
        ],
      },
    });
    new NetworkPolicyV1(this, "egress-to-data-services", {
      metadata: metadata("allow-egress-to-data-services"),
      spec: {
        podSelector,
        policyTypes: ["Egress"],
        egress: [
          {
            to: [{ ipBlock: { cidr: props.vpcCidr } }],
            ports: props.dataServices.map((service) => ({ protocol: "TCP", port: portString(service.port) })),
          },
        ],
      },
    });
    new NetworkPolicyV1(this, "egress-to-https", {
      metadata: metadata("allow-egress-to-https"),
      spec: {
        podSelector,
        policyTypes: ["Egress"],
        egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ protocol: "TCP", port: "443" }] }],
      },
    });
  }
}
