import { Wafv2IpSet } from "@cdktf/provider-aws/lib/wafv2-ip-set";
import { Wafv2WebAcl, Wafv2WebAclRule } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Construct } from "constructs";
import { Statement, awsManagedRuleGroup, pathStartsWith } from "./rules";

/**
 * Rules of the common rule set that only count. SizeRestrictions_BODY blocks
 * bodies over 8 KB, the most an ALB's WAF inspects; LLM prompts with their
 * conversation history are routinely larger, so blocking would break chat.
 * Counting keeps it visible in metrics and logs (label
 * awswaf:managed:aws:core-rule-set:SizeRestrictions_Body).
 */
export const COMMON_RULE_SET_COUNT_ONLY = ["SizeRestrictions_BODY"];

/**
 * Every rule this ACL can hold and its fixed priority (lower runs first).
 * Priorities belong to rules, not list positions, so optional rules never
 * shift the others.
 */
export const RULE_PRIORITIES = {
  "admin-allow-list": 0,
  "rate-limit": 10,
  "ip-reputation": 20,
  "anonymous-ip": 30,
  "common-rule-set": 40,
  "known-bad-inputs": 50,
  "sql-injection": 60,
} as const;
export type WebAclRuleName = keyof typeof RULE_PRIORITIES;

export interface RegionalWebAclProps {
  /** Web ACL name, also the prefix of its metric names. */
  readonly name: string;
  /** Requests per client IP per window before it is blocked. */
  readonly rateLimit: number;
  /** Window of the rate limit in seconds. Default: 300. */
  readonly rateLimitWindowSeconds?: number;
  /** Add AWSManagedRulesAnonymousIpList. Default: false. */
  readonly blockAnonymousIps?: boolean;
  /** Admin paths only these CIDRs may reach. Default: no admin rule. */
  readonly adminAllowList?: { readonly pathPrefixes: readonly string[]; readonly cidrs: readonly string[] };
}

/**
 * A regional WAFv2 web ACL for the application load balancer: allow by
 * default; block admin paths from outside the allow-list, clients over the
 * rate limit, and what the AWS managed rule groups (IP reputation, optionally
 * anonymous IPs, common, known bad inputs, SQL injection) match. Every rule
 * has CloudWatch metrics and sampled requests.
 *
 * Rules stay inline blocks rather than `rule_json` so scanners (checkov
 * CKV_AWS_192) can see them; every attribute AWS would default (the rate
 * window, the aggregate key) is set explicitly so plans do not show the
 * perpetual diffs of terraform-provider-aws #33124.
 */
export class RegionalWebAcl extends Construct {
  readonly webAcl: Wafv2WebAcl;
  readonly adminIpSet?: Wafv2IpSet;
  /** Names of the rules in the ACL, in priority order. */
  readonly ruleNames: WebAclRuleName[];

  constructor(scope: Construct, id: string, props: RegionalWebAclProps) {
    super(scope, id);
    const rules: Wafv2WebAclRule[] = [];
    const visibility = (metricName: string) => ({
      cloudwatchMetricsEnabled: true,
      metricName,
      sampledRequestsEnabled: true,
    });
    const blockRule = (name: WebAclRuleName, statement: Statement) =>
      rules.push({
        name,
        priority: RULE_PRIORITIES[name],
        action: { block: {} },
        statement,
        visibilityConfig: visibility(`${props.name}-${name}`),
      });
    const managedRule = (name: WebAclRuleName, group: string, countOnly: readonly string[] = []) =>
      rules.push({
        name,
        priority: RULE_PRIORITIES[name],
        overrideAction: { none: {} },
        statement: awsManagedRuleGroup(group, countOnly),
        visibilityConfig: visibility(`${props.name}-${name}`),
      });

    if (props.adminAllowList) {
      this.adminIpSet = new Wafv2IpSet(this, "admin-ip-set", {
        name: `${props.name}-admin`,
        description: "Networks allowed to reach the admin paths",
        scope: "REGIONAL",
        ipAddressVersion: "IPV4",
        addresses: [...props.adminAllowList.cidrs],
      });
      blockRule("admin-allow-list", {
        and_statement: {
          statement: [
            pathStartsWith(props.adminAllowList.pathPrefixes),
            { not_statement: { statement: { ip_set_reference_statement: { arn: this.adminIpSet.arn } } } },
          ],
        },
      });
    }
    blockRule("rate-limit", {
      rate_based_statement: {
        limit: props.rateLimit,
        aggregate_key_type: "IP",
        evaluation_window_sec: props.rateLimitWindowSeconds ?? 300,
      },
    });
    managedRule("ip-reputation", "AWSManagedRulesAmazonIpReputationList");
    if (props.blockAnonymousIps) managedRule("anonymous-ip", "AWSManagedRulesAnonymousIpList");
    managedRule("common-rule-set", "AWSManagedRulesCommonRuleSet", COMMON_RULE_SET_COUNT_ONLY);
    managedRule("known-bad-inputs", "AWSManagedRulesKnownBadInputsRuleSet");
    managedRule("sql-injection", "AWSManagedRulesSQLiRuleSet");
    this.ruleNames = rules.map((rule) => rule.name as WebAclRuleName);

    this.webAcl = new Wafv2WebAcl(this, "web-acl", {
      name: props.name,
      description: `Protects the application load balancer of ${props.name}`,
      scope: "REGIONAL",
      defaultAction: { allow: {} },
      rule: rules,
      visibilityConfig: visibility(props.name),
    });
  }
}
