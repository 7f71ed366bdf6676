import type { Stage } from "../config";
import { StackModel, SynthesizedElement } from "./model";

/** How bad a violation is; every severity fails the synth unless suppressed. Orders the report. */
export const SEVERITIES = ["critical", "high", "medium"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What a rule knows about the stack the resource is in. */
export interface RuleContext {
  readonly model: StackModel;
  /** Stage of the environment the stack belongs to. */
  readonly stage: Stage;
  /** Tag keys every taggable AWS resource must end up with (own tags or the provider's default_tags). */
  readonly requiredTags: readonly string[];
}

/** One thing a rule finds wrong with a resource. */
export interface Problem {
  /**
   * What it is about, stable within the rule so a suppression can name it in
   * `appliesTo`: the argument (`vpc_config.endpoint_public_access`), the action
   * (`Action::s3:*`), the ingress (`0.0.0.0/0:22`). Reports print `RULE[finding]`.
   */
  readonly finding: string;
  /** One sentence: what is wrong. */
  readonly message: string;
}

export function problem(finding: string, message: string): Problem {
  return { finding, message };
}

/**
 * One guardrail: checks resources of the listed types in their synthesized
 * form. `check` returns what is wrong, or nothing.
 */
export interface PolicyRule {
  /** Stable id, used in suppressions and baselines: never reuse or renumber. */
  readonly id: string;
  readonly severity: Severity;
  /** One line: what must hold. */
  readonly title: string;
  /** Why, and what exactly is checked (the generated rule table shows it). */
  readonly description: string;
  /** How to fix a violation, shown with every violation. */
  readonly fix: string;
  /** Terraform types checked (resources, or `data.<type>` for data sources); a trailing `*` matches a prefix. */
  readonly resourceTypes: readonly string[];
  /** Stages the rule applies in. Default: every stage. */
  readonly stages?: readonly Stage[];
  check(element: SynthesizedElement, context: RuleContext): Problem[];
}

/** The key a rule's `resourceTypes` lists an element under. */
export function typeKey(element: Pick<SynthesizedElement, "kind" | "type">): string {
  return element.kind === "data" ? `data.${element.type}` : element.type;
}

/** Whether `rule` looks at `element` in a stack of `stage`. */
export function ruleApplies(rule: PolicyRule, element: SynthesizedElement, stage: Stage): boolean {
  const key = typeKey(element);
  const matches = rule.resourceTypes.some((type) => (type.endsWith("*") ? key.startsWith(type.slice(0, -1)) : type === key));
  return matches && (rule.stages ?? [stage]).includes(stage);
}
