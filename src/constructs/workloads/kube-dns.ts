/** The label Kubernetes sets on every namespace to its own name, for namespace selectors. */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/**
 * The NetworkPolicy egress rule to the cluster's DNS: the kube-dns pods of
 * kube-system on port 53 (UDP and TCP). Every default-deny namespace's pods
 * need it before anything else resolves.
 */
export const KUBE_DNS_EGRESS = {
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
};
