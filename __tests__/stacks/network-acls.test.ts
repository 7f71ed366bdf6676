import { Testing } from "cdktf";
import { networkAclRules } from "../../src/constructs/network";
import { NetworkStack } from "../../src/stacks/network-stack";
import { patchErrorText, configOf } from "../support/environments";
import { resourceAt, resourcesOf, synthStack } from "../support/synth";

function synthNetwork(name: "dev" | "staging" | "prod", patch: unknown = {}) {
  return synthStack(new NetworkStack(Testing.app(), { env: configOf(name, patch) }));
}

/** `<tier>-<direction>-<rule name>` -> rule, from the synthesized aws_network_acl_rule resources. */
function rulesOf(json: ReturnType<typeof synthNetwork>): Record<string, any> {
  return Object.fromEntries(Object.entries(resourcesOf(json, "aws_network_acl_rule")).map(([path, rule]) => [path.replace("network/acl/", ""), rule]));
}

describe("network ACLs", () => {
  const prod = synthNetwork("prod");

  it("puts one ACL on each tier, covering that tier's subnet in every zone", () => {
    const acls = resourcesOf(prod, "aws_network_acl");
    expect(Object.keys(acls).sort()).toEqual(["network/acl/data", "network/acl/private", "network/acl/public"]);
    for (const tier of ["public", "private", "data"]) {
      const acl = acls[`network/acl/${tier}`];
      expect(acl.subnet_ids).toHaveLength(3);
      for (const id of acl.subnet_ids) expect(id).toMatch(new RegExp(`aws_subnet\\.network_subnet-${tier}-us-east-1[abc]_`));
      expect(acl.tags).toEqual({ Name: `llm-platform-prod-${tier}`, Tier: tier });
    }
  });

  it("keys every rule by tier, direction and name, with rule numbers that do not depend on order", () => {
    const rules = rulesOf(prod);
    expect(Object.keys(rules).sort()).toEqual(
      [
        "data-egress-ephemeral-to-private",
        "data-egress-to-data",
        "data-ingress-cache-from-private",
        "data-ingress-database-from-private",
        "data-ingress-from-data",
        "data-ingress-search-from-private",
        "private-egress-internet-tcp-443",
        "private-egress-internet-tcp-80",
        "private-egress-to-vpc",
        "private-ingress-ephemeral-from-internet",
        "private-ingress-from-vpc",
        "private-ingress-icmp-unreachable",
        "public-egress-ephemeral-to-internet",
        "public-egress-internet-tcp-443",
        "public-egress-internet-tcp-80",
        "public-egress-to-vpc",
        "public-ingress-ephemeral-from-internet",
        "public-ingress-from-vpc",
        "public-ingress-http-from-internet",
        "public-ingress-https-from-internet",
        "public-ingress-icmp-unreachable",
      ].sort(),
    );
    expect(rules["private-egress-internet-tcp-443"]).toMatchObject({
      rule_number: 1443,
      protocol: "tcp",
      from_port: 443,
      to_port: 443,
      egress: true,
      cidr_block: "0.0.0.0/0",
      rule_action: "allow",
    });
    expect(rules["public-ingress-ephemeral-from-internet"]).toMatchObject({ from_port: 1024, to_port: 65535, egress: false });
    expect(rules["private-ingress-icmp-unreachable"]).toMatchObject({ protocol: "icmp", icmp_type: 3, icmp_code: -1 });
    // Adding an egress port adds one rule and leaves every other rule as it was.
    const withSmtp = rulesOf(synthNetwork("prod", { network: { networkAcls: { internetEgressPorts: [587, 443, 80] } } }));
    expect(
      Object.keys(withSmtp)
        .filter((key) => !(key in rules))
        .sort(),
    ).toEqual(["private-egress-internet-tcp-587", "public-egress-internet-tcp-587"]);
    for (const [key, rule] of Object.entries(rules)) expect([key, withSmtp[key]]).toEqual([key, rule]);
  });

  it("keeps the data tier to itself and to the private tier on the data services' ports, never the internet", () => {
    const rules = rulesOf(prod);
    const data = Object.entries(rules).filter(([key]) => key.startsWith("data-"));
    for (const [, rule] of data) expect(rule.cidr_block).not.toBe("0.0.0.0/0");
    // prod's VPC is 10.30.0.0/16: private tier 10.30.0.0/17, data tier 10.30.128.0/18.
    expect(rules["data-ingress-database-from-private"]).toMatchObject({ cidr_block: "10.30.0.0/17", from_port: 5432, to_port: 5432, rule_number: 200 });
    expect(rules["data-ingress-cache-from-private"]).toMatchObject({ cidr_block: "10.30.0.0/17", from_port: 6379, rule_number: 210 });
    expect(rules["data-ingress-search-from-private"]).toMatchObject({ from_port: 443, rule_number: 220 });
    expect(rules["data-ingress-from-data"]).toMatchObject({ cidr_block: "10.30.128.0/18", protocol: "-1" });
    expect(rules["data-egress-ephemeral-to-private"]).toMatchObject({ cidr_block: "10.30.0.0/17", from_port: 1024, to_port: 65535 });
  });

  it("computes the same rules from the layout for any VPC block", () => {
    const rules = networkAclRules("10.8.0.0/20", { internetEgressPorts: [443], dataPorts: { database: 5433, cache: 6380, search: 443 } });
    expect(rules.data.ingress["database-from-private"]).toMatchObject({ cidrBlock: "10.8.0.0/21", ports: [5433, 5433] });
    expect(rules.data.ingress["from-data"].cidrBlock).toBe("10.8.8.0/22");
  });

  it("can be turned off, and rejects bad egress ports", () => {
    expect(resourcesOf(synthNetwork("dev", { network: { networkAcls: { enabled: false } } }), "aws_network_acl")).toEqual({});
    expect(resourceAt(synthNetwork("dev"), "aws_network_acl", "network/acl/data")).toBeDefined();
    const text = patchErrorText("dev", { network: { networkAcls: { internetEgressPorts: [443, 443, 40000] } } });
    expect(text).toContain("network.networkAcls.internetEgressPorts[2]: got 40000: must be at most 31766");
    expect(text).toContain("network.networkAcls.internetEgressPorts[1]");
  });
});
