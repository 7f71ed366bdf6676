import { Construct } from "constructs";
import { RATE_LIMIT_WINDOWS } from "../../config/schema/edge";
import { LOG_RETENTION_DAYS } from "../../config/schema/primitives";
import { COMMON_RULE_SET_COUNT_ONLY, REDACTED_HEADERS, RULE_PRIORITIES, RegionalWebAcl, WebAclLogging, wafLogGroupName } from "../../constructs/waf";
import { expr } from "../../constructs/expressions/expression";
import { defineModule } from "../definition";
import { eachPattern, ipv4Cidr, namePrefix, oneOf, optional, wholeNumber } from "../validation";

/** The admin allow-list's CIDR range and path shape, as `adminAllowListSchema` in src/config/schema/edge.ts. */
const ADMIN_CIDR = ipv4Cidr("cidr", 8, 32);
const PATH_PREFIX = "^/[\\\\w\\\\-./~]*$";
const HEADER_NAME = "^[a-z0-9][a-z0-9-]*$";

export default defineModule({
  name: "waf",
  purpose: `
A regional WAFv2 web ACL for an application load balancer. It allows by default and
blocks, in this order (priority): ${Object.entries(RULE_PRIORITIES)
    .map(([rule, priority]) => `\`${rule}\` (${priority})`)
    .join(", ")}. \`admin-allow-list\` exists only with \`admin_allow_list\` (its paths
are blocked for everyone outside its CIDRs) and \`anonymous-ip\` only with
\`block_anonymous_ips\`. The AWS managed groups are IP reputation, anonymous IPs,
the common rule set (with ${COMMON_RULE_SET_COUNT_ONLY.join(", ")} only labelling:
\`body-size-limit\` then blocks bodies over the 8 KB WAF inspects on every path but
\`large_body_path_prefixes\`, the prompt endpoints), known bad inputs and SQL
injection. \`rate-limit-per-key\` exists only with \`rate_limit_per_key\`. Paths are
matched URL-decoded, normalized and lower-cased.
Every rule has CloudWatch metrics and sampled requests.

Requests are logged to the CloudWatch log group \`aws-waf-logs-<name>\`, encrypted
with its own customer-managed KMS key (rotation on), with the
${REDACTED_HEADERS.join(" and ")} headers, the query string and \`redacted_headers\` redacted.

Attach the ACL to a load balancer with the AWS Load Balancer Controller annotation
\`alb.ingress.kubernetes.io/wafv2-acl-arn\` or an \`aws_wafv2_web_acl_association\`.

Stays in TypeScript: nothing; the module is what the edge layer builds.`,
  variables: {
    name: {
      type: "string",
      description: "Web ACL name and prefix of its metric names; the log group is `aws-waf-logs-<name>`.",
      validation: namePrefix("name", 100),
      example: '"acme-dev"',
    },
    rate_limit: {
      type: "number",
      description: "Requests one client IP may send per window before it is blocked.",
      validation: [wholeNumber("rate_limit", 10, 2000000000)],
      example: "2000",
    },
    rate_limit_window_seconds: {
      type: "number",
      description: "Window the rate limit counts over, in seconds.",
      default: 300,
      validation: [oneOf("rate_limit_window_seconds", RATE_LIMIT_WINDOWS)],
    },
    block_anonymous_ips: {
      type: "bool",
      description: "Block VPNs, proxies, Tor and hosting providers (AWSManagedRulesAnonymousIpList).",
      default: false,
    },
    admin_allow_list: {
      rules: "At least one path prefix starting with '/' and at least one IPv4 CIDR block (/8 to /32).",
      type: "object({ path_prefixes = list(string), cidrs = list(string) })",
      description: "Admin paths (URI prefixes, e.g. `/admin`) only the listed IPv4 CIDRs may reach. `null`: no admin rule.",
      default: null,
      validation: [
        optional("admin_allow_list", {
          condition: "length(var.admin_allow_list.path_prefixes) >= 1 && length(var.admin_allow_list.cidrs) >= 1",
          errorMessage: "admin_allow_list needs at least one path prefix and at least one CIDR.",
          rejects: '{ path_prefixes = [], cidrs = ["203.0.113.0/24"] }',
        }),
        optional("admin_allow_list", {
          condition: `alltrue([for prefix in var.admin_allow_list.path_prefixes : can(regex("${PATH_PREFIX}", prefix))])`,
          errorMessage: "Every admin_allow_list path prefix must be a URI path prefix starting with '/'.",
          rejects: '{ path_prefixes = ["admin"], cidrs = ["203.0.113.0/24"] }',
        }),
        optional("admin_allow_list", {
          condition: `alltrue([for cidr in var.admin_allow_list.cidrs : ${ADMIN_CIDR.condition.replace(/var\.cidr/g, "cidr")}])`,
          errorMessage: "Every admin_allow_list CIDR must be an IPv4 CIDR block a.b.c.d/n with no host bits set and a prefix length from /8 to /32.",
          rejects: '{ path_prefixes = ["/admin"], cidrs = ["203.0.113.1/24"] }',
        }),
      ],
    },
    large_body_path_prefixes: {
      type: "list(string)",
      description: "URI path prefixes (the prompt endpoints) whose bodies may exceed the 8 KB WAF inspects; every other path is blocked above 8 KB.",
      default: [],
      validation: [
        {
          condition: `alltrue([for prefix in var.large_body_path_prefixes : can(regex("${PATH_PREFIX}", prefix))])`,
          errorMessage: "Every large_body_path_prefixes entry must be a URI path prefix starting with '/'.",
          rejects: '["v1/chat"]',
        },
      ],
    },
    rate_limit_per_key: {
      type: "object({ header = string, requests = number })",
      description: "A second rate limit per value of a lower-case request header (e.g. the API key `x-api-key`), per `rate_limit_window_seconds`. `null`: none.",
      default: null,
      validation: [
        optional("rate_limit_per_key", {
          condition: `can(regex("${HEADER_NAME}", var.rate_limit_per_key.header)) && var.rate_limit_per_key.requests >= 10 && var.rate_limit_per_key.requests == floor(var.rate_limit_per_key.requests)`,
          errorMessage: "rate_limit_per_key needs a lower-case header name and a whole number of requests of at least 10.",
          rejects: '{ header = "X-Api-Key", requests = 100 }',
        }),
      ],
    },
    redacted_headers: {
      type: "list(string)",
      description: "Lower-case headers redacted in the logs besides authorization and cookie (the query string always is), e.g. API keys.",
      default: ["x-api-key"],
      validation: [eachPattern("redacted_headers", HEADER_NAME, "a lower-case HTTP header name")],
    },
    log_retention_days: { type: "number", description: "WAF log retention in CloudWatch.", default: 365, validation: [oneOf("log_retention_days", LOG_RETENTION_DAYS)] },
  },
  tests: [
    {
      name: "admin_allow_list_adds_an_ip_set",
      variables: { admin_allow_list: '{ path_prefixes = ["/admin"], cidrs = ["203.0.113.0/24"] }' },
      asserts: [{ condition: "length(aws_wafv2_ip_set.admin_ip_set) == 1", errorMessage: "The admin networks get an IP set." }],
    },
    {
      name: "no_admin_allow_list_by_default",
      asserts: [{ condition: "length(aws_wafv2_ip_set.admin_ip_set) == 0", errorMessage: "No IP set without admin_allow_list." }],
    },
  ],
  build(scope, inputs) {
    const name = inputs.name.stringValue;
    const acl = new RegionalWebAcl(scope, "waf", {
      name,
      rateLimit: inputs.rate_limit.numberValue,
      rateLimitWindowSeconds: inputs.rate_limit_window_seconds.numberValue,
      blockAnonymousIps: expr(inputs.block_anonymous_ips.booleanValue),
      adminAllowList: inputs.admin_allow_list.value as RegionalWebAclAllowList,
      largeBodyPathPrefixes: inputs.large_body_path_prefixes.listValue,
      rateLimitPerKey: inputs.rate_limit_per_key.value as RegionalWebAclProps["rateLimitPerKey"],
    });
    // Logging's construct ids are below its own scope: the module address drops the first id below the module.
    const logging = new WebAclLogging(new Construct(scope, "edge"), "logging", {
      namePrefix: name,
      webAclArn: acl.webAcl.arn,
      retentionDays: inputs.log_retention_days.numberValue,
      redactedHeaders: inputs.redacted_headers.listValue,
    });
    return {
      web_acl_arn: { value: acl.webAcl.arn, description: "Web ACL ARN, for alb.ingress.kubernetes.io/wafv2-acl-arn or an aws_wafv2_web_acl_association" },
      web_acl_id: { value: acl.webAcl.id, description: "Web ACL id" },
      web_acl_name: { value: acl.webAcl.name, description: "Web ACL name, the WebACL dimension of its CloudWatch metrics" },
      log_group_name: { value: logging.logs.logGroup.name, description: `CloudWatch log group of the WAF logs (${wafLogGroupName("<name>")})` },
      log_kms_key_arn: { value: logging.logs.key.arn, description: "KMS key that encrypts the WAF logs" },
    };
  },
});

type RegionalWebAclProps = ConstructorParameters<typeof RegionalWebAcl>[2];
type RegionalWebAclAllowList = RegionalWebAclProps["adminAllowList"];
