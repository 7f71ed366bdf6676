import { DNS_PORTS, EgressRule } from "./network-peers";

/** The label Kubernetes sets on every namespace to its own name, for namespace selectors. */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/** The namespace of the cluster's DNS, and of the other add-ons EKS installs. */
export const KUBE_SYSTEM = "kube-system";

/** The labels of CoreDNS's pods (EKS add-on `coredns`), which its `kube-dns` Service selects. */
export const KUBE_DNS_POD_LABELS = { "k8s-app": "kube-dns" };

/** A peer selecting every pod of one namespace. */
export const namespacePeer = (namespace: string, podLabels?: Record<string, string>) => ({
  namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } },
  ...(podLabels ? { podSelector: { matchLabels: podLabels } } : {}),
});

/**
 * The NetworkPolicy egress rule to the cluster's DNS: the kube-dns pods of
 * kube-system on port 53 (UDP and TCP). Every default-deny namespace's pods
 * need it before anything else resolves. The network policy controller adds
 * the `kube-dns` Service's ClusterIP, whose selector these labels match.
 */
export const KUBE_DNS_EGRESS: EgressRule = {
  to: [namespacePeer(KUBE_SYSTEM, KUBE_DNS_POD_LABELS)],
  ports: DNS_PORTS,
};
