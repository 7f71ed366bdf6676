import { DataAwsEc2ManagedPrefixList } from "@cdktf/provider-aws/lib/data-aws-ec2-managed-prefix-list";
import { NetworkPolicyV1 } from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import type { WorkloadConfig } from "../../../config";
import type { DataServiceAccess } from "../../../contracts";
import { CLOUDWATCH_AGENT_SERVICE_ACCOUNT, OTLP_ENDPOINT } from "../../eks/container-telemetry";
import { portString } from "./workload-environment";
import { KUBE_DNS_EGRESS, NAMESPACE_NAME_LABEL } from "../kube-dns";

/** Where the application's traffic may come from and go to, as exact address blocks. */
export interface ApplicationNetworkPeers {
  /** The public subnets: the load balancer's nodes, the only source of application traffic. */
  readonly loadBalancerCidrs: string[];
  /** The data subnets: databases, caches, search domains. */
  readonly dataCidrs: string[];
  /** The subnets of the interface VPC endpoints (the private tier): AWS APIs on 443. */
  readonly endpointCidrs: string[];
  /** The region: S3 and DynamoDB are reached through gateway endpoints, at the addresses of their AWS prefix lists. */
  readonly region: string;
  /** Internet destinations config declares (with a reason), reached through the NAT. */
  readonly internetEgress: WorkloadConfig["internetEgress"];
}

export interface ApplicationNetworkPoliciesProps {
  readonly namespace: string;
  /**
   * Prefix of the policies' names (`<workload>-`), so several workloads share
   * a namespace; empty for the LLM API, whose policies kept their names.
   */
  readonly namePrefix: string;
  /** Labels that select the workload's pods. */
  readonly podLabels: Record<string, string>;
  /** The port an API serves on: traffic in from the load balancer (and Prometheus). None for workers and jobs. */
  readonly port?: number;
  readonly peers: ApplicationNetworkPeers;
  /** The data services the workload uses; egress to each on its port only. */
  readonly dataServices: DataServiceAccess[];
  /** Namespace of Prometheus, allowed to scrape the application. Default: none. */
  readonly monitoringNamespace?: string;
}

/**
 * The traffic the application needs, on top of its namespace's default deny,
 * with exact peers (never the VPC block, never `0.0.0.0/0` unless config
 * declares it): in from the public subnets (the load balancer) on the
 * application port; out to kube-dns, to the CloudWatch agent's OpenTelemetry
 * receiver (traces), to the data subnets on each data service's port, to the
 * interface endpoints' subnets and the S3 and DynamoDB prefix lists (gateway
 * endpoints) on 443, and to the internet destinations config declares.
 */
export class ApplicationNetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, props: ApplicationNetworkPoliciesProps) {
    super(scope, id);
    const podSelector = { matchLabels: props.podLabels };
    const metadata = (name: string) => ({ name: `${props.namePrefix}${name}`, namespace: props.namespace });
    const { peers } = props;
    const blocks = (cidrs: string[]) => cidrs.map((cidr) => ({ ipBlock: { cidr } }));
    const tcp = (ports: number[]) => ports.map((port) => ({ protocol: "TCP", port: String(port) }));

    if (props.port !== undefined) {
      const appPort = [{ protocol: "TCP", port: String(props.port) }];
      new NetworkPolicyV1(this, "ingress-from-load-balancer", {
        metadata: metadata("allow-ingress-from-load-balancer"),
        spec: {
          podSelector,
          policyTypes: ["Ingress"],
          ingress: [{ from: blocks(peers.loadBalancerCidrs), ports: appPort }],
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
    }
    new NetworkPolicyV1(this, "egress-to-dns", {
      metadata: metadata("allow-egress-to-dns"),
      spec: {
        podSelector,
        policyTypes: ["Egress"],
        egress: [KUBE_DNS_EGRESS],
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
    if (props.dataServices.length > 0) {
      new NetworkPolicyV1(this, "egress-to-data-services", {
        metadata: metadata("allow-egress-to-data-services"),
        spec: {
          podSelector,
          policyTypes: ["Egress"],
          egress: [
            {
              to: blocks(peers.dataCidrs),
              ports: props.dataServices.map((service) => ({ protocol: "TCP", port: portString(service.port) })),
            },
          ],
        },
      });
    }
    new NetworkPolicyV1(this, "egress-to-vpc-endpoints", {
      metadata: metadata("allow-egress-to-vpc-endpoints"),
      spec: { podSelector, policyTypes: ["Egress"], egress: [{ to: blocks(peers.endpointCidrs), ports: tcp([443]) }] },
    });
    // S3 and DynamoDB answer at their public addresses, routed through the gateway endpoints.
    const prefixList = (service: string) =>
      new DataAwsEc2ManagedPrefixList(this, `${service}-prefix-list`, { name: `com.amazonaws.${peers.region}.${service}` });
    const gatewayEntries = Fn.concat([prefixList("s3").entries, prefixList("dynamodb").entries]);
    const gateway = new NetworkPolicyV1(this, "egress-to-gateway-endpoints", {
      metadata: metadata("allow-egress-to-gateway-endpoints"),
      spec: { podSelector, policyTypes: ["Egress"], egress: [{ ports: tcp([443]) }] },
    });
    gateway.addOverride("spec.egress.0.dynamic.to", {
      for_each: gatewayEntries,
      content: { ip_block: { cidr: "${to.value.cidr}" } },
    });
    if (peers.internetEgress.length > 0) {
      new NetworkPolicyV1(this, "egress-to-internet", {
        metadata: metadata("allow-egress-to-declared-internet-destinations"),
        spec: {
          podSelector,
          policyTypes: ["Egress"],
          egress: peers.internetEgress.map((destination) => ({ to: blocks(destination.cidrs), ports: tcp(destination.ports) })),
        },
      });
    }
  }
}
