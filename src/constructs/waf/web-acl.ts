import { Wafv2IpSet } from "@cdktf/provider-aws/lib/wafv2-ip-set";
import { Wafv2WebAcl, Wafv2WebAclRule, wafv2WebAclRuleToTerraform } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Fn, Token, conditional } from "cdktf";
import { Construct } from "constructs";
import { onlyIf } from "../expressions/optional";
import { Expr, Value, isKnown, known } from "../expressions/expression";
import { atLeast, isSet, listOf, not, path } from "../expressions/values";
import { Statement, awsManagedRuleGroup, labelOutsidePaths, pathOutsideAllowList } from "./rules";

/**
 * Rules of the common rule set that only count, so a later rule decides.
 * SizeRestrictions_BODY matches bodies over 8 KB, the most an ALB's WAF
 * inspects; LLM prompts with their conversation history are routinely larger.
 * It only labels the request (SIZE_RESTRICTIONS_BODY_LABEL); `body-size-limit`
 * then blocks labelled requests on every path except the large-body (prompt)
 * paths, so padding a body past 8 KB skips the body rules there only.
 */
export const COMMON_RULE_SET_COUNT_ONLY = ["SizeRestrictions_BODY"];
export const SIZE_RESTRICTIONS_BODY_LABEL = "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body";

/**
 * Every rule this ACL can hold and its fixed priority (lower runs first).
 * Priorities belong to rules, not list positions, so optional rules never
 * shift the others.
 */
export const RULE_PRIORITIES = {
  "admin-allow-list": 0,
  "rate-limit": 10,
  "rate-limit-per-key": 15,
  "ip-reputation": 20,
  "anonymous-ip": 30,
  "common-rule-set": 40,
  "body-size-limit": 45,
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
  readonly blockAnonymousIps?: Value<boolean>;
  /** Admin paths only these CIDRs may reach. Default: no admin rule. */
  readonly adminAllowList?: { readonly pathPrefixes: readonly string[]; readonly cidrs: readonly string[] };
  /** Path prefixes (the prompt endpoints) that may carry bodies over 8 KB. Default: none, every path keeps the limit. */
  readonly largeBodyPathPrefixes?: readonly string[];
  /**
   * A second rate limit per value of a request header (an API key: per user),
   * beside the per-IP one. Requests without the header are counted per IP only.
   * Default: none.
   */
  readonly rateLimitPerKey?: { readonly header: string; readonly requests: number };
}

/** A rule that exists only when its condition holds. */
interface OptionalRule {
  readonly condition: Expr<boolean>;
  readonly rule: Wafv2WebAclRule;
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
  /** Names of the rules in the ACL (in a module: that it may hold), in priority order. */
  readonly ruleNames: WebAclRuleName[];

  constructor(scope: Construct, id: string, props: RegionalWebAclProps) {
    super(scope, id);
    const rules: Wafv2WebAclRule[] = [];
    // Rules whose presence is a Terraform condition (module inputs): dynamic "rule" blocks.
    const optionalRules: OptionalRule[] = [];
    const add = (rule: Wafv2WebAclRule, condition: Value<boolean> = true) => {
      if (!known(condition)) optionalRules.push({ condition, rule });
      else if (condition) rules.push(rule);
    };
    const visibility = (metricName: string) => ({
      cloudwatchMetricsEnabled: true,
      metricName,
      sampledRequestsEnabled: true,
    });
    const blockRule = (name: WebAclRuleName, statement: Statement, condition?: Value<boolean>) =>
      add(
        {
          name,
          priority: RULE_PRIORITIES[name],
          action: { block: {} },
          statement,
          visibilityConfig: visibility(`${props.name}-${name}`),
        },
        condition,
      );
    const managedRule = (name: WebAclRuleName, group: string, countOnly: readonly string[] = [], condition?: Value<boolean>) =>
      add(
        {
          name,
          priority: RULE_PRIORITIES[name],
          overrideAction: { none: {} },
          statement: awsManagedRuleGroup(group, countOnly),
          visibilityConfig: visibility(`${props.name}-${name}`),
        },
        condition,
      );

    const allowList = props.adminAllowList;
    const adminRule = onlyIf(this, isSet(allowList), ({ attr }) => {
      const ipSet = new Wafv2IpSet(this, "admin-ip-set", {
        name: `${props.name}-admin`,
        description: "Networks allowed to reach the admin paths",
        scope: "REGIONAL",
        ipAddressVersion: "IPV4",
        addresses: listOf(path<string[]>(allowList!, "cidrs")),
      });
      return { ipSet, arn: attr(ipSet, "arn") };
    });
    if (adminRule) {
      this.adminIpSet = adminRule.value.ipSet;
      blockRule("admin-allow-list", pathOutsideAllowList(path(allowList!, "pathPrefixes"), adminRule.value.arn), isSet(allowList));
    }
    blockRule("rate-limit", {
      rate_based_statement: {
        limit: props.rateLimit,
        aggregate_key_type: "IP",
        evaluation_window_sec: props.rateLimitWindowSeconds ?? 300,
      },
    });
    const perKey = props.rateLimitPerKey;
    blockRule(
      "rate-limit-per-key",
      {
        rate_based_statement: {
          limit: path<number>(perKey ?? {}, "requests"),
          aggregate_key_type: "CUSTOM_KEYS",
          evaluation_window_sec: props.rateLimitWindowSeconds ?? 300,
          custom_key: [{ header: { name: path<string>(perKey ?? {}, "header"), text_transformation: [{ priority: 0, type: "NONE" }] } }],
        },
      },
      isSet(perKey),
    );
    managedRule("ip-reputation", "AWSManagedRulesAmazonIpReputationList");
    managedRule("anonymous-ip", "AWSManagedRulesAnonymousIpList", [], props.blockAnonymousIps ?? false);
    managedRule("common-rule-set", "AWSManagedRulesCommonRuleSet", COMMON_RULE_SET_COUNT_ONLY);
    const largeBodyPaths = props.largeBodyPathPrefixes ?? [];
    if (isKnown(largeBodyPaths)) {
      blockRule("body-size-limit", labelOutsidePaths(SIZE_RESTRICTIONS_BODY_LABEL, largeBodyPaths));
    } else {
      // A module's list: label-only when it is empty, label outside the paths otherwise.
      const some = atLeast(Fn.lengthOf(largeBodyPaths), 1);
      blockRule("body-size-limit", labelOutsidePaths(SIZE_RESTRICTIONS_BODY_LABEL, []), not(some));
      blockRule("body-size-limit", labelOutsidePaths(SIZE_RESTRICTIONS_BODY_LABEL, largeBodyPaths), some);
    }
    managedRule("known-bad-inputs", "AWSManagedRulesKnownBadInputsRuleSet");
    managedRule("sql-injection", "AWSManagedRulesSQLiRuleSet");
    this.ruleNames = [
      ...new Set([...rules, ...optionalRules.map(({ rule }) => rule)].sort((a, b) => a.priority - b.priority).map((rule) => rule.name as WebAclRuleName)),
    ];

    this.webAcl = new Wafv2WebAcl(this, "web-acl", {
      name: props.name,
      description: `Protects the application load balancer of ${props.name}`,
      scope: "REGIONAL",
      defaultAction: { allow: {} },
      rule: rules,
      visibilityConfig: visibility(props.name),
    });
    if (optionalRules.length > 0) {
      this.webAcl.addOverride(
        "dynamic.rule",
        optionalRules.map(({ condition, rule }) => ({
          for_each: Token.asList(conditional(condition, ["on"], [])),
          content: wafv2WebAclRuleToTerraform(rule),
        })),
      );
    }
  }
}
