import { IAspect, TerraformElement, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import type { Stage } from "../config";
import { StackModel, synthesizedElement } from "./model";
import { PolicyFinding, PolicyReport } from "./report";
import { PolicyRule, ruleApplies } from "./rule";
import { POLICY_RULES } from "./rules";
import { POLICY_SUPPRESSIONS, PolicySuppression, accepts, attachedSuppressions, covers, inStack, validateSuppression } from "./suppressions";

export interface PolicyAspectProps {
  readonly stage: Stage;
  /** Tag keys every taggable AWS resource must carry. */
  readonly requiredTags: readonly string[];
  /** Default: `POLICY_RULES`. */
  readonly rules?: readonly PolicyRule[];
  /** Default: `POLICY_SUPPRESSIONS`. */
  readonly suppressions?: readonly PolicySuppression[];
}

/**
 * Runs the rule pack over every resource and data source it visits, in its
 * synthesized form, and records the findings in the app's `PolicyReport`.
 * The checks run when the report is read ({@link PolicyReport.defer}), after
 * every aspect has run: `checkGuardrails` (run by the CLI before anything is
 * written) reads it and decides what fails, and then the synthesized output
 * carries the accepted findings. Visiting never throws.
 */
export class PolicyAspect implements IAspect {
  private readonly rules: readonly PolicyRule[];
  private readonly suppressions: readonly PolicySuppression[];
  private readonly models = new WeakMap<TerraformStack, StackModel>();

  constructor(private readonly props: PolicyAspectProps) {
    this.rules = props.rules ?? POLICY_RULES;
    this.suppressions = props.suppressions ?? POLICY_SUPPRESSIONS;
    const ruleIds = this.rules.map((rule) => rule.id);
    this.suppressions.forEach((suppression) => validateSuppression(suppression, ruleIds));
  }

  visit(node: IConstruct): void {
    const report = PolicyReport.of(node);
    if (TerraformStack.isStack(node)) {
      report.declareSuppressions(this.suppressions.filter((suppression) => inStack(suppression, node)));
      return;
    }
    report.defer(() => this.check(node, report));
  }

  private check(node: IConstruct, report: PolicyReport): void {
    const element = synthesizedElement(node);
    if (!element) return;
    const stack = TerraformStack.of(node);
    let model = this.models.get(stack);
    // Stryker disable next-line ConditionalExpression: a cache; a model rebuilt per element holds the same elements and arguments (no aspect changes what rules read of other elements)
    if (!model) {
      model = StackModel.of(stack);
      this.models.set(stack, model);
    }
    const context = { model, stage: this.props.stage, requiredTags: this.props.requiredTags };
    const ruleIds = this.rules.map((rule) => rule.id);
    const attached = attachedSuppressions(node);
    attached.forEach((suppression) => validateSuppression(suppression, ruleIds));
    report.declareSuppressions(attached);
    report.markChecked(element.path);
    const suppressed: PolicyFinding[] = [];
    for (const rule of this.rules) {
      if (!ruleApplies(rule, element, this.props.stage)) continue;
      for (const { finding, message } of rule.check(element, context)) {
        const suppression = [...attached, ...this.suppressions].find(
          (candidate) => candidate.ruleId === rule.id && covers(candidate, element.path) && accepts(candidate, finding),
        );
        const recorded: PolicyFinding = {
          ruleId: rule.id,
          finding,
          severity: rule.severity,
          path: element.path,
          address: element.address,
          problem: message,
          fix: rule.fix,
          ...(suppression ? { suppression } : {}),
        };
        report.record(recorded);
        if (suppression) suppressed.push(recorded);
      }
    }
    if (suppressed.length > 0) recordInOutput(element.construct, suppressed);
  }
}

/**
 * Writes the findings a suppression accepted on a resource into its `//`
 * metadata in cdk.tf.json (Terraform ignores `//`), so the output says what
 * was accepted and why. Replaces, never appends: the aspect runs twice.
 */
function recordInOutput(construct: TerraformElement, suppressed: readonly PolicyFinding[]): void {
  construct.addOverride(
    "//.policy_suppressions",
    suppressed.map((finding) => ({ rule: finding.ruleId, finding: finding.finding, reason: finding.suppression!.reason })),
  );
}
