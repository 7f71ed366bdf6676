import { Fn, Op, Token, conditional, propertyAccess } from "cdktf";
import { Value, encoded, expr, isKnown, known } from "./expression";

/**
 * Values a construct computes from its inputs, written once for both kinds of
 * input: literals known at synth time (stacks), where the result is computed in
 * TypeScript exactly as before, and module variables (tokens), where it becomes a
 * Terraform expression.
 */

/** Whether an optional input is given: `value !== undefined`, or `value != null` in Terraform. */
export function isSet(value: unknown): Value<boolean> {
  return isKnown(value) ? value !== undefined : expr(Op.neq(value, Token.nullValue()));
}

/** `field` of an optional object input: `value?.[field]`, or `value == null ? null : value.field`. */
export function fieldOf<T extends object, K extends keyof T & string>(value: T | undefined, field: K): T[K] | undefined {
  if (value === undefined || isKnown(value)) return value?.[field];
  const reference = propertyAccess(value, [snakeCase(field)]);
  return encoded(conditional(Op.eq(value, Token.nullValue()), Token.nullValue(), reference));
}

/** Module variables name object attributes in Terraform's snake_case: `targetUtilizationPercent` is `target_utilization_percent`. */
export const snakeCase = (key: string) => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/**
 * `value.a.b` of an input that is set: the TypeScript property, or a Terraform
 * reference to the snake_case attributes of an object variable.
 */
export function path<T>(value: object, ...keys: string[]): T {
  if (!isKnown(value)) return encoded(propertyAccess(value, keys.map(snakeCase)));
  return keys.reduce<unknown>((item, key) => (item as Record<string, unknown>)[key], value) as T;
}

/** A copy of a known list, or a Terraform list expression (e.g. from {@link path}) as a list token. */
export function listOf<T>(list: readonly T[]): T[] {
  return isKnown(list) && Array.isArray(list) ? [...list] : encoded(Token.asList(list));
}

/** `a === b`, or `a == b` in Terraform. */
export function equals(a: Value<string>, b: Value<string>): Value<boolean> {
  return known(a) && known(b) ? a === b : expr(Op.eq(a, b));
}

/** `condition ? then : otherwise` (`otherwise` undefined: the attribute is left out, or `null` in Terraform). */
export function choose<T>(condition: Value<boolean>, then: T, otherwise?: T): T | undefined {
  if (known(condition)) return condition ? then : otherwise;
  return encoded(conditional(condition, then, otherwise === undefined ? Token.nullValue() : otherwise));
}

/** `value >= min`, or `value >= min` in Terraform. */
export function atLeast(value: Value<number>, min: number): Value<boolean> {
  return known(value) ? value >= min : expr(Op.gte(value, min));
}

/** `a + b`, or `a + b` in Terraform. */
export function plus(a: number, b: number): number {
  return isKnown(a) && isKnown(b) ? a + b : Token.asNumber(Op.add(a, b));
}

/** The first `count` items: `items.slice(0, count)`, or `slice(items, 0, count)` in Terraform. */
export function firstItems<T>(items: T[], count: number): T[] {
  return isKnown(items) && isKnown(count) ? items.slice(0, count) : encoded(Token.asList(Fn.slice(items, 0, count)));
}

/** A string token as cdktf 0.21 encodes it inside a string (the package is archived; the encoding is frozen). */
const STRING_TOKEN = /(\$\{TfToken\[[A-Za-z0-9:._-]+\]\})/;

/**
 * `format(item)` of every item: `items.map(format)`, or in Terraform
 * `formatlist("arn:%s:iam::%s:role/%s", data.aws_partition.x.partition, data.aws_caller_identity.x.account_id, items)`:
 * references in the text become arguments, because cdktf renders a reference inside
 * a string argument of a nested function call only with a warning.
 */
export function formatEach(items: readonly string[], format: (item: string) => string): string[] {
  if (isKnown(items)) return items.map(format);
  const marker = "\u0000item\u0000";
  let pattern = "";
  const args: unknown[] = [];
  for (const [index, part] of format(marker).split(STRING_TOKEN).entries()) {
    if (index % 2 === 1) {
      pattern += "%s";
      args.push(part);
      continue;
    }
    const texts = part.split(marker);
    pattern += texts.map((text) => text.replace(/%/g, "%%")).join("%s");
    for (let i = 1; i < texts.length; i++) args.push(items);
  }
  // eslint-disable-next-line local/no-throw-plain-error -- a misused helper (a programming error), not bad input
  if (!args.includes(items)) throw new Error("formatEach: format must use its argument");
  return Token.asList(Fn.formatlist(pattern, args));
}

/** Lists joined in order: `[...a, ...b]`, or `concat(a, b)` in Terraform. */
export function concatLists<T>(...lists: T[][]): T[] {
  return lists.every(isKnown) ? lists.flat() : encoded(Token.asList(Fn.concat(lists)));
}

/** `!value`. */
export function not(value: Value<boolean>): Value<boolean> {
  return known(value) ? !value : expr(Op.not(value));
}

/** A number as text: `String(n)`, or the number's reference in a template. */
export function text(value: number): string {
  return isKnown(value) ? String(value) : Token.asString(value);
}

/** `16` of `16.6`: the major version, or `split(".", version)[0]` in Terraform. */
export function majorVersion(version: string): string {
  return isKnown(version) ? version.split(".")[0] : Token.asString(Fn.element(Fn.split(".", version), 0));
}

/** `items[index % items.length]`, or `element(items, index)` (which wraps around) in Terraform. */
export function elementAt<T>(items: readonly T[], index: number): T {
  return isKnown(items) && isKnown(index) ? items[index % items.length] : encoded(Fn.element(items as T[], index));
}
