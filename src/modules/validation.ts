import { Rejection, VariableRule } from "./definition";

/**
 * Validation rules for module variables that mirror the TypeScript schema
 * (src/config/schema). They take the schema's own constants, so an allowed value
 * added there reaches the module on the next `npm run modules`.
 */
const hclList = (values: readonly (string | number)[]) =>
  `[${values.map((value) => (typeof value === "number" ? String(value) : JSON.stringify(value))).join(", ")}]`;

const listing = (values: readonly (string | number)[]) => values.join(", ");

/** A value outside `values`: a string no list here holds, or the smallest positive whole number not in it. */
function outside(values: readonly (string | number)[]): string {
  if (values.every((value) => typeof value === "number")) {
    let candidate = 1;
    while (values.includes(candidate)) candidate += 1;
    return String(candidate);
  }
  return JSON.stringify("not-an-allowed-value");
}

/** `rule` with the value its generated test expects it to refuse. */
export function rejecting(rule: VariableRule, rejects: Rejection): VariableRule {
  return { ...rule, rejects };
}

export function oneOf(variable: string, values: readonly (string | number)[]): VariableRule {
  return {
    condition: `contains(${hclList(values)}, var.${variable})`,
    errorMessage: `${variable} must be one of: ${listing(values)}.`,
    rejects: outside(values),
  };
}

/** `null` (not set) or one of `values`. */
export function optionalOneOf(variable: string, values: readonly (string | number)[]): VariableRule {
  return {
    condition: `var.${variable} == null ? true : contains(${hclList(values)}, var.${variable})`,
    errorMessage: `${variable} must be null or one of: ${listing(values)}.`,
    rejects: outside(values),
  };
}

export function eachOneOf(variable: string, values: readonly string[]): VariableRule {
  return {
    condition: `alltrue([for value in var.${variable} : contains(${hclList(values)}, value)])`,
    errorMessage: `Every entry of ${variable} must be one of: ${listing(values)}.`,
    rejects: `[${outside(values)}]`,
  };
}

/** `duplicate`: a list of allowed entries with one twice, for the generated test. */
export function unique(variable: string, what: string, duplicate: string): VariableRule {
  return {
    condition: `length(distinct(var.${variable})) == length(var.${variable})`,
    errorMessage: `Each ${what} in ${variable} must be unique.`,
    rejects: duplicate,
  };
}

export function minItems(variable: string, min: number, why: string): VariableRule {
  return { condition: `length(var.${variable}) >= ${min}`, errorMessage: `${variable} needs at least ${min} entries: ${why}.`, rejects: "[]" };
}

export function pattern(variable: string, regex: string, what: string): VariableRule {
  return { condition: `can(regex(${JSON.stringify(regex)}, var.${variable}))`, errorMessage: `${variable} must be ${what}.`, rejects: '"Not valid!"' };
}

export function eachPattern(variable: string, regex: string, what: string): VariableRule {
  return {
    condition: `alltrue([for value in var.${variable} : can(regex(${JSON.stringify(regex)}, value))])`,
    errorMessage: `Every entry of ${variable} must be ${what}.`,
    rejects: '["Not valid!"]',
  };
}

export function maxLength(variable: string, max: number): VariableRule {
  return {
    condition: `length(var.${variable}) <= ${max}`,
    errorMessage: `${variable} must be at most ${max} characters.`,
    rejects: JSON.stringify("a".repeat(max + 1)),
  };
}

/**
 * An IPv4 CIDR block with no host bits set and a prefix length in [min, max],
 * the same test as `ipv4Cidr` in src/config/schema/primitives.ts. Wrapped in
 * `try` because Terraform evaluates every operand of `&&`.
 */
export function ipv4Cidr(variable: string, min: number, max: number): VariableRule {
  const value = `var.${variable}`;
  const prefix = `tonumber(split("/", ${value})[1])`;
  return {
    condition:
      `try(can(regex("^[0-9]+\\\\.[0-9]+\\\\.[0-9]+\\\\.[0-9]+/[0-9]+$", ${value})) && ` +
      `cidrsubnet(${value}, 0, 0) == ${value} && ${prefix} >= ${min} && ${prefix} <= ${max}, false)`,
    errorMessage:
      `${variable} must be an IPv4 CIDR block a.b.c.d/n with no host bits set and a prefix length from /${min} to /${max}.`,
    rejects: JSON.stringify(`10.0.0.1/${max}`),
  };
}

/** A whole number in [min, max], like `z.number().int().min(min).max(max)`. */
export function wholeNumber(variable: string, min: number, max: number): VariableRule {
  return {
    condition: `var.${variable} >= ${min} && var.${variable} <= ${max} && floor(var.${variable}) == var.${variable}`,
    errorMessage: `${variable} must be a whole number from ${min} to ${max}.`,
    rejects: String(max + 1),
  };
}

/** `hh:mm-hh:mm` (UTC), like `dailyWindow` in src/config/schema/data/common.ts. */
export const dailyWindow = (variable: string) =>
  pattern(variable, "^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$", "a daily UTC window hh:mm-hh:mm, e.g. 03:00-04:00");

/** `ddd:hh:mm-ddd:hh:mm` (UTC), like `weeklyWindow` in src/config/schema/data/common.ts. */
export const weeklyWindow = (variable: string) =>
  pattern(
    variable,
    "^(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):[0-5][0-9]-(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):[0-5][0-9]$",
    "a weekly UTC window ddd:hh:mm-ddd:hh:mm, e.g. sun:04:30-sun:05:30",
  );

/** A resource name prefix: lower-case letters, digits and hyphens, starting with a letter, at most `max` characters. */
export const namePrefix = (variable: string, max: number): VariableRule[] => [
  pattern(variable, "^[a-z][a-z0-9-]*[a-z0-9]$", "lower-case letters, digits and hyphens, starting with a letter"),
  maxLength(variable, max),
];

/** `<prefix><family>.<size><suffix>` with an allowed family, like `instanceType` in src/config/schema/data/common.ts. */
export function instanceType(variable: string, prefix: string, families: readonly string[], suffix = ""): VariableRule {
  const escape = (text: string) => text.replace(/\./g, "\\\\.");
  return {
    condition: `can(regex("^${escape(prefix)}(${families.join("|")})\\\\.[a-z0-9]+${escape(suffix)}$", var.${variable}))`,
    errorMessage: `${variable} must be like ${prefix}${families[0]}.large${suffix}; allowed families: ${families.join(", ")}.`,
    rejects: JSON.stringify(`${prefix}x1.large${suffix}`),
  };
}

export const vpcId = (variable: string) => pattern(variable, "^vpc-[0-9a-f]+$", "a VPC id like vpc-0123abcd");
export const subnetIds = (variable: string, min: number, why: string) => [
  minItems(variable, min, why),
  eachPattern(variable, "^subnet-[0-9a-f]+$", "a subnet id like subnet-0123abcd"),
];

/** `rule` for a nullable input: `null` (not set) passes. */
export function optional(variable: string, rule: VariableRule): VariableRule {
  return { ...rule, condition: `var.${variable} == null ? true : ${rule.condition}` };
}

/**
 * Which other variables each variable's validations read (`var.<name>`), by variable.
 * Terraform (1.9 and later) allows that, but evaluates a variable's validations
 * before anything reads the variable: a validation that reads a variable whose
 * own validations read back makes `Error: Cycle` and the module unusable.
 */
export function validationReferences(variables: Readonly<Record<string, { readonly validation?: readonly VariableRule[] }>>): Map<string, string[]> {
  const references = new Map<string, string[]>();
  for (const [name, variable] of Object.entries(variables)) {
    const read = new Set<string>();
    for (const rule of variable.validation ?? []) {
      for (const match of rule.condition.matchAll(/\bvar\.([A-Za-z_][A-Za-z0-9_-]*)/g)) if (match[1] !== name) read.add(match[1]);
    }
    references.set(name, [...read].sort());
  }
  return references;
}

/**
 * Problems with the variables' cross-references: a read of a variable that does not
 * exist, or a cycle (`a -> b -> a`), each as one sentence. Empty when there is none.
 */
export function validationProblems(variables: Readonly<Record<string, { readonly validation?: readonly VariableRule[] }>>): string[] {
  const references = validationReferences(variables);
  const problems: string[] = [];
  for (const [name, read] of references) {
    for (const other of read.filter((target) => !references.has(target))) problems.push(`the validation of ${name} reads var.${other}, which is not declared`);
  }
  const state = new Map<string, "visiting" | "done">();
  const visit = (name: string, path: string[]): void => {
    if (state.get(name) === "done") return;
    if (state.get(name) === "visiting") {
      const cycle = [...path.slice(path.indexOf(name)), name];
      problems.push(`the validations of ${cycle.join(" -> ")} read each other in a cycle (Terraform: "Error: Cycle")`);
      return;
    }
    state.set(name, "visiting");
    for (const other of references.get(name) ?? []) if (references.has(other)) visit(other, [...path, name]);
    state.set(name, "done");
  };
  for (const name of references.keys()) visit(name, []);
  return problems;
}
