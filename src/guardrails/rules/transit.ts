import { blocks, isTrue } from "../model";
import { PolicyRule, Problem, problem } from "../rule";

type Check = (config: Record<string, any>) => Problem[];

/**
 * The lowest TLS 1.x minor version a named AWS TLS policy accepts: 2 for
 * `ELBSecurityPolicy-TLS13-1-2-2021-06`, `ELBSecurityPolicy-FS-1-2-Res-2020-10` or
 * `Policy-Min-TLS-1-2-PFS-2023-10`, 0 for `ELBSecurityPolicy-TLS13-1-0-2021-06`. Undefined when
 * the name states none: the older policies (`ELBSecurityPolicy-2016-08`, `-FS-2018-06`) accept TLS 1.0.
 */
export function minimumTlsMinorVersion(policy: unknown): number | undefined {
  // Stryker disable next-line StringLiteral: any fallback text without a TLS version gives undefined, as "" does
  const match = /(?:^|-)(?:TLS13|TLS|FS)-1-(\d)(?:-|$)/.exec(String(policy ?? ""));
  return match ? Number(match[1]) : undefined;
}

/** Whether a named policy accepts nothing older than TLS 1.2. */
export function isModernTlsPolicy(policy: unknown): boolean {
  return (minimumTlsMinorVersion(policy) ?? 0) >= 2;
}

const listener: Check = (config) => {
  const protocol = String(config.protocol ?? "HTTP").toUpperCase();
  if (protocol === "HTTPS" || protocol === "TLS") {
    return isModernTlsPolicy(config.ssl_policy)
      ? []
      : [problem("ssl_policy", `ssl_policy ${JSON.stringify(config.ssl_policy ?? "(default)")} allows TLS older than 1.2`)];
  }
  if (protocol === "HTTP") {
    const actions = blocks(config.default_action);
    const redirects = actions.length > 0 && actions.every((action) => action.type === "redirect" && blocks(action.redirect)[0]?.protocol === "HTTPS");
    return redirects ? [] : [problem("default_action", "an HTTP listener must only redirect to HTTPS")];
  }
  return [problem("protocol", `protocol ${protocol} is not encrypted`)];
};

/** Per type: how it encrypts traffic. */
export const ENCRYPTION_IN_TRANSIT: Readonly<Record<string, Check>> = {
  aws_elasticache_replication_group: (config) =>
    isTrue(config.transit_encryption_enabled) ? [] : [problem("transit_encryption_enabled", "transit_encryption_enabled is not true")],
  aws_opensearch_domain: (config) => {
    const [endpoint] = blocks(config.domain_endpoint_options);
    const [nodeToNode] = blocks(config.node_to_node_encryption);
    return [
      ...(isTrue(endpoint?.enforce_https) ? [] : [problem("domain_endpoint_options.enforce_https", "domain_endpoint_options.enforce_https is not true")]),
      ...(isModernTlsPolicy(endpoint?.tls_security_policy)
        ? []
        : [problem("domain_endpoint_options.tls_security_policy", "domain_endpoint_options.tls_security_policy is not a TLS 1.2+ policy")]),
      ...(isTrue(nodeToNode?.enabled) ? [] : [problem("node_to_node_encryption.enabled", "node_to_node_encryption.enabled is not true")]),
    ];
  },
  aws_lb_listener: listener,
  aws_alb_listener: listener,
  aws_msk_cluster: (config) => {
    const [inTransit] = blocks(blocks(config.encryption_info)[0]?.encryption_in_transit);
    return (inTransit?.client_broker ?? "TLS") === "TLS"
      ? []
      : [problem("encryption_info.encryption_in_transit.client_broker", "encryption_in_transit.client_broker is not TLS")];
  },
};

export const encryptionInTransit: PolicyRule = {
  id: "ENC002",
  severity: "high",
  title: "Encrypted in transit (TLS 1.2 or newer)",
  description:
    "Caches, search domains and load balancer listeners only accept TLS: ElastiCache transit encryption, OpenSearch " +
    "HTTPS-only with a TLS 1.2+ policy and node-to-node encryption, HTTPS/TLS listeners with a TLS 1.2+ policy " +
    "(plain HTTP only as a redirect to HTTPS). Aurora enforces TLS through its parameter group (`rds.force_ssl`), " +
    "which the data layer's tests assert.",
  fix: "turn on the resource's transit encryption and choose a TLS 1.2+ policy",
  resourceTypes: Object.keys(ENCRYPTION_IN_TRANSIT),
  check: (element) => ENCRYPTION_IN_TRANSIT[element.type](element.config),
};
