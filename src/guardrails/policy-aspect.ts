import { IAspect, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import type { Stage } from "../config";
import { StackModel, synthesizedElement } from "./model";
import { PolicyReport } from "./report";
import { PolicyRule, ruleApplies } from "./rule";
import { POLICY_RULES } from "./rules";
import {
  POLICY_SUPPRESSIONS,
  PolicySuppression,
  attachedSuppressions,
  covers,
  inStack,
  validateSuppression,
} from "./suppressions";

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
 * It never throws: `checkGuardrails` (run by the CLI before anything is
 * written) decides what fails.
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
    const element = synthesizedElement(node);
    if (!element) return;
    const stack = TerraformStack.of(node);
    let model = this.models.get(stack);
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
    for (const rule of this.rules) {
      if (!ruleApplies(rule, element, this.props.stage)) continue;
      for (const problem of rule.check(element, context)) {
        const suppression = [...attached, ...this.suppressions].find(
          (candidate) => candidate.ruleId === rule.id && covers(candidate, element.path),
        );
        report.record({
          ruleId: rule.id,
          severity: rule.severity,
          path: element.path,
          address: element.address,
          problem,
          fix: rule.fix,
          ...(suppression ? { suppression } : {}),
        });
      }
    }
  }
}
