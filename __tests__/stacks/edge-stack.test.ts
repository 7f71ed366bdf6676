import { Testing } from "cdktf";
import { RULE_PRIORITIES, SIZE_RESTRICTIONS_BODY_LABEL } from "../../src/constructs/waf";
import { EdgeStack } from "../../src/stacks/edge-stack";
import { configOf } from "../support/environments";
import { policyStatements, resourceAt, resourcesOf, synthStack } from "../support/synth";
import { matches } from "../support/waf";

function synthEdge(name: "dev" | "staging" | "prod", patch: unknown = {}) {
  return synthStack(new EdgeStack(Testing.app(), { env: configOf(name, patch) }));
}

const dev = synthEdge("dev");
const prod = synthEdge("prod");
const aclOf = (json: ReturnType<typeof synthEdge>) => resourceAt(json, "aws_wafv2_web_acl", "waf/web-acl");
const ruleOf = (json: ReturnType<typeof synthEdge>, name: string) => {
  const rule = aclOf(json).rule.find((candidate: any) => candidate.name === name);
  if (!rule) throw new Error(`no rule ${name}`);
  return rule;
};

describe("EdgeStack: web ACL", () => {
  it("is a regional ACL that allows by default, with metrics and samples on the ACL and every rule", () => {
    const acl = aclOf(dev);
    expect(acl).toMatchObject({ name: "llm-platform-dev", scope: "REGIONAL", default_action: { allow: {} } });
    for (const rule of [acl, ...acl.rule]) {
      expect(rule.visibility_config).toMatchObject({
        cloudwatch_metrics_enabled: true,
        sampled_requests_enabled: true,
      });
      expect(rule.visibility_config.metric_name).toMatch(/^llm-platform-dev/);
    }
  });

  it("runs the AWS managed rule groups, blocking on their verdicts", () => {
    const managed = Object.fromEntries(
      aclOf(dev)
        .rule.filter((rule: any) => rule.statement.managed_rule_group_statement)
        .map((rule: any) => [rule.name, rule.statement.managed_rule_group_statement.name]),
    );
    expect(managed).toEqual({
      "ip-reputation": "AWSManagedRulesAmazonIpReputationList",
      "common-rule-set": "AWSManagedRulesCommonRuleSet",
      "known-bad-inputs": "AWSManagedRulesKnownBadInputsRuleSet",
      "sql-injection": "AWSManagedRulesSQLiRuleSet",
    });
    expect(ruleOf(dev, "common-rule-set").override_action).toEqual({ none: {} });
  });

  it("lets the common rule set's body-size rule only label, and decides on the label by path", () => {
    const common = ruleOf(dev, "common-rule-set").statement.managed_rule_group_statement;
    expect(common.rule_action_override).toEqual([{ name: "SizeRestrictions_BODY", action_to_use: { count: {} } }]);
    expect(ruleOf(prod, "common-rule-set").statement.managed_rule_group_statement.rule_action_override).toEqual(common.rule_action_override);
    expect(ruleOf(prod, "body-size-limit")).toMatchObject({ action: { block: {} }, priority: 45 });
    expect(ruleOf(prod, "body-size-limit").priority).toBeGreaterThan(ruleOf(prod, "common-rule-set").priority);
  });

  it("allows bodies over 8 KB on the prompt paths only; every other path keeps the limit", () => {
    const blocked = (path: string, labels = [SIZE_RESTRICTIONS_BODY_LABEL]) => matches(ruleOf(prod, "body-size-limit").statement, { path, labels });
    expect(blocked("/v1/chat")).toBe(false);
    expect(blocked("/v1/completions")).toBe(false);
    expect(blocked("/V1/%63hat/stream")).toBe(false);
    expect(blocked("/v1/embeddings")).toBe(true);
    expect(blocked("/upload")).toBe(true);
    expect(blocked("/v1/chat/../../upload")).toBe(true);
    expect(blocked("/upload", [])).toBe(false);
  });

  it("blocks large bodies on every path when no prompt paths are configured", () => {
    const json = synthEdge("dev", { edge: { waf: { largeBodyPathPrefixes: [] } } });
    expect(ruleOf(json, "body-size-limit").statement).toEqual({
      label_match_statement: { scope: "LABEL", key: SIZE_RESTRICTIONS_BODY_LABEL },
    });
  });

  it("rate-limits each caller by its API key header beside the per-IP limit", () => {
    expect(ruleOf(prod, "rate-limit-per-key")).toMatchObject({
      action: { block: {} },
      statement: {
        rate_based_statement: {
          limit: 600,
          aggregate_key_type: "CUSTOM_KEYS",
          evaluation_window_sec: 300,
          custom_key: [{ header: { name: "x-api-key", text_transformation: [{ priority: 0, type: "NONE" }] } }],
        },
      },
    });
    const json = synthEdge("dev", { edge: { waf: { rateLimitPerKey: undefined } } });
    expect(aclOf(json).rule.map((rule: any) => rule.name)).not.toContain("rate-limit-per-key");
  });

  it("keeps Log4JRCE and every other known-bad-inputs rule blocking (checkov CKV_AWS_192)", () => {
    const knownBad = ruleOf(prod, "known-bad-inputs");
    expect(knownBad.statement.managed_rule_group_statement.rule_action_override).toBeUndefined();
    expect(knownBad.override_action).toEqual({ none: {} });
  });

  it("rate-limits each client IP with the environment's limit and an explicit window", () => {
    expect(ruleOf(dev, "rate-limit")).toMatchObject({
      action: { block: {} },
      statement: { rate_based_statement: { limit: 2000, aggregate_key_type: "IP", evaluation_window_sec: 300 } },
    });
    expect(ruleOf(prod, "rate-limit").statement.rate_based_statement.limit).toBe(1000);
  });

  it("gives every rule a fixed priority that optional rules never shift", () => {
    const priorities = (json: ReturnType<typeof synthEdge>) => Object.fromEntries(aclOf(json).rule.map((rule: any) => [rule.name, rule.priority]));
    expect(priorities(prod)).toEqual(RULE_PRIORITIES);
    expect(new Set(Object.values(RULE_PRIORITIES)).size).toBe(Object.keys(RULE_PRIORITIES).length);
    const devPriorities = priorities(dev);
    expect(devPriorities["admin-allow-list"]).toBeUndefined();
    expect(devPriorities["anonymous-ip"]).toBeUndefined();
    expect(devPriorities["sql-injection"]).toBe(60);
  });

  it("blocks admin paths from outside the allow-list, matching decoded, normalized and lower-cased paths", () => {
    const ipSet = resourceAt(prod, "aws_wafv2_ip_set", "waf/admin-ip-set");
    expect(ipSet).toMatchObject({ scope: "REGIONAL", ip_address_version: "IPV4", addresses: ["203.0.113.0/24"] });
    const rule = ruleOf(prod, "admin-allow-list");
    expect(rule.action).toEqual({ block: {} });
    const [path, notAllowed] = rule.statement.and_statement.statement;
    expect(path.byte_match_statement).toMatchObject({
      search_string: "/admin",
      positional_constraint: "STARTS_WITH",
      field_to_match: { uri_path: {} },
      text_transformation: [
        { priority: 0, type: "URL_DECODE" },
        { priority: 1, type: "NORMALIZE_PATH" },
        { priority: 2, type: "LOWERCASE" },
      ],
    });
    const adminPath = (requestPath: string) => matches(path, { path: requestPath });
    expect(["/admin", "/ADMIN/users", "/%61dmin", "//admin", "/public/../admin", "/./admin"].filter(adminPath)).toHaveLength(6);
    expect(adminPath("/administrator-docs")).toBe(true);
    expect(adminPath("/v1/chat")).toBe(false);
    expect(notAllowed.not_statement.statement.ip_set_reference_statement.arn).toContain("aws_wafv2_ip_set.waf_admin-ip-set");
    expect(resourcesOf(dev, "aws_wafv2_ip_set")).toEqual({});
  });

  it("matches several admin prefixes with one rule", () => {
    const json = synthEdge("staging", { edge: { waf: { adminAllowList: { pathPrefixes: ["/admin", "/Internal"] } } } });
    const [paths] = ruleOf(json, "admin-allow-list").statement.and_statement.statement;
    expect(paths.or_statement.statement.map((s: any) => s.byte_match_statement.search_string)).toEqual(["/admin", "/internal"]);
  });

  it("adds the anonymous IP list where configured (prod)", () => {
    expect(ruleOf(prod, "anonymous-ip").statement.managed_rule_group_statement.name).toBe("AWSManagedRulesAnonymousIpList");
  });
});

describe("EdgeStack: logging", () => {
  it("logs to an aws-waf-logs- group encrypted with its own key and retained", () => {
    const logGroup = resourceAt(prod, "aws_cloudwatch_log_group", "waf-logging/logs/log-group");
    expect(logGroup.name).toBe("aws-waf-logs-llm-platform-prod");
    expect(logGroup.retention_in_days).toBe(731);
    expect(logGroup.kms_key_id).toContain("aws_kms_key.waf-logging_logs_key_");
    expect(resourceAt(dev, "aws_cloudwatch_log_group", "waf-logging/logs/log-group").retention_in_days).toBe(365);
  });

  it("redacts the authorization and cookie headers, the query string and the configured API-key headers", () => {
    const logging = resourceAt(dev, "aws_wafv2_web_acl_logging_configuration", "waf-logging/configuration");
    expect(logging.redacted_fields).toEqual([
      { single_header: { name: "authorization" } },
      { single_header: { name: "cookie" } },
      { query_string: {} },
      { single_header: { name: "x-api-key" } },
    ]);
    const custom = synthEdge("dev", { edge: { waf: { logs: { redactedHeaders: ["x-api-key", "x-tenant-token"] } } } });
    expect(resourceAt(custom, "aws_wafv2_web_acl_logging_configuration", "waf-logging/configuration").redacted_fields).toContainEqual({
      single_header: { name: "x-tenant-token" },
    });
    expect(logging.resource_arn).toContain("aws_wafv2_web_acl.waf_web-acl");
    expect(logging.log_destination_configs).toEqual([expect.stringContaining("aws_cloudwatch_log_group.waf-logging_logs_log-group")]);
  });

  it("admits only this account's log delivery to the group", () => {
    const [delivery] = policyStatements(dev, "waf-logging/delivery-policy");
    expect(delivery.principals).toEqual([{ type: "Service", identifiers: ["delivery.logs.amazonaws.com"] }]);
    expect(delivery.condition).toContainEqual({
      test: "StringEquals",
      variable: "aws:SourceAccount",
      values: ["111111111111"],
    });
    expect(delivery.resources).toEqual([expect.stringMatching(/aws_cloudwatch_log_group\.waf-logging_logs_log-group_\w+\.arn\}:\*$/)]);
  });
});

describe("EdgeStack: exports", () => {
  it("outputs the ACL ARN for the ingress and exposes it as EdgeExports", () => {
    const stack = new EdgeStack(Testing.app(), { env: configOf("staging") });
    const json = synthStack(stack);
    expect(json.output!.web_acl_arn.value).toMatch(/^\$\{aws_wafv2_web_acl\.waf_web-acl_\w+\.arn\}$/);
    expect(json.output!.web_acl_arn.description).toBeTruthy();
    expect(Object.keys(stack.exports)).toEqual(["webAclArn"]);
    expect(json.terraform.cloud.workspaces.name).toBe("llm-platform-staging-edge");
  });
});
