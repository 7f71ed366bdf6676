import { Fn, Token } from "cdktf";
import { cidrHost, formatCidr, parseCidr } from "../../config/cidr";
import type { InternetEgress } from "../../config";
import { ConstructError } from "../errors";
import type { IConstruct } from "constructs";

/** A NetworkPolicy peer (provider attribute names; snake_case in the synthesized JSON). */
export interface PolicyPeer {
  readonly ipBlock?: { readonly cidr: string };
  readonly namespaceSelector?: { readonly matchLabels?: Record<string, string> };
  readonly podSelector?: { readonly matchLabels?: Record<string, string> };
}

export interface PolicyPort {
  readonly protocol: "TCP" | "UDP";
  readonly port: string;
}

/** Traffic a policy lets in: from any of the peers, on any of the ports (every port without them). */
export interface IngressRule {
  readonly from: PolicyPeer[];
  readonly ports?: PolicyPort[];
}

/** Traffic a policy lets out: to any of the peers, on any of the ports (every port without them). */
export interface EgressRule {
  readonly to: PolicyPeer[];
  readonly ports?: PolicyPort[];
}

/**
 * Where the cluster's own parts are, as exact address blocks, for the network
 * policies of the namespaces the platform uses (derived from the network config
 * the way the network layer carves its subnets, and from the cluster).
 */
export interface ClusterNetworkPeers {
  /**
   * The private subnets. They hold the nodes (so the kubelets and every
   * hostNetwork pod), the network interfaces EKS gives the control plane (the
   * cluster's subnets: the API server calls webhooks and aggregated APIs from
   * there), the interface VPC endpoints, and, with the VPC CNI, every pod.
   */
  readonly privateCidrs: string[];
  /**
   * The `kubernetes` Service's ClusterIP as a /32: the first address of the
   * cluster's service block, where in-cluster clients reach the API server.
   * The VPC CNI's network policy agent filters a pod's egress before
   * kube-proxy translates a ClusterIP (its eBPF programs sit on the pod's
   * host-side interface), and the network policy controller adds Service
   * ClusterIPs only for selector peers (`getMatchingServiceClusterIPs`,
   * aws/amazon-network-policy-controller-k8s), so an ipBlock of the API
   * server's network interfaces alone would not let a pod reach it through
   * its Service.
   */
  readonly apiServerServiceCidr: string;
  /**
   * The VPC's DNS resolver (Route 53 Resolver, AmazonProvidedDNS) as a /32:
   * the VPC block's base address plus two, which the VPC's default DHCP options
   * give the nodes, so CoreDNS (dnsPolicy `Default`, the node's resolv.conf)
   * forwards there.
   */
  readonly vpcResolverCidr: string;
}

export interface ClusterNetworkPeersProps {
  readonly vpcCidr: string;
  readonly privateCidrs: string[];
  /** The cluster's service block (e.g. `aws_eks_cluster`'s `kubernetes_network_config[0].service_ipv4_cidr`), a literal or a Terraform reference. */
  readonly serviceCidr: string;
}

/** The {@link ClusterNetworkPeers} of a VPC and cluster. */
export function clusterNetworkPeers(scope: IConstruct, props: ClusterNetworkPeersProps): ClusterNetworkPeers {
  const vpc = parseCidr(props.vpcCidr);
  if (!vpc) throw new ConstructError(scope, `VPC block ${props.vpcCidr} is not an IPv4 CIDR block`);
  const serviceCidr = Token.isUnresolved(props.serviceCidr) ? undefined : parseCidr(props.serviceCidr);
  if (!Token.isUnresolved(props.serviceCidr) && !serviceCidr) throw new ConstructError(scope, `service block ${props.serviceCidr} is not an IPv4 CIDR block`);
  return {
    privateCidrs: props.privateCidrs,
    apiServerServiceCidr: serviceCidr ? formatCidr(cidrHost(serviceCidr, 1)) : `${Fn.cidrhost(props.serviceCidr, 1)}/32`,
    vpcResolverCidr: formatCidr(cidrHost(vpc, 2)),
  };
}

export const tcp = (...ports: number[]): PolicyPort[] => ports.map((port) => ({ protocol: "TCP", port: String(port) }));

/** DNS: UDP and TCP 53. */
export const DNS_PORTS: PolicyPort[] = [
  { protocol: "UDP", port: "53" },
  { protocol: "TCP", port: "53" },
];

/** In from every pod of the policy's own namespace, on every port. */
export const FROM_OWN_NAMESPACE: IngressRule = { from: [{ podSelector: {} }] };

/** Out to every pod of the policy's own namespace, on every port. */
export const TO_OWN_NAMESPACE: EgressRule = { to: [{ podSelector: {} }] };

export const ipBlocks = (cidrs: readonly string[]): PolicyPeer[] => cidrs.map((cidr) => ({ ipBlock: { cidr } }));

/**
 * Out to the API server, on 443: through its Service (the ClusterIP) and at
 * its network interfaces in the private subnets, which also hold the interface
 * VPC endpoints (AWS APIs on 443), so the rule lets out to both.
 */
export function apiServerAndEndpointsEgress(peers: ClusterNetworkPeers): EgressRule {
  return { to: [...ipBlocks(peers.privateCidrs), { ipBlock: { cidr: peers.apiServerServiceCidr } }], ports: tcp(443) };
}

/**
 * In from the EKS control plane on the given ports (webhooks, aggregated
 * APIs): its network interfaces live in the cluster's subnets, the private
 * subnets, and have no labels a selector could name, so the peer is those
 * subnets.
 */
export function controlPlaneIngress(peers: ClusterNetworkPeers, ports: number[]): IngressRule {
  return { from: ipBlocks(peers.privateCidrs), ports: tcp(...ports) };
}

/** Out to the internet destinations config declares (with their reasons), through the NAT: one rule each. */
export function declaredInternetEgress(destinations: InternetEgress): EgressRule[] {
  return destinations.map((destination) => ({ to: ipBlocks(destination.cidrs), ports: tcp(...destination.ports) }));
}
