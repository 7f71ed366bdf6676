import { IConstruct } from "constructs";
import { UserInputError } from "../config";

/**
 * An accepted violation: rule `ruleId`'s findings listed in `appliesTo` do not
 * apply to the construct at `path` and everything under it, for the reason
 * given. Every suppression is listed in the policy report of each synth and in
 * the `//` metadata of the resources it accepts findings on.
 */
export interface PolicySuppression {
  /**
   * Construct path from the app root, e.g. `prod-data/buckets/documents`.
   * `*` matches any characters within one path segment: `*-data/buckets/documents`
   * covers every environment.
   */
  readonly path: string;
  readonly ruleId: string;
  /**
   * The findings it accepts, by the rule's finding ids (`vpc_config.endpoint_public_access`,
   * `Action::s3:*`, `0.0.0.0/0:443`; exact), or `"all"` for every finding of the rule there.
   * A later problem of the same rule with another finding id still fails.
   */
  readonly appliesTo: readonly string[] | "all";
  /** Why the rule does not apply here: at least a sentence someone reviewing it can judge. */
  readonly reason: string;
}

/** Shortest reason accepted; "n/a" or "legacy" explain nothing. */
export const MIN_REASON_LENGTH = 20;

/**
 * The project's suppressions, one place to review them. Add an entry per
 * construct path and rule, with the reason; `suppressPolicy()` does the same
 * from inside a construct.
 */
export const POLICY_SUPPRESSIONS: readonly PolicySuppression[] = [];

const attached = new WeakMap<IConstruct, PolicySuppression[]>();

/** Throws when a suppression lacks a known rule id or a real reason. */
export function validateSuppression(suppression: PolicySuppression, knownRuleIds: readonly string[]): void {
  const where = `policy suppression of ${suppression.ruleId || "(no rule id)"} at ${suppression.path || "(no path)"}`;
  if (!knownRuleIds.includes(suppression.ruleId)) {
    throw new UserInputError(`${where}: unknown rule id; known rules: ${knownRuleIds.join(", ")}`);
  }
  if (!suppression.path) throw new UserInputError(`${where}: needs the construct path it applies to`);
  const { appliesTo } = suppression;
  const listed = Array.isArray(appliesTo) && appliesTo.length > 0 && appliesTo.every((id) => typeof id === "string" && id !== "");
  if (appliesTo !== "all" && !listed) {
    throw new UserInputError(`${where}: appliesTo must list the finding ids it accepts, or be "all" for every finding of the rule`);
  }
  // Stryker disable next-line StringLiteral: a missing reason counts as empty; any replacement text shorter than MIN_REASON_LENGTH fails the same way
  if ((suppression.reason ?? "").trim().length < MIN_REASON_LENGTH) {
    throw new UserInputError(`${where}: needs a reason of at least ${MIN_REASON_LENGTH} characters saying why the rule does not apply`);
  }
}

/** Suppresses the `appliesTo` findings of `ruleId` for `scope` and everything under it; the reason is mandatory. */
export function suppressPolicy(scope: IConstruct, ruleId: string, reason: string, appliesTo: PolicySuppression["appliesTo"]): void {
  const list = attached.get(scope) ?? [];
  list.push({ path: scope.node.path, ruleId, appliesTo, reason });
  attached.set(scope, list);
}

/** Suppressions attached with `suppressPolicy` to `node` or any of its scopes. */
export function attachedSuppressions(node: IConstruct): PolicySuppression[] {
  return node.node.scopes.flatMap((scope) => attached.get(scope) ?? []);
}

/** Whether `suppression` covers the construct at `path`. */
export function covers(suppression: PolicySuppression, path: string): boolean {
  const pattern = suppression.path
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join("[^/]*");
  return new RegExp(`^${pattern}(/.*)?$`).test(path);
}

/** Whether `suppression` accepts finding `finding` of its rule. */
export function accepts(suppression: PolicySuppression, finding: string): boolean {
  return suppression.appliesTo === "all" || suppression.appliesTo.includes(finding);
}

/** `NET003[vpc_config.endpoint_public_access]`: how reports name a rule's finding. */
export function findingLabel(ruleId: string, finding: string): string {
  return `${ruleId}[${finding}]`;
}

/** Whether `suppression` is about something in `stack` (its path starts with the stack's path). */
export function inStack(suppression: PolicySuppression, stack: IConstruct): boolean {
  const depth = stack.node.path.split("/").length;
  return covers({ ...suppression, path: suppression.path.split("/").slice(0, depth).join("/") }, stack.node.path);
}
