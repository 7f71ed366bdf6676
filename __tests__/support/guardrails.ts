import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, TerraformStack } from "cdktf";
import { RESERVED_TAG_KEYS, type Stage } from "../../src/config";
import { PolicyFinding, PolicyReport, PolicySuppression, PolicyViolationError, applyGuardrails, checkGuardrails } from "../../src/guardrails";

export const ACCOUNT = "123456789012";

/** A bare stack with the guardrails of `stage` and an AWS provider that sets the required tags. */
export function guardedStack(stage: Stage = "prod", suppressions: readonly PolicySuppression[] = []): TerraformStack {
  const stack = new TerraformStack(new App(), `${stage}-test`);
  new AwsProvider(stack, "aws", {
    region: "us-east-1",
    defaultTags: [{ tags: Object.fromEntries(RESERVED_TAG_KEYS.map((key) => [key, "x"])) }],
  });
  applyGuardrails(stack, { stage, requiredTags: RESERVED_TAG_KEYS, suppressions });
  return stack;
}

/** Runs the aspects and returns every finding (violations and suppressed) without throwing. */
export function findingsOf(stack: TerraformStack): { violations: PolicyFinding[]; suppressed: PolicyFinding[] } {
  try {
    checkGuardrails(stack.node.root as App);
  } catch (error) {
    if (!(error instanceof PolicyViolationError)) throw error; // the report below has the details
  }
  const report = PolicyReport.of(stack);
  return { violations: report.violations, suppressed: report.suppressed };
}

/** Violations of one rule, as `<path relative to the stack>: <problem>`. */
export function violationsOf(stack: TerraformStack, ruleId: string): string[] {
  return findingsOf(stack)
    .violations.filter((finding) => finding.ruleId === ruleId)
    .map((finding) => `${finding.path.slice(stack.node.path.length + 1)}: ${finding.problem}`);
}
