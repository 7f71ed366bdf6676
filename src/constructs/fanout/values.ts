import { Fn, IResolvable, Op, TerraformResource, Token, conditional, propertyAccess } from "cdktf";

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
  const reference = propertyAccess(value, [snakeCase(field)]);
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

/** A copy of a known list, or a Terraform list expression (e.g. from {@link path}) as a list token. */
export function listOf<T>(list: readonly T[]): T[] {
  return isKnown(list) && Array.isArray(list) ? [...list] : (Token.asList(list) as unknown as T[]);
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

/** `value >= min`, or `value >= min` in Terraform. */
export function atLeast(value: number, min: number): boolean {
  return isKnown(value) ? value >= min : (Op.gte(value, min) as unknown as boolean);
}

/** `a + b`, or `a + b` in Terraform. */
export function plus(a: number, b: number): number {
  return isKnown(a) && isKnown(b) ? a + b : (Op.add(a, b) as unknown as number);
}

/** The first `count` items: `items.slice(0, count)`, or `slice(items, 0, count)` in Terraform. */
export function firstItems<T>(items: T[], count: number): T[] {
  return isKnown(items) && isKnown(count) ? items.slice(0, count) : Token.asList(Fn.slice(items, 0, count)) as unknown as T[];
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
  return lists.every(isKnown) ? lists.flat() : (Token.asList(Fn.concat(lists)) as unknown as T[]);
}

/** `!value`. */
export function not(value: boolean): boolean {
  return isKnown(value) ? !value : (Op.not(value) as unknown as boolean);
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
  return isKnown(items) && isKnown(index) ? items[index % items.length] : (Fn.element(items as T[], index) as unknown as T);
}

/**
 * A nested block that exists only when `condition` holds. Known condition: the
 * block or `undefined`, passed as the prop. Terraform condition: the prop stays
 * unset and {@link addOptionalBlock} adds a `dynamic` block over zero or one element
 * (the bindings drop dynamic values of single blocks).
 */
export function optionalBlock<B>(condition: boolean, block: () => B): B | undefined {
  return isKnown(condition) && condition ? block() : undefined;
}

/**
 * The Terraform-condition half of {@link optionalBlock}; `toTerraform` is the bindings'
 * struct-to-JSON function. `blockType` may be a path into single nested blocks,
 * e.g. `cluster_config.zone_awareness_config`.
 */
export function addOptionalBlock<B>(
  resource: TerraformResource,
  blockType: string,
  condition: boolean,
  block: () => B,
  toTerraform: (block: B) => unknown,
): void {
  if (isKnown(condition)) return;
  const parents = blockType.split(".");
  const type = parents.pop();
  resource.addOverride([...parents, "dynamic", type].join("."), {
    for_each: Token.asList(conditional(condition, ["on"], [])),
    content: toTerraform(block()),
  });
}
