import { VariableRule } from "./definition";

/**
 * Validation rules for module variables that mirror the TypeScript schema
 * (src/config/schema). They take the schema's own constants, so an allowed value
 * added there reaches the module on the next `npm run modules`.
 */
const hclList = (values: readonly (string | number)[]) =>
  `[${values.map((value) => (typeof value === "number" ? String(value) : JSON.stringify(value))).join(", ")}]`;

const listing = (values: readonly (string | number)[]) => values.join(", ");

export function oneOf(variable: string, values: readonly (string | number)[]): VariableRule {
  return {
    condition: `contains(${hclList(values)}, var.${variable})`,
    errorMessage: `${variable} must be one of: ${listing(values)}.`,
  };
}

/** `null` (not set) or one of `values`. */
export function optionalOneOf(variable: string, values: readonly (string | number)[]): VariableRule {
  return {
    condition: `var.${variable} == null ? true : contains(${hclList(values)}, var.${variable})`,
    errorMessage: `${variable} must be null or one of: ${listing(values)}.`,
  };
}

export function eachOneOf(variable: string, values: readonly string[]): VariableRule {
  return {
    condition: `alltrue([for value in var.${variable} : contains(${hclList(values)}, value)])`,
    errorMessage: `Every entry of ${variable} must be one of: ${listing(values)}.`,
  };
}

export function unique(variable: string, what: string): VariableRule {
  return {
    condition: `length(distinct(var.${variable})) == length(var.${variable})`,
    errorMessage: `Each ${what} in ${variable} must be unique.`,
  };
}

export function minItems(variable: string, min: number, why: string): VariableRule {
  return { condition: `length(var.${variable}) >= ${min}`, errorMessage: `${variable} needs at least ${min} entries: ${why}.` };
}

export function pattern(variable: string, regex: string, what: string): VariableRule {
  return { condition: `can(regex(${JSON.stringify(regex)}, var.${variable}))`, errorMessage: `${variable} must be ${what}.` };
}

export function eachPattern(variable: string, regex: string, what: string): VariableRule {
  return {
    condition: `alltrue([for value in var.${variable} : can(regex(${JSON.stringify(regex)}, value))])`,
    errorMessage: `Every entry of ${variable} must be ${what}.`,
  };
}

export function maxLength(variable: string, max: number): VariableRule {
  return { condition: `length(var.${variable}) <= ${max}`, errorMessage: `${variable} must be at most ${max} characters.` };
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
  };
}
