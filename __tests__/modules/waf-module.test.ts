import { parse } from "@cdktf/hcl2json";
import { readFileSync } from "fs";
import { join } from "path";
import { RATE_LIMIT_WINDOWS } from "../../src/config/schema/edge";
import { generateModule } from "../../src/modules/generate";
import { moduleDefinitions } from "../../src/modules/registry";
import { MODULES_DIR } from "../support/modules";
import { HEAVY_HOOK_TIMEOUT_MS } from "../support/timeouts";

describe("the waf module", () => {
  let resource: Record<string, Record<string, any>>;
  let variable: Record<string, any>;
  beforeAll(async () => {
    const module = await generateModule(moduleDefinitions().find((d) => d.name === "waf")!);
    resource = (module.sources["main.tf"] as any).resource;
    variable = (module.sources["variables.tf"] as any).variable;
  }, HEAVY_HOOK_TIMEOUT_MS);
  const acl = () => resource.aws_wafv2_web_acl.web_acl;

  it("keeps the always-on rules inline with their fixed priorities, snake_case statements included", () => {
    expect(acl().rule.map((rule: any) => [rule.name, rule.priority])).toEqual([
      ["rate-limit", 10],
      ["ip-reputation", 20],
      ["common-rule-set", 40],
      ["known-bad-inputs", 50],
      ["sql-injection", 60],
    ]);
    expect(acl().rule[0].statement.rate_based_statement).toEqual({
      limit: "${var.rate_limit}",
      aggregate_key_type: "IP",
      evaluation_window_sec: "${var.rate_limit_window_seconds}",
    });
    expect(acl().rule[1].visibility_config).toEqual({ cloudwatch_metrics_enabled: true, metric_name: "${var.name}-ip-reputation", sampled_requests_enabled: true });
  });

  it("makes the optional rules dynamic blocks on their inputs, and the IP set exist only with an allow-list", () => {
    const [admin, perKey, anonymous, bodyAnyPath, bodyOutsidePaths] = acl().dynamic.rule;
    expect(admin.for_each).toBe('${(var.admin_allow_list != null) ? ["on"] : []}');
    expect(perKey.for_each).toBe('${(var.rate_limit_per_key != null) ? ["on"] : []}');
    expect(perKey.content.statement.rate_based_statement).toMatchObject({
      aggregate_key_type: "CUSTOM_KEYS",
      limit: "${var.rate_limit_per_key.requests}",
      custom_key: [{ header: { name: "${var.rate_limit_per_key.header}" } }],
    });
    expect(bodyAnyPath.for_each).toBe('${!(length(var.large_body_path_prefixes) >= 1) ? ["on"] : []}');
    expect(bodyAnyPath.content.statement).toEqual({
      label_match_statement: { scope: "LABEL", key: "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body" },
    });
    expect(bodyOutsidePaths.for_each).toBe('${(length(var.large_body_path_prefixes) >= 1) ? ["on"] : []}');
    expect(bodyOutsidePaths.content.statement.and_statement.statement[1].not_statement.dynamic.statement[0].for_each).toBe(
      "${(length(var.large_body_path_prefixes) == 1) ? var.large_body_path_prefixes : []}",
    );
    expect(admin.content).toMatchObject({ name: "admin-allow-list", priority: 0, action: { block: {} } });
    expect(anonymous.for_each).toBe('${var.block_anonymous_ips ? ["on"] : []}');
    expect(anonymous.content.statement.managed_rule_group_statement.name).toBe("AWSManagedRulesAnonymousIpList");
    expect(resource.aws_wafv2_ip_set.admin_ip_set.count).toBe("${(var.admin_allow_list != null) ? 1 : 0}");
    expect(resource.aws_wafv2_ip_set.admin_ip_set.addresses).toBe("${var.admin_allow_list.cidrs}");
  });

  it("matches admin paths like the stacks: one byte match for one prefix, an OR over them for more, outside the IP set", () => {
    const and = acl().dynamic.rule[0].content.statement.and_statement;
    expect(and.statement).toEqual([
      { not_statement: { statement: { ip_set_reference_statement: { arn: "${aws_wafv2_ip_set.admin_ip_set[0].arn}" } } } },
    ]);
    const [single, many] = and.dynamic.statement;
    expect(single.for_each).toBe("${(length(var.admin_allow_list.path_prefixes) == 1) ? var.admin_allow_list.path_prefixes : []}");
    expect(single.content.byte_match_statement).toMatchObject({ search_string: "${lower(prefix.value)}", positional_constraint: "STARTS_WITH" });
    expect(many.for_each).toBe('${(length(var.admin_allow_list.path_prefixes) > 1) ? ["any"] : []}');
    expect(many.content.or_statement.dynamic.statement[0].for_each).toBe("${var.admin_allow_list.path_prefixes}");
  });

  it("renders every statement as nested blocks, never `statement = {`", async () => {
    const hcl = readFileSync(join(MODULES_DIR, "waf", "main.tf"), "utf8");
    expect(hcl).not.toMatch(/statement\s*=/);
    const parsed = (await parse("main.tf", hcl)) as any;
    expect(parsed.resource.aws_wafv2_web_acl.web_acl[0].dynamic.rule).toHaveLength(5);
  });

  it("logs to a CMK-encrypted group named for WAF, credentials redacted, and validates like the edge schema", () => {
    expect(resource.aws_cloudwatch_log_group.logging_logs_log_group).toMatchObject({
      name: "aws-waf-logs-${var.name}",
      kms_key_id: "${aws_kms_key.logging_logs_key_key.arn}",
      retention_in_days: "${var.log_retention_days}",
    });
    const logging = resource.aws_wafv2_web_acl_logging_configuration.logging_configuration;
    expect(logging.redacted_fields).toEqual([
      { single_header: { name: "authorization" } },
      { single_header: { name: "cookie" } },
      { query_string: {} },
    ]);
    expect(logging.dynamic.redacted_fields).toMatchObject({ for_each: "${var.redacted_headers}", content: { single_header: { name: "${header.value}" } } });
    const conditions = (name: string) => variable[name].validation.map((rule: any) => rule.condition).join("\n");
    expect(conditions("rate_limit_window_seconds")).toContain(`[${RATE_LIMIT_WINDOWS.join(", ")}]`);
    expect(conditions("rate_limit")).toContain("var.rate_limit >= 10");
    expect(conditions("admin_allow_list")).toContain("cidrsubnet(cidr, 0, 0) == cidr");
  });
});
