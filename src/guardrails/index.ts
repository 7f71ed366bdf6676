import { App, Aspects, TerraformStack } from "cdktf";
import { invokeAspects } from "cdktf/lib/synthesize/synthesizer";
import { UserInputError, type Stage } from "../config";
import { PolicyAspect, PolicyAspectProps } from "./policy-aspect";
import { PolicyReport, formatViolations } from "./report";
import { PreventDestroyAspect } from "./stateful";

export * from "./model";
export * from "./policy-aspect";
export * from "./report";
export * from "./rule";
export * from "./rules";
export * from "./stateful";
export * from "./suppressions";

export interface GuardrailOptions extends Omit<PolicyAspectProps, "stage"> {
  readonly stage: Stage;
}

/**
 * Adds the guardrails to a stack: in prod, `prevent_destroy` on stateful
 * resources, then the policy rules (which see that lifecycle). `LayerStack`
 * calls this for every layer.
 */
export function applyGuardrails(stack: TerraformStack, options: GuardrailOptions): void {
  if (options.stage === "prod") Aspects.of(stack).add(new PreventDestroyAspect());
  Aspects.of(stack).add(new PolicyAspect(options));
}

/** Raised when policy rules fail: printed as is, without a stack trace. */
export class PolicyViolationError extends UserInputError {
  constructor(readonly report: PolicyReport) {
    super(formatViolations(report.violations));
    this.name = "PolicyViolationError";
  }
}

/**
 * What `app.synth()` does before it renders anything: prepares every stack (the backend, the
 * cross-stack outputs and reads), then runs every stack's aspects. Nothing is written; running
 * it again, or `app.synth()` after it, is harmless: the aspects are idempotent.
 */
export function prepareApp(app: App): void {
  const stacks = app.node.findAll().filter(TerraformStack.isStack);
  // Stryker disable next-line ArrowFunction: as in app.synth(); it adds the backend and the cross-stack outputs and remote-state blocks, none of which a rule checks (a cross-stack key reference reads the same to ENC001 without it)
  stacks.forEach((stack) => stack.prepareStack());
  stacks.forEach((stack) => invokeAspects(stack));
}

/**
 * The policy report of an app whose aspects ran ({@link prepareApp}). Throws
 * `PolicyViolationError` when an unsuppressed rule fails.
 */
export function checkPreparedGuardrails(app: App): PolicyReport {
  const report = PolicyReport.of(app);
  if (report.violations.length > 0) throw new PolicyViolationError(report);
  return report;
}

/**
 * Runs every stack's aspects the way `app.synth()` does ({@link prepareApp}), without
 * writing anything, and returns the report. Throws `PolicyViolationError` when an
 * unsuppressed rule fails.
 */
export function checkGuardrails(app: App): PolicyReport {
  prepareApp(app);
  return checkPreparedGuardrails(app);
}
