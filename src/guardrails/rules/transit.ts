import { blocks, isTrue } from "../model";
import { PolicyRule } from "../rule";

type Check = (config: Record<string, any>) => string[];

const MODERN_TLS_POLICY = /TLS-?1-?[23]|TLS13/;

const listener: Check = (config) => {
  const protocol = String(config.protocol ?? "HTTP").toUpperCase();
  if (protocol === "HTTPS" || protocol === "TLS") {
    return MODERN_TLS_POLICY.test(String(config.ssl_policy ?? ""))
      ? []
      : [`ssl_policy ${JSON.stringify(config.ssl_policy ?? "(default)")} allows TLS older than 1.2`];
  }
  if (protocol === "HTTP") {
    const redirects = blocks(config.default_action).every(
      (action) => action.type === "redirect" && blocks(action.redirect)[0]?.protocol === "HTTPS",
    );
    return redirects ? [] : ["an HTTP listener must only redirect to HTTPS"];
  }
  return [`protocol ${protocol} is not encrypted`];
};

/** Per type: how it encrypts traffic. */
export const ENCRYPTION_IN_TRANSIT: Readonly<Record<string, Check>> = {
  aws_elasticache_replication_group: (config) =>
    isTrue(config.transit_encryption_enabled) ? [] : ["transit_encryption_enabled is not true"],
  aws_opensearch_domain: (config) => {
    const [endpoint] = blocks(config.domain_endpoint_options);
    const [nodeToNode] = blocks(config.node_to_node_encryption);
    return [
      ...(isTrue(endpoint?.enforce_https) ? [] : ["domain_endpoint_options.enforce_https is not true"]),
      ...(MODERN_TLS_POLICY.test(String(endpoint?.tls_security_policy ?? ""))
        ? []
        : ["domain_endpoint_options.tls_security_policy is not a TLS 1.2+ policy"]),
      ...(isTrue(nodeToNode?.enabled) ? [] : ["node_to_node_encryption.enabled is not true"]),
    ];
  },
  aws_lb_listener: listener,
  aws_alb_listener: listener,
  aws_msk_cluster: (config) => {
    const [inTransit] = blocks(blocks(config.encryption_info)[0]?.encryption_in_transit);
    return (inTransit?.client_broker ?? "TLS") === "TLS" ? [] : ["encryption_in_transit.client_broker is not TLS"];
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
