import { AlbListener } from "@cdktf/provider-aws/lib/alb-listener";
import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { LbListener, LbListenerConfig } from "@cdktf/provider-aws/lib/lb-listener";
import { MskCluster } from "@cdktf/provider-aws/lib/msk-cluster";
import { OpensearchDomain, OpensearchDomainConfig } from "@cdktf/provider-aws/lib/opensearch-domain";
import { TerraformStack } from "cdktf";
import { ENCRYPTION_IN_TRANSIT, minimumTlsMinorVersion } from "../../../src/guardrails/rules/transit";
import { problems, violations } from "../../support/rule-fixtures";

/** Listener SSL policies by the oldest TLS version they accept (AWS's published policy table). */
const LISTENER_POLICIES = {
  "TLS 1.0": [
    "ELBSecurityPolicy-2016-08",
    "ELBSecurityPolicy-TLS-1-0-2015-04",
    "ELBSecurityPolicy-FS-2018-06",
    "ELBSecurityPolicy-TLS13-1-0-2021-06",
    "ELBSecurityPolicy-TLS13-1-0-PQ-2025-09",
  ],
  "TLS 1.1": ["ELBSecurityPolicy-TLS-1-1-2017-01", "ELBSecurityPolicy-FS-1-1-2019-08", "ELBSecurityPolicy-TLS13-1-1-2021-06"],
  "TLS 1.2": [
    "ELBSecurityPolicy-TLS-1-2-2017-01",
    "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
    "ELBSecurityPolicy-FS-1-2-Res-2020-10",
    "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
  ],
  "TLS 1.3": ["ELBSecurityPolicy-TLS13-1-3-2021-06", "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04"],
};
const SEARCH_POLICIES = {
  "TLS 1.0": ["Policy-Min-TLS-1-0-2019-07"],
  "TLS 1.2": ["Policy-Min-TLS-1-2-2019-07", "Policy-Min-TLS-1-2-PFS-2023-10"],
};
const byVersion = (table: Record<string, string[]>, versions: string[]) =>
  Object.entries(table).flatMap(([version, policies]) => (versions.includes(version) ? policies.map((policy) => [version, policy]) : []));

describe("minimumTlsMinorVersion", () => {
  it.each([...byVersion(LISTENER_POLICIES, ["TLS 1.0", "TLS 1.1", "TLS 1.2", "TLS 1.3"]), ...byVersion(SEARCH_POLICIES, ["TLS 1.0", "TLS 1.2"])])(
    "reads %s from %s",
    (version, policy) => {
      expect(minimumTlsMinorVersion(policy) ?? 0).toBe(Number(version.slice(-1)));
    },
  );
  it("finds none in names without a version, or in nothing", () => {
    expect(minimumTlsMinorVersion("ELBSecurityPolicy-2016-08")).toBeUndefined();
    expect(minimumTlsMinorVersion(undefined)).toBeUndefined();
    expect(minimumTlsMinorVersion("MyTLS-1-2")).toBeUndefined();
  });
});

const LISTENER_TYPES: Record<string, (stack: TerraformStack, config: Omit<LbListenerConfig, "loadBalancerArn">) => void> = {
  aws_lb_listener: (stack, config) => new LbListener(stack, "r", { loadBalancerArn: "arn:lb", ...config }),
  aws_alb_listener: (stack, config) => new AlbListener(stack, "r", { loadBalancerArn: "arn:lb", ...config }),
};
const FORWARD = [{ type: "forward", targetGroupArn: "arn:tg" }];
const REDIRECT = [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }];

describe.each(Object.entries(LISTENER_TYPES))("ENC002 on %s", (_type, listener) => {
  const check = (config: Omit<LbListenerConfig, "loadBalancerArn">) => violations("ENC002", (stack) => listener(stack, config));

  describe.each(["HTTPS", "TLS"])("%s", (protocol) => {
    it.each(byVersion(LISTENER_POLICIES, ["TLS 1.2", "TLS 1.3"]))("passes with a %s policy (%s)", (_version, sslPolicy) => {
      expect(check({ protocol, sslPolicy, defaultAction: FORWARD })).toEqual([]);
    });
    it.each(byVersion(LISTENER_POLICIES, ["TLS 1.0", "TLS 1.1"]))("fails with a %s policy (%s)", (_version, sslPolicy) => {
      expect(check({ protocol, sslPolicy, defaultAction: FORWARD })).toEqual(problems(`ssl_policy "${sslPolicy}" allows TLS older than 1.2`));
    });
    it("fails without a policy (AWS's default accepts TLS 1.0)", () => {
      expect(check({ protocol, defaultAction: FORWARD })).toEqual(problems(`ssl_policy "(default)" allows TLS older than 1.2`));
    });
  });

  it("accepts the protocol in lower case", () => {
    expect(check({ protocol: "https", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", defaultAction: FORWARD })).toEqual([]);
  });

  it.each([["HTTP"], [undefined]])("passes plain %s only when every default action redirects to HTTPS", (protocol) => {
    expect(check({ protocol, defaultAction: REDIRECT })).toEqual([]);
    const problem = problems("an HTTP listener must only redirect to HTTPS");
    expect(check({ protocol, defaultAction: FORWARD })).toEqual(problem);
    expect(check({ protocol, defaultAction: [{ type: "redirect", redirect: { protocol: "HTTP", statusCode: "HTTP_301" } }] })).toEqual(problem);
    expect(check({ protocol, defaultAction: [{ type: "redirect", redirect: { statusCode: "HTTP_301" } }] })).toEqual(problem);
    expect(check({ protocol, defaultAction: [...REDIRECT, ...FORWARD] })).toEqual(problem);
    expect(check({ protocol, defaultAction: [] })).toEqual(problem);
  });

  it.each(["TCP", "UDP", "TCP_UDP"])("fails plain %s", (protocol) => {
    expect(check({ protocol, defaultAction: FORWARD })).toEqual(problems(`protocol ${protocol} is not encrypted`));
  });
});

describe("ENC002 on aws_opensearch_domain", () => {
  const GOOD: OpensearchDomainConfig = {
    domainName: "search",
    domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10" },
    nodeToNodeEncryption: { enabled: true },
  };
  const check = (patch: Partial<OpensearchDomainConfig>) => violations("ENC002", (stack) => new OpensearchDomain(stack, "r", { ...GOOD, ...patch }));

  it.each(byVersion(SEARCH_POLICIES, ["TLS 1.2"]))("passes with HTTPS only, a %s policy (%s) and node-to-node encryption", (_v, tlsSecurityPolicy) => {
    expect(check({ domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy } })).toEqual([]);
  });
  it.each(byVersion(SEARCH_POLICIES, ["TLS 1.0"]))("fails with a %s policy (%s)", (_v, tlsSecurityPolicy) => {
    expect(check({ domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy } })).toEqual(
      problems("domain_endpoint_options.tls_security_policy is not a TLS 1.2+ policy"),
    );
  });
  it.each([false, undefined])("fails with enforce_https %s", (enforceHttps) => {
    expect(check({ domainEndpointOptions: { enforceHttps, tlsSecurityPolicy: "Policy-Min-TLS-1-2-2019-07" } })).toEqual(
      problems("domain_endpoint_options.enforce_https is not true"),
    );
  });
  it("fails without endpoint options (AWS defaults to HTTP allowed and TLS 1.0)", () => {
    expect(check({ domainEndpointOptions: undefined })).toEqual(
      problems("domain_endpoint_options.enforce_https is not true", "domain_endpoint_options.tls_security_policy is not a TLS 1.2+ policy"),
    );
  });
  it.each([[{ enabled: false }], [undefined]])("fails with node-to-node encryption %j", (nodeToNodeEncryption) => {
    expect(check({ nodeToNodeEncryption })).toEqual(problems("node_to_node_encryption.enabled is not true"));
  });
});

describe("ENC002 on aws_elasticache_replication_group", () => {
  it.each([
    [true, []],
    [false, ["transit_encryption_enabled is not true"]],
    [undefined, ["transit_encryption_enabled is not true"]],
  ])("transit_encryption_enabled %s", (transitEncryptionEnabled, expected) => {
    expect(
      violations("ENC002", (stack) => new ElasticacheReplicationGroup(stack, "r", { replicationGroupId: "c", description: "c", transitEncryptionEnabled })),
    ).toEqual(problems(...(expected as string[])));
  });
});

describe("ENC002 on aws_msk_cluster", () => {
  const cluster = (clientBroker?: string) => (stack: TerraformStack) =>
    new MskCluster(stack, "r", {
      clusterName: "k",
      kafkaVersion: "3.6.0",
      numberOfBrokerNodes: 2,
      brokerNodeGroupInfo: { clientSubnets: ["a", "b"], instanceType: "kafka.m5.large", securityGroups: ["sg"] },
      encryptionInfo: clientBroker === undefined ? undefined : { encryptionInTransit: { clientBroker } },
    });
  it("passes with TLS between clients and brokers, set or by default", () => {
    expect(violations("ENC002", cluster("TLS"))).toEqual([]);
    expect(violations("ENC002", cluster())).toEqual([]);
  });
  it.each(["TLS_PLAINTEXT", "PLAINTEXT"])("fails with %s", (clientBroker) => {
    expect(violations("ENC002", cluster(clientBroker))).toEqual(problems("encryption_in_transit.client_broker is not TLS"));
  });
});

it("ENC002 has boundary fixtures for every type it covers", () => {
  expect(Object.keys(ENCRYPTION_IN_TRANSIT).sort()).toEqual(
    ["aws_alb_listener", "aws_elasticache_replication_group", "aws_lb_listener", "aws_msk_cluster", "aws_opensearch_domain"].sort(),
  );
});
