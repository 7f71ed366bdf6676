import { DataAwsKmsKey } from "@cdktf/provider-aws/lib/data-aws-kms-key";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { App, TerraformStack } from "cdktf";
import { invokeAspects } from "cdktf/lib/synthesize/synthesizer";
import { Construct } from "constructs";
import { RESERVED_TAG_KEYS } from "../../src/config";
import {
  PolicyFinding,
  PolicyReport,
  PolicyRule,
  PolicySuppression,
  PolicyViolationError,
  applyGuardrails,
  checkGuardrails,
  formatSummary,
  formatViolations,
  problem,
} from "../../src/guardrails";
import { findingsOf, guardedStack } from "../support/guardrails";
import { SynthesizedStack } from "../support/synth";

const REASON = "public website assets, served through CloudFront only";
const suppression = (path: string, appliesTo: PolicySuppression["appliesTo"]): PolicySuppression => ({ path, ruleId: "NET002", appliesTo, reason: REASON });

/** A stack with the guardrails of `stage` and the AWS provider's required default tags, under `scope`. */
function stackUnder(scope: Construct, id: string, options: { rules?: readonly PolicyRule[]; suppressions?: readonly PolicySuppression[] } = {}) {
  const stack = new TerraformStack(scope, id);
  new AwsProvider(stack, "aws", { region: "us-east-1", defaultTags: [{ tags: Object.fromEntries(RESERVED_TAG_KEYS.map((key) => [key, "x"])) }] });
  applyGuardrails(stack, { stage: "dev", requiredTags: RESERVED_TAG_KEYS, ...options });
  return stack;
}

describe("checkGuardrails", () => {
  it("returns the report without throwing when nothing fails, counting every resource and data source it checked", () => {
    const stack = guardedStack("dev");
    new KmsKey(stack, "key", { enableKeyRotation: true });
    new DataAwsKmsKey(stack, "lookup", { keyId: "alias/platform" });
    const report = checkGuardrails(stack.node.root as App);
    expect(report.violations).toEqual([]);
    expect(report.checkedCount).toBe(2);
    expect(formatSummary(report)).toBe("Policy check passed: 2 resources and data sources checked, 0 finding(s) suppressed.");
  });

  it("throws a PolicyViolationError, named so, when a rule fails", () => {
    const stack = guardedStack("dev");
    new S3Bucket(stack, "documents", { bucket: "b" });
    expect(() => checkGuardrails(stack.node.root as App)).toThrow(expect.objectContaining({ name: "PolicyViolationError" }));
    expect(() => checkGuardrails(stack.node.root as App)).toThrow(PolicyViolationError);
  });
});

describe("prevent_destroy on stateful resources", () => {
  const synthesized = (stage: "dev" | "prod") => {
    const stack = guardedStack(stage);
    new S3Bucket(stack, "documents", { bucket: "b" });
    new DataAwsKmsKey(stack, "lookup", { keyId: "alias/platform" });
    findingsOf(stack);
    return stack.toTerraform() as SynthesizedStack;
  };

  it("is set in prod, on resources only (a data source has no lifecycle to protect)", () => {
    const json = synthesized("prod");
    expect(json.resource!.aws_s3_bucket.documents.lifecycle).toEqual({ prevent_destroy: true });
    expect(json.data!.aws_kms_key.lookup.lifecycle).toBeUndefined();
  });

  it("is not set outside prod", () => {
    expect(synthesized("dev").resource!.aws_s3_bucket.documents.lifecycle).toBeUndefined();
  });
});

describe("the policy report", () => {
  const finding = (severity: PolicyFinding["severity"], path: string, ruleId: string, problemText: string): PolicyFinding => ({
    ruleId,
    finding: "f",
    severity,
    path,
    address: `aws_s3_bucket.${path}`,
    problem: problemText,
    fix: "fix it",
  });

  it("orders violations by severity, then construct path, rule id and problem", () => {
    const report = new PolicyReport();
    const expected = [
      finding("critical", "a", "IAM001", "p"),
      finding("critical", "a", "NET002", "p"),
      finding("critical", "b", "NET001", "p"),
      finding("high", "a", "ENC001", "y"),
      finding("high", "a", "ENC001", "z"),
      finding("medium", "a", "LOG001", "p"),
    ];
    for (const index of [5, 4, 2, 1, 3, 0]) report.record(expected[index]);
    expect(report.violations).toEqual(expected);
  });

  it("prints a failed check in full: one entry per violation with its fix and rule link, then how to suppress", () => {
    expect(formatViolations([finding("high", "dev-test/a", "ENC001", "it is not encrypted")])).toBe(
      [
        "Policy check failed: 1 violation(s); nothing was written.",
        "  - [ENC001[f] high] dev-test/a (aws_s3_bucket.dev-test/a): it is not encrypted",
        "      fix: fix it",
        "      rule: docs/policy-rules.md#enc001",
        "If a rule truly does not apply, suppress that finding for that construct path with a reason " +
          "(rule id, appliesTo: the finding id in brackets, reason; POLICY_SUPPRESSIONS in src/guardrails/suppressions.ts, or suppressPolicy()).",
      ].join("\n"),
    );
  });

  it("prints a passed check in full: counts, suppressed findings with their reason, unused suppressions with what they apply to", () => {
    const stack = guardedStack("dev", [
      suppression("dev-test/assets", "all"),
      suppression("dev-test/gone", "all"),
      suppression("dev-test/old", ["first-finding", "second-finding"]),
    ]);
    new S3Bucket(stack, "assets", { bucket: "a" });
    findingsOf(stack);
    const report = PolicyReport.of(stack);
    // The used suppression is not reported unused.
    expect(report.unusedSuppressions.map((s) => s.path)).toEqual(["dev-test/gone", "dev-test/old"]);
    expect(formatSummary(report)).toBe(
      [
        "Policy check passed: 1 resources and data sources checked, 1 finding(s) suppressed.",
        `  - suppressed [NET002[aws_s3_bucket_public_access_block]] dev-test/assets: no aws_s3_bucket_public_access_block blocks all public access to it (reason: ${REASON})`,
        "  - unused suppression [NET002: all findings] dev-test/gone: matches nothing; remove it",
        "  - unused suppression [NET002: first-finding, second-finding] dev-test/old: matches nothing; remove it",
      ].join("\n"),
    );
  });
});

describe("the policy aspect", () => {
  it("declares only the suppressions about its own stack: one for a stack not synthesized is not reported unused", () => {
    const stack = guardedStack("dev", [suppression("prod-test/assets", "all"), suppression("dev-test/gone", "all")]);
    findingsOf(stack);
    expect(PolicyReport.of(stack).unusedSuppressions.map((s) => s.path)).toEqual(["dev-test/gone"]);
  });

  it("finds the stack of a suppression when the stack is nested in a construct", () => {
    const app = new App();
    const stack = stackUnder(new Construct(app, "group"), "dev-test", { suppressions: [suppression("group/dev-test/gone", "all")] });
    findingsOf(stack);
    expect(PolicyReport.of(stack).unusedSuppressions.map((s) => s.path)).toEqual(["group/dev-test/gone"]);
  });

  it("checks when the report is first read, by any of its readers, after every aspect ran: a synth that never reads it pays nothing", () => {
    const readers: Record<string, (report: PolicyReport) => unknown> = {
      violations: (report) => report.violations,
      suppressed: (report) => report.suppressed,
      unusedSuppressions: (report) => report.unusedSuppressions,
      checkedCount: (report) => report.checkedCount,
      toJson: (report) => report.toJson(),
    };
    for (const [reader, read] of Object.entries(readers)) {
      const stack = stackUnder(new App(), "dev-test", { suppressions: [suppression("dev-test/assets", "all")] });
      new S3Bucket(stack, "assets", { bucket: "a" });
      invokeAspects(stack);
      const accepted = () => (stack.toTerraform() as SynthesizedStack).resource!.aws_s3_bucket.assets["//"].policy_suppressions;
      expect({ reader, before: accepted() }).toEqual({ reader, before: undefined });
      read(PolicyReport.of(stack));
      expect({ reader, after: accepted() }).toEqual({ reader, after: [expect.objectContaining({ rule: "NET002" })] });
    }
  });

  it("matches a rule's `<prefix>*` type to types with that prefix only", () => {
    const queues: PolicyRule = {
      id: "TST001",
      severity: "medium",
      title: "test rule",
      description: "fires on every SQS resource",
      fix: "none",
      resourceTypes: ["aws_sqs_*"],
      check: () => [problem("everything", "is an SQS resource")],
    };
    const stack = stackUnder(new App(), "dev-test", { rules: [queues] });
    new SqsQueue(stack, "queue", {});
    new S3Bucket(stack, "bucket", {});
    expect(findingsOf(stack).violations.map((v) => v.path)).toEqual(["dev-test/queue"]);
  });
});
