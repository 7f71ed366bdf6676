import { IResolvable, Op, Token, conditional, propertyAccess } from "cdktf";

/**
 * Values a construct computes from its inputs, written once for both kinds of
 * input: literals known at synth time (stacks), where the result is computed in
 * TypeScript exactly as before, and module variables (tokens), where it becomes a
 * Terraform expression.
 */

/** Whether `value` is known at synth time (no unresolved token anywhere in it). */
export const isKnown = (value: unknown): boolean => !Token.isUnresolved(value);

/** Whether an optional input is given: `value !== undefined`, or `value != null` in Terraform. */
export function isSet(value: unknown): boolean {
  return isKnown(value) ? value !== undefined : (Op.neq(value, Token.nullValue()) as unknown as boolean);
}

/** `field` of an optional object input: `value?.[field]`, or `value == null ? null : value.field`. */
export function fieldOf<T extends object, K extends keyof T & string>(value: T | undefined, field: K): T[K] | undefined {
  if (value === undefined || isKnown(value)) return value?.[field];
  const reference = propertyAccess(value, [field]);
  return conditional(Op.eq(value, Token.nullValue()), Token.nullValue(), reference) as unknown as T[K];
}

/** Module variables name object attributes in Terraform's snake_case: `targetUtilizationPercent` is `target_utilization_percent`. */
export const snakeCase = (key: string) => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/**
 * `value.a.b` of an input that is set: the TypeScript property, or a Terraform
 * reference to the snake_case attributes of an object variable.
 */
export function path<T>(value: object, ...keys: string[]): T {
  if (!isKnown(value)) return propertyAccess(value, keys.map(snakeCase)) as unknown as T;
  return keys.reduce<unknown>((item, key) => (item as Record<string, unknown>)[key], value) as T;
}

/** `a === b`, or `a == b` in Terraform. */
export function equals(a: string, b: string): boolean {
  return isKnown(a) && isKnown(b) ? a === b : (Op.eq(a, b) as unknown as boolean);
}

/** `condition ? then : otherwise` (`otherwise` undefined: the attribute is left out, or `null` in Terraform). */
export function choose<T>(condition: boolean, then: T, otherwise?: T): T | undefined {
  if (isKnown(condition)) return condition ? then : otherwise;
  return conditional(condition, then, otherwise === undefined ? Token.nullValue() : otherwise) as unknown as T;
}

/** A Terraform expression typed as what it stands for. */
export const expression = <T>(resolvable: IResolvable): T => resolvable as unknown as T;
