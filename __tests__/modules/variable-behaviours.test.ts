import { join } from "path";
import { MODULES_DIR, moduleNames, parseFolder } from "../support/modules";

/**
 * What a module user relies on in the generated variables, asserted as behaviour rather than
 * as text: each validation is evaluated on values at and just past its bounds, and every
 * default passes the module's own validations. The generated-modules snapshot test would turn
 * green again after a regenerate-and-commit; these would not.
 */

interface Variable {
  readonly default?: unknown;
  readonly validation?: { condition: string; error_message: string }[];
}
type Values = Record<string, unknown>;

const variablesOf = async (module: string): Promise<Record<string, Variable>> => {
  const parsed = await parseFolder(join(MODULES_DIR, module));
  return Object.fromEntries(Object.entries(parsed.variable ?? {}).map(([name, [body]]: [string, any]) => [name, body]));
};

/** The Terraform expression `${...}` hcl2json gives, without its wrapper. */
const expression = (condition: string) => condition.replace(/^\$\{([\s\S]*)\}$/, "$1");

/**
 * Evaluates a validation written in the arithmetic subset of Terraform (comparisons, `&&`,
 * `||`, `?:`, `floor`, `length`, `var.x`, `var.x.y`), or returns undefined for anything else
 * (`contains`, `regex`, `for` expressions, ...), which `terraform test` covers.
 */
function evaluate(condition: string, values: Values): boolean | undefined {
  let js = expression(condition);
  if (!/^[\w\s.()&|<>=!?:"-]+$/.test(js) || /\b(contains|regex|can|try|alltrue|anytrue|for|in|keys|distinct|cidrsubnet|split|tonumber|lookup)\b/.test(js)) {
    return undefined;
  }
  js = js
    .replace(/\bfloor\(/g, "Math.floor(")
    .replace(/\blength\(/g, "len(")
    .replace(/\bvar\.([a-z_]+)/g, (_match, name: string) => `values[${JSON.stringify(name)}]`);
  const len = (value: unknown) => (typeof value === "string" || Array.isArray(value) ? value.length : Object.keys(value as object).length);
  return Boolean(new Function("values", "len", `return (${js});`)(values, len));
}

/** Whether every evaluable validation of `name` accepts the value (other variables from `others`). */
function accepted(variables: Record<string, Variable>, name: string, value: unknown, others: Values = {}): boolean {
  const values = { ...defaults(variables), ...others, [name]: value };
  const results = (variables[name].validation ?? []).map((rule) => evaluate(rule.condition, values)).filter((r) => r !== undefined);
  if (results.length === 0) throw new Error(`no evaluable validation on ${name}`);
  return results.every(Boolean);
}

const defaults = (variables: Record<string, Variable>): Values =>
  Object.fromEntries(Object.entries(variables).filter(([, body]) => "default" in body).map(([name, body]) => [name, body.default]));

describe("module variables", () => {
  let modules: Record<string, Record<string, Variable>>;
  beforeAll(async () => {
    modules = Object.fromEntries(await Promise.all(moduleNames().map(async (name) => [name, await variablesOf(name)] as const)));
  });

  it("have defaults that pass their own module's validations", () => {
    const failing: string[] = [];
    let evaluated = 0;
    for (const [module, variables] of Object.entries(modules)) {
      const values = defaults(variables);
      for (const [name, body] of Object.entries(variables)) {
        if (!("default" in body) || body.default === null) continue;
        for (const rule of body.validation ?? []) {
          const references = [...expression(rule.condition).matchAll(/\bvar\.([a-z_]+)/g)].map((match) => match[1]);
          if (!references.every((reference) => reference in values)) continue;
          const result = evaluate(rule.condition, values);
          if (result === undefined) continue;
          evaluated += 1;
          if (!result) failing.push(`${module}: ${name} = ${JSON.stringify(body.default)} fails ${rule.condition}`);
        }
      }
    }
    expect(failing).toEqual([]);
    // A floor, so a parser that stops understanding the conditions cannot pass by evaluating none.
    expect(evaluated).toBeGreaterThanOrEqual(20);
  });

  it("keep the safe defaults users rely on", () => {
    expect(modules["dynamodb-table"].deletion_protection.default).toBe(true);
    expect(modules["eks-cluster"].deletion_protection.default).toBe(true);
    expect(modules.postgres.deletion_protection.default).toBe(true);
    expect(modules["eks-node-group"].metadata_hop_limit.default).toBe(1);
    expect(modules.postgres.backup_retention_days.default).toBeGreaterThanOrEqual(7);
  });

  describe("eks-node-group sizes", () => {
    const sizes = (min: number, desired: number, max: number) =>
      accepted(modules["eks-node-group"], "desired_size", desired, { min_size: min, max_size: max }) &&
      accepted(modules["eks-node-group"], "min_size", min, { desired_size: desired, max_size: max }) &&
      accepted(modules["eks-node-group"], "max_size", max, { min_size: min, desired_size: desired });

    it("accept min <= desired <= max, equal bounds included", () => {
      expect(sizes(1, 2, 3)).toBe(true);
      expect(sizes(2, 2, 2)).toBe(true);
      expect(sizes(0, 0, 1)).toBe(true);
    });
    it("refuse desired outside [min, max], in either direction", () => {
      expect(sizes(2, 1, 3)).toBe(false);
      expect(sizes(1, 4, 3)).toBe(false);
      expect(sizes(3, 3, 2)).toBe(false);
    });
    it("refuse negative, fractional and too large sizes", () => {
      expect(accepted(modules["eks-node-group"], "min_size", -1, { desired_size: 1, max_size: 1 })).toBe(false);
      expect(accepted(modules["eks-node-group"], "min_size", 0.5, { desired_size: 1, max_size: 1 })).toBe(false);
      expect(accepted(modules["eks-node-group"], "max_size", 1001, { min_size: 1, desired_size: 1 })).toBe(false);
      expect(accepted(modules["eks-node-group"], "max_size", 1000, { min_size: 1, desired_size: 1 })).toBe(true);
    });
  });

  it.each([
    ["cache", "replicas", 0, 5],
    ["cache", "port", 1024, 65535],
    ["cache", "snapshot_retention_days", 0, 35],
  ])("%s.%s accepts %s to %s and nothing past either end", (module, name, min, max) => {
    const variables = () => modules[module];
    expect(accepted(variables(), name, min)).toBe(true);
    expect(accepted(variables(), name, max)).toBe(true);
    expect(accepted(variables(), name, min - 1)).toBe(false);
    expect(accepted(variables(), name, max + 1)).toBe(false);
  });

  it.each([
    ["cache", "name_prefix", 34],
    ["eks-cluster", "name_prefix", 40],
    ["eks-node-group", "name", 63],
  ])("%s.%s takes at most %s characters", (module, name, max) => {
    expect(accepted(modules[module], name, "a".repeat(max))).toBe(true);
    expect(accepted(modules[module], name, "a".repeat(max + 1))).toBe(false);
  });

  it("dynamodb-table: provisioned capacity of at least 1 each way, autoscaling target from 20 to 90 percent", () => {
    const table = () => modules["dynamodb-table"];
    const provisioned = { billing_mode: "PROVISIONED" };
    expect(accepted(table(), "capacity", { read: 1, write: 1 }, provisioned)).toBe(true);
    expect(accepted(table(), "capacity", { read: 0, write: 1 }, provisioned)).toBe(false);
    expect(accepted(table(), "capacity", { read: 1, write: 0 }, provisioned)).toBe(false);
    const target = (percent: number) => ({ read: { min: 1, max: 2 }, write: { min: 1, max: 2 }, target_utilization_percent: percent });
    const withAutoscaling = (percent: number) =>
      (table().autoscaling.validation ?? [])
        .map((rule) => evaluate(rule.condition, { ...defaults(table()), ...provisioned, autoscaling: target(percent) }))
        .filter((result) => result !== undefined);
    expect(withAutoscaling(20).every(Boolean)).toBe(true);
    expect(withAutoscaling(90).every(Boolean)).toBe(true);
    expect(withAutoscaling(19).every(Boolean)).toBe(false);
    expect(withAutoscaling(91).every(Boolean)).toBe(false);
  });
});
