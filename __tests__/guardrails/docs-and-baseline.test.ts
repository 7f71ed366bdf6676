import { readFileSync } from "fs";
import { join } from "path";
import { MIN_REASON_LENGTH, POLICY_RULES, PolicyRule, SEVERITIES } from "../../src/guardrails";
import { RULE_DOCS_FILE, renderRuleDocs } from "../../src/guardrails/docs";
import { matchingSkip, parseBaseline } from "../../src/guardrails/scan/baseline";

const ROOT = join(__dirname, "..", "..");

describe("the policy rule docs", () => {
  it(`${RULE_DOCS_FILE} is up to date (else run npm run docs:rules)`, () => {
    expect(readFileSync(join(ROOT, RULE_DOCS_FILE), "utf8")).toBe(renderRuleDocs());
  });

  it("every rule has a unique id, a severity, docs and a fix", () => {
    const ids = POLICY_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of POLICY_RULES) {
      expect(rule.id).toMatch(/^[A-Z]{3}\d{3}$|^EC2\d{3}$/);
      expect(SEVERITIES).toContain(rule.severity);
      expect(rule.description.length).toBeGreaterThan(40);
      expect(rule.fix.length).toBeGreaterThan(20);
      expect(rule.resourceTypes.length).toBeGreaterThan(0);
    }
  });

  it("escapes a table cell's pipes and line breaks and lists a rule's stages", () => {
    const rule: PolicyRule = {
      id: "TST001",
      severity: "medium",
      title: "a | b\nc",
      description: "d",
      fix: "f",
      resourceTypes: ["aws_s3_bucket", "aws_sqs_queue"],
      stages: ["staging", "prod"],
      check: () => [],
    };
    expect(renderRuleDocs([rule])).toContain("| [TST001](#tst001) | medium | a \\| b c | staging, prod | `aws_s3_bucket`, `aws_sqs_queue` |");
  });
});

describe("the checkov baseline", () => {
  const committed = JSON.parse(readFileSync(join(ROOT, "checkov-baseline.json"), "utf8"));

  it("has the expected shape: check id, stack, resource and a reason per skip", () => {
    expect(() => parseBaseline(committed)).not.toThrow();
  });

  it("refuses a skip without a reason, with a bad check id or with unknown fields, listing every problem", () => {
    const bad = {
      skips: [
        { check: "CKV_AWS_1", stack: "dev-network", resource: "aws_vpc.x", reason: "" },
        { check: "AWS_1", stack: "dev-network", resource: "aws_vpc.x", reason: "a reason that is long enough" },
        { check: "CKV_AWS_2", stack: "dev-network", resource: "aws_vpc.x", reason: "a reason that is long enough", note: 1 },
      ],
    };
    expect(() => parseBaseline(bad)).toThrow(
      /skips\.0\.reason: must say why[\s\S]*skips\.1\.check: must be a checkov check id[\s\S]*skips\.2: Unrecognized key/,
    );
  });

  it("refuses duplicate skips", () => {
    const skip = { check: "CKV_AWS_1", stack: "dev-network", resource: "aws_vpc.x", reason: "a reason that is long enough" };
    expect(() => parseBaseline({ skips: [skip, skip] })).toThrow(
      new Error("Invalid checkov baseline checkov-baseline.json:\n  - CKV_AWS_1 dev-network aws_vpc.x: listed twice"),
    );
  });

  it("names the file and every problem in full, the top level too", () => {
    expect(() => parseBaseline("skips", "other.json")).toThrow(/^Invalid checkov baseline other.json:\n {2}- \(top level\): /);
    expect(() => parseBaseline({ skips: [{ check: "CKV_AWS_1", stack: "", resource: "aws_vpc.x", reason: "a reason that is long enough" }] })).toThrow(
      new Error("Invalid checkov baseline checkov-baseline.json:\n  - skips.0.stack: must name the stack (or a `*` pattern of stacks)"),
    );
  });

  it("wants a reason of MIN_REASON_LENGTH characters, not counting surrounding spaces", () => {
    const skip = (reason: string) => ({ skips: [{ check: "CKV_AWS_1", stack: "dev-network", resource: "aws_vpc.x", reason }] });
    expect(() => parseBaseline(skip("r".repeat(MIN_REASON_LENGTH)))).not.toThrow();
    expect(() => parseBaseline(skip(` ${"r".repeat(MIN_REASON_LENGTH - 1)} `))).toThrow("skips.0.reason: must say why");
  });

  it("matches failed checks by check id, stack pattern and resource pattern", () => {
    const skips = parseBaseline({
      skips: [{ check: "CKV_AWS_1", stack: "*-network", resource: "data.*key_policy*", reason: "a reason that is long enough" }],
    });
    expect(matchingSkip(skips, { check: "CKV_AWS_1", stack: "prod-network", resource: "data.net_key_policy_1" })).toBeDefined();
    expect(matchingSkip(skips, { check: "CKV_AWS_2", stack: "prod-network", resource: "data.net_key_policy_1" })).toBeUndefined();
    expect(matchingSkip(skips, { check: "CKV_AWS_1", stack: "prod-data", resource: "data.net_key_policy_1" })).toBeUndefined();
    // Apart from `*`, a pattern is literal: the dot in data.* is a dot.
    expect(matchingSkip(skips, { check: "CKV_AWS_1", stack: "prod-network", resource: "dataXnet_key_policy_1" })).toBeUndefined();
  });
});
