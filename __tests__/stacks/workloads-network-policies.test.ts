import { Testing } from "cdktf";
import type { EnvironmentConfig } from "../../src/config";
import { SUBNET_TIERS, subnetCidr } from "../../src/constructs/network/subnet-layout";
import { clusterNetworkPeers } from "../../src/constructs/workloads/network-peers";
import { ConstructError } from "../../src/constructs/errors";
import { allConfigs } from "../support/environments";
import { sharedSynth } from "../support/shared-synth";
import { SynthesizedStack, resourceAt, resourcesOf } from "../support/synth";
import { synthWorkloads } from "../support/workloads";

/** `${cidrhost(<the cluster data source's service block>, 1)}/32`: the API server's ClusterIP. */
const API_SERVER_SERVICE_IP = /^\$\{cidrhost\(data\.aws_eks_cluster\.eks_cluster_\w+\.kubernetes_network_config\[0\]\.service_ipv4_cidr, 1\)\}\/32$/;

const tcp = (...ports: number[]) => ports.map((port) => ({ protocol: "TCP", port: String(port) }));
const DNS = [
  { protocol: "UDP", port: "53" },
  { protocol: "TCP", port: "53" },
];
const blocks = (...cidrs: string[]) => cidrs.map((cidr) => ({ ip_block: { cidr } }));
const inNamespace = (namespace: string, pods?: Record<string, string>) => ({
  namespace_selector: { match_labels: { "kubernetes.io/metadata.name": namespace } },
  ...(pods ? { pod_selector: { match_labels: pods } } : {}),
});
const KUBE_DNS = { to: [inNamespace("kube-system", { "k8s-app": "kube-dns" })], ports: DNS };

/** The namespace a resource's `metadata.namespace` names: a literal, or a reference to a namespace resource of the stack. */
function namespaceName(json: SynthesizedStack, value: string): string {
  const reference = /^\$\{kubernetes_namespace_v1\.([^.]+)\.metadata\[0\]\.name\}$/.exec(value);
  return reference ? json.resource!.kubernetes_namespace_v1[reference[1]].metadata.name : value;
}

/** Every namespace the stack puts something in: Helm releases, namespaces, Pod Security labels, and every namespaced object. */
function namespacesUsed(json: SynthesizedStack): string[] {
  const names = new Set<string>();
  for (const [type, resources] of Object.entries(json.resource ?? {})) {
    for (const resource of Object.values(resources)) {
      if (type === "helm_release") names.add(resource.namespace);
      if (type === "kubernetes_namespace_v1" || (type === "kubernetes_labels" && resource.kind === "Namespace")) names.add(resource.metadata.name);
      if (type.startsWith("kubernetes_") && typeof resource.metadata?.namespace === "string") names.add(namespaceName(json, resource.metadata.namespace));
    }
  }
  return [...names].sort();
}

/** Network policies with their namespace resolved. */
function policies(json: SynthesizedStack): { path: string; id: string; namespace: string; policy: any }[] {
  return Object.entries(json.resource?.kubernetes_network_policy_v1 ?? {}).map(([id, policy]) => ({
    id,
    path: policy["//"].metadata.path,
    namespace: namespaceName(json, policy.metadata.namespace),
    policy,
  }));
}

const DEFAULT_DENY = { pod_selector: {}, policy_types: ["Ingress", "Egress"] };

/** Every address block a policy names, with its rule's ports. */
function ipBlockRules(json: SynthesizedStack): { path: string; cidrs: string[]; ports: unknown }[] {
  return policies(json).flatMap(({ path, policy }) =>
    [
      ...(policy.spec.ingress ?? []).map((rule: any) => ({ peers: rule.from ?? [], ports: rule.ports })),
      ...(policy.spec.egress ?? []).map((rule: any) => ({ peers: rule.to ?? [], ports: rule.ports })),
    ]
      .map((rule) => ({ path, cidrs: rule.peers.filter((peer: any) => peer.ip_block).map((peer: any) => peer.ip_block.cidr), ports: rule.ports }))
      .filter((rule) => rule.cidrs.length > 0),
  );
}

/** What config declares as internet egress, a workload's or an add-on's. */
function declaredEgress(env: EnvironmentConfig): { cidrs: string[]; ports: number[] }[] {
  return [
    ...Object.values(env.workloads.applications).flatMap((workload) => workload.internetEgress),
    ...Object.values(env.workloads.addonInternetEgress).flat(),
  ];
}

describe.each(allConfigs().map((env) => [env.name, env] as const))("the network policies of %s (shared synth)", (name, env) => {
  const json = sharedSynth().stack(`${name}-workloads`);

  it("put a default deny, ingress and egress with no rules, in every namespace the platform uses", () => {
    const used = namespacesUsed(json);
    expect(used).toEqual(expect.arrayContaining(["kube-system", "amazon-cloudwatch", "external-secrets", "llm-api"]));
    if (env.workloads.addons.kubePrometheusStack.enabled) expect(used).toContain("monitoring");
    if (env.workloads.addons.keda.enabled) expect(used).toContain("keda");
    for (const namespace of used) {
      const denies = policies(json).filter(
        (candidate) => candidate.namespace === namespace && JSON.stringify(candidate.policy.spec) === JSON.stringify(DEFAULT_DENY),
      );
      expect({ namespace, denies: denies.length }).toEqual({ namespace, denies: 1 });
    }
  });

  it("create each add-on namespace's deny after every allow of that namespace", () => {
    const addonNamespaces = ["kube-system", "amazon-cloudwatch", "external-secrets", "monitoring", "keda"];
    for (const namespace of addonNamespaces.filter((candidate) => namespacesUsed(json).includes(candidate))) {
      const inNamespace = policies(json).filter((candidate) => candidate.namespace === namespace);
      const deny = inNamespace.find((candidate) => JSON.stringify(candidate.policy.spec) === JSON.stringify(DEFAULT_DENY))!;
      const allows = inNamespace.filter((candidate) => candidate !== deny).map((candidate) => `kubernetes_network_policy_v1.${candidate.id}`);
      expect(allows.length).toBeGreaterThan(0);
      expect(deny.policy.depends_on).toEqual(expect.arrayContaining(allows));
      for (const allow of inNamespace.filter((candidate) => candidate !== deny)) {
        expect(allow.policy.depends_on ?? []).not.toContain(`kubernetes_network_policy_v1.${deny.id}`);
      }
    }
  });

  it("name no address block but the VPC's subnets, its resolver, the API server's ClusterIP and what config declares, on the declared ports", () => {
    const subnets = SUBNET_TIERS.flatMap((tier) => env.network.availabilityZones.map((zone) => subnetCidr(env.network.vpcCidr, tier, zone)));
    const resolver = `${env.network.vpcCidr.split(".").slice(0, 3).join(".")}.2/32`;
    const declared = declaredEgress(env);
    const rules = ipBlockRules(json);
    expect(rules.length).toBeGreaterThan(10);
    for (const rule of rules) {
      for (const cidr of rule.cidrs) {
        expect(cidr).not.toBe(env.network.vpcCidr);
        const known = subnets.includes(cidr) || cidr === resolver || API_SERVER_SERVICE_IP.test(cidr);
        if (!known) {
          // A destination outside the VPC: exactly a declared entry's blocks, on that entry's ports.
          const entry = declared.find((candidate) => JSON.stringify(candidate.cidrs) === JSON.stringify(rule.cidrs));
          expect({ path: rule.path, cidr, declared: entry !== undefined }).toEqual({ path: rule.path, cidr, declared: true });
          expect(rule.ports).toEqual(tcp(...entry!.ports));
        }
      }
    }
    const anywhere = rules.filter((rule) => rule.cidrs.includes("0.0.0.0/0"));
    expect(anywhere.length > 0).toBe(declared.some((entry) => entry.cidrs.includes("0.0.0.0/0")));
  });
});

describe("the add-on namespaces' network policies", () => {
  const prod = synthWorkloads("prod");
  const dev = synthWorkloads("dev");
  const policy = (json: SynthesizedStack, path: string) => resourceAt(json, "kubernetes_network_policy_v1", `addon-network-policies/${path}`);
  // prod's VPC is 10.30.0.0/16 over us-east-1a/b/c.
  const PRIVATE = ["10.30.0.0/20", "10.30.16.0/20", "10.30.32.0/20"];
  const ANYWHERE_443 = { to: blocks("0.0.0.0/0"), ports: tcp(443) };

  /** The 443 rule to the private subnets and the API server's ClusterIP. */
  function expectApiServerEgress(rule: any): void {
    expect(rule.ports).toEqual(tcp(443));
    expect(rule.to.slice(0, 3)).toEqual(blocks(...PRIVATE));
    expect(rule.to).toHaveLength(4);
    expect(rule.to[3].ip_block.cidr).toMatch(API_SERVER_SERVICE_IP);
  }

  it("let CoreDNS answer every pod and node, be scraped by Prometheus, and reach only the VPC resolver and the API server", () => {
    const coredns = policy(prod, "kube-system/coredns");
    expect(coredns.metadata).toEqual({ name: "allow-coredns", namespace: "kube-system" });
    expect(coredns.spec.pod_selector).toEqual({ match_labels: { "k8s-app": "kube-dns" } });
    expect(coredns.spec.policy_types).toEqual(["Ingress", "Egress"]);
    expect(coredns.spec.ingress).toEqual([
      { from: [{ namespace_selector: {} }, ...blocks(...PRIVATE)], ports: DNS },
      { from: [inNamespace("monitoring", { "app.kubernetes.io/name": "prometheus" })], ports: tcp(9153) },
    ]);
    expect(coredns.spec.egress[0]).toEqual({ to: blocks("10.30.0.2/32"), ports: DNS });
    expectApiServerEgress(coredns.spec.egress[1]);
    expect(coredns.spec.egress).toHaveLength(2);
    // Without monitoring nobody scrapes it; dev's VPC is 10.10.0.0/16.
    expect(policy(dev, "kube-system/coredns").spec.ingress).toHaveLength(1);
    expect(policy(dev, "kube-system/coredns").spec.egress[0]).toEqual({ to: blocks("10.10.0.2/32"), ports: DNS });
  });

  it("let the control plane call the webhooks and the metrics API, and nothing else in", () => {
    const fromControlPlane = (...ports: number[]) => [{ from: blocks(...PRIVATE), ports: tcp(...ports) }];
    expect(policy(prod, "kube-system/aws-load-balancer-controller").spec.ingress).toEqual(fromControlPlane(9443));
    expect(policy(prod, "kube-system/metrics-server").spec.ingress).toEqual(fromControlPlane(10250));
    expect(policy(prod, "external-secrets/all-pods").spec.ingress).toEqual(fromControlPlane(10250));
    expect(policy(prod, "amazon-cloudwatch/all-pods").spec.ingress).toEqual(fromControlPlane(9443));
    expect(policy(prod, "monitoring/all-pods").spec.ingress).toEqual([{ from: [{ pod_selector: {} }] }, ...fromControlPlane(10250)]);
    for (const path of ["cluster-autoscaler", "ebs-csi-controller", "ebs-csi-node"]) {
      expect(policy(prod, `kube-system/${path}`).spec.policy_types).toEqual(["Egress"]);
      expect(policy(prod, `kube-system/${path}`).spec.ingress).toBeUndefined();
    }
  });

  it("select each kube-system component by its chart's labels", () => {
    const selector = (path: string) => policy(prod, `kube-system/${path}`).spec.pod_selector.match_labels;
    expect(selector("aws-load-balancer-controller")).toEqual({ "app.kubernetes.io/instance": "aws-load-balancer-controller" });
    expect(selector("cluster-autoscaler")).toEqual({ "app.kubernetes.io/instance": "cluster-autoscaler" });
    expect(selector("metrics-server")).toEqual({ "app.kubernetes.io/instance": "metrics-server" });
    expect(selector("ebs-csi-controller")).toEqual({ app: "ebs-csi-controller" });
    expect(selector("ebs-csi-node")).toEqual({ app: "ebs-csi-node" });
  });

  it("let the controllers out to DNS, the API server, the interface endpoints and their declared egress only", () => {
    for (const path of ["aws-load-balancer-controller", "cluster-autoscaler", "ebs-csi-controller"]) {
      const egress = policy(prod, `kube-system/${path}`).spec.egress;
      expect(egress[0]).toEqual(KUBE_DNS);
      expectApiServerEgress(egress[1]);
      expect(egress.slice(2)).toEqual([ANYWHERE_443]);
    }
    const node = policy(prod, "kube-system/ebs-csi-node").spec.egress;
    expect(node[0]).toEqual(KUBE_DNS);
    expectApiServerEgress(node[1]);
    expect(node).toHaveLength(2);
    const metricsServer = policy(prod, "kube-system/metrics-server").spec.egress;
    expect(metricsServer[2]).toEqual({ to: blocks(...PRIVATE), ports: tcp(10250) });
    expect(metricsServer).toHaveLength(3);
  });

  it("let external-secrets out through the NAT only where a workload's parameters need SSM and the environment has no endpoint", () => {
    const all = policy(prod, "external-secrets/all-pods");
    expect(all.spec.pod_selector).toEqual({});
    expect(all.spec.egress[0]).toEqual(KUBE_DNS);
    expectApiServerEgress(all.spec.egress[1]);
    expect(Object.keys(resourcesOf(prod, "kubernetes_network_policy_v1"))).not.toContain("addon-network-policies/external-secrets/controller-internet");
    const controller = policy(dev, "external-secrets/controller-internet");
    expect(controller.spec.pod_selector.match_labels).toEqual({
      "app.kubernetes.io/name": "external-secrets",
      "app.kubernetes.io/instance": "external-secrets",
    });
    expect(controller.spec.egress).toEqual([ANYWHERE_443]);
  });

  it("let Prometheus scrape the nodes, CoreDNS and the API workloads' ports, and Alertmanager reach SNS as declared", () => {
    const scrapes = policy(prod, "monitoring/prometheus-scrapes");
    expect(scrapes.spec.pod_selector.match_labels).toEqual({ "app.kubernetes.io/name": "prometheus" });
    expect(scrapes.spec.egress).toEqual([
      { to: blocks(...PRIVATE), ports: tcp(10250, 9100) },
      { to: [inNamespace("kube-system", { "k8s-app": "kube-dns" })], ports: tcp(9153) },
      { to: [inNamespace("llm-api")], ports: tcp(8000) },
    ]);
    const all = policy(prod, "monitoring/all-pods").spec.egress;
    expect(all[0]).toEqual({ to: [{ pod_selector: {} }] });
    expect(all[1]).toEqual(KUBE_DNS);
    expectApiServerEgress(all[2]);
    const alertmanager = policy(prod, "monitoring/alertmanager-internet");
    expect(alertmanager.spec.pod_selector.match_labels).toEqual({ "app.kubernetes.io/name": "alertmanager" });
    expect(alertmanager.spec.egress).toEqual([ANYWHERE_443]);
    expect(Object.keys(resourcesOf(dev, "kubernetes_network_policy_v1")).filter((path) => path.includes("/monitoring/"))).toEqual([]);
  });

  it("take each add-on's internet egress from config", () => {
    const narrow = { cidrs: ["198.51.100.0/24", "203.0.113.0/25"], ports: [443, 8443], reason: "a narrower range, to see it reach the policy" };
    const json = synthWorkloads("prod", { workloads: { addonInternetEgress: { clusterAutoscaler: [narrow] } } });
    expect(policy(json, "kube-system/cluster-autoscaler").spec.egress.slice(2)).toEqual([
      { to: blocks("198.51.100.0/24", "203.0.113.0/25"), ports: tcp(443, 8443) },
    ]);
  });

  it("come after the external-secrets and kube-prometheus-stack releases in their namespaces", () => {
    expect(policy(prod, "external-secrets/all-pods").depends_on).toEqual([expect.stringMatching(/^helm_release\.external-secrets_controller_release_\w+$/)]);
    expect(policy(prod, "monitoring/prometheus-scrapes").depends_on).toEqual([expect.stringMatching(/^helm_release\.kube-prometheus-stack_release_\w+$/)]);
    expect(policy(prod, "kube-system/coredns").depends_on).toBeUndefined();
  });

  it("let KEDA reach the API server through its ClusterIP too", () => {
    const keda = resourceAt(dev, "kubernetes_network_policy_v1", "keda/egress-to-api-and-endpoints");
    expect(keda.metadata.name).toBe("allow-egress-to-api-server-and-endpoints");
    expect(keda.spec.egress[0].to.slice(0, 3)).toEqual(blocks("10.10.0.0/20", "10.10.16.0/20", "10.10.32.0/20"));
    expect(keda.spec.egress[0].to[3].ip_block.cidr).toMatch(API_SERVER_SERVICE_IP);
  });
});

describe("clusterNetworkPeers", () => {
  const scope = Testing.app();

  it("derives the resolver from the VPC block and the API server from a literal service block", () => {
    expect(clusterNetworkPeers(scope, { vpcCidr: "10.20.0.0/16", privateCidrs: ["10.20.0.0/20"], serviceCidr: "172.20.0.0/16" })).toEqual({
      privateCidrs: ["10.20.0.0/20"],
      apiServerServiceCidr: "172.20.0.1/32",
      vpcResolverCidr: "10.20.0.2/32",
    });
  });

  it("refuses blocks that are not IPv4 CIDR blocks, naming the construct", () => {
    expect(() => clusterNetworkPeers(scope, { vpcCidr: "10.20.0.0", privateCidrs: [], serviceCidr: "172.20.0.0/16" })).toThrow(ConstructError);
    expect(() => clusterNetworkPeers(scope, { vpcCidr: "10.20.0.0/16", privateCidrs: [], serviceCidr: "172.20.0.1/16" })).toThrow(
      "service block 172.20.0.1/16 is not an IPv4 CIDR block",
    );
  });
});
