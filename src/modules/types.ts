/**
 * Terraform type constraints (`map(object({ sort_key = optional(string, "ALL") }))`)
 * parsed into a tree, and compared: which inputs a new constraint still accepts.
 */
export type TerraformType =
  | { readonly kind: "primitive"; readonly name: "string" | "number" | "bool" | "any" }
  | { readonly kind: "list" | "set" | "map"; readonly element: TerraformType }
  | { readonly kind: "tuple"; readonly elements: readonly TerraformType[] }
  | { readonly kind: "object"; readonly attributes: Readonly<Record<string, ObjectAttribute>> };

export interface ObjectAttribute {
  readonly type: TerraformType;
  readonly optional: boolean;
  /** The `optional(type, default)` default as written, if any. */
  readonly default?: string;
}

/** A change of a type constraint: `widened` accepts everything the old one did; `narrowed` may refuse a caller's value. */
export interface TypeChange {
  readonly effect: "widened" | "narrowed";
  /** What changed, e.g. `attribute "sort_key" became required`. */
  readonly what: string;
}

const TOKEN = /\s*("(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_-]*|-?\d+(?:\.\d+)?|[(){}[\]=,])/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (!match) {
      if (text.slice(start).trim() === "") break;
      throw new Error(`cannot read type constraint "${text}" at "${text.slice(start)}"`);
    }
    tokens.push(match[1]);
  }
  return tokens;
}

/** Parses a Terraform type constraint as the module definitions write it. */
export function parseType(text: string): TerraformType {
  const tokens = tokenize(text);
  let position = 0;
  const next = (): string => {
    const token = tokens[position++];
    if (token === undefined) throw new Error(`type constraint "${text}" ends early`);
    return token;
  };
  const expect = (token: string): void => {
    const found = next();
    if (found !== token) throw new Error(`type constraint "${text}": expected "${token}", found "${found}"`);
  };
  /** An `optional` default: one value, possibly bracketed, kept as written. */
  const value = (): string => {
    const parts: string[] = [];
    let depth = 0;
    while (depth > 0 || (tokens[position] !== ")" && tokens[position] !== undefined)) {
      const token = next();
      if ("([{".includes(token)) depth++;
      if (")]}".includes(token)) depth--;
      parts.push(token);
    }
    return parts.join(" ");
  };
  const type = (): TerraformType => {
    const name = next();
    switch (name) {
      case "string":
      case "number":
      case "bool":
      case "any":
        return { kind: "primitive", name };
      case "list":
      case "set":
      case "map": {
        expect("(");
        const element = type();
        expect(")");
        return { kind: name, element };
      }
      case "tuple": {
        expect("(");
        expect("[");
        const elements: TerraformType[] = [];
        while (tokens[position] !== "]") {
          elements.push(type());
          if (tokens[position] === ",") position++;
        }
        expect("]");
        expect(")");
        return { kind: "tuple", elements };
      }
      case "object": {
        expect("(");
        expect("{");
        const attributes: Record<string, ObjectAttribute> = {};
        while (tokens[position] !== "}") {
          const attribute = next();
          expect("=");
          attributes[attribute] = objectAttribute();
          if (tokens[position] === ",") position++;
        }
        expect("}");
        expect(")");
        return { kind: "object", attributes };
      }
      default:
        throw new Error(`type constraint "${text}": unknown type "${name}"`);
    }
  };
  const objectAttribute = (): ObjectAttribute => {
    if (tokens[position] !== "optional") return { type: type(), optional: false };
    position++;
    expect("(");
    const inner = type();
    let fallback: string | undefined;
    if (tokens[position] === ",") {
      position++;
      fallback = value();
    }
    expect(")");
    return fallback === undefined ? { type: inner, optional: true } : { type: inner, optional: true, default: fallback };
  };
  const parsed = type();
  if (position !== tokens.length) throw new Error(`type constraint "${text}" has extra text after position ${position}`);
  return parsed;
}

/** Primitive types Terraform converts into another: any number or bool is also a valid string. */
const CONVERTS_TO: Readonly<Record<string, readonly string[]>> = { string: ["number", "bool"] };

/**
 * How `after` differs from `before` as a constraint on a caller's value. Empty when
 * they are the same. Object attributes that disappear are narrowing: Terraform drops
 * them from a caller's value silently, so a setting the caller relied on stops working.
 */
export function compareTypes(before: TerraformType, after: TerraformType, path = ""): TypeChange[] {
  const at = path === "" ? "" : ` at ${path}`;
  if (before.kind === "primitive" && after.kind === "primitive") {
    if (before.name === after.name) return [];
    if (after.name === "any" || CONVERTS_TO[after.name]?.includes(before.name)) {
      return [{ effect: "widened", what: `${before.name} became ${after.name}${at}` }];
    }
    return [{ effect: "narrowed", what: `${before.name} became ${after.name}${at}` }];
  }
  if (after.kind === "primitive" && after.name === "any") return [{ effect: "widened", what: `became any${at}` }];
  if (before.kind !== after.kind) {
    return [{ effect: "narrowed", what: `${describeType(before)} became ${describeType(after)}${at}` }];
  }
  if ((before.kind === "list" || before.kind === "set" || before.kind === "map") && before.kind === after.kind) {
    return compareTypes(before.element, after.element, `${path}[*]`);
  }
  if (before.kind === "tuple" && after.kind === "tuple") {
    if (before.elements.length !== after.elements.length) {
      return [{ effect: "narrowed", what: `tuple of ${before.elements.length} became ${after.elements.length} elements${at}` }];
    }
    return before.elements.flatMap((element, index) => compareTypes(element, after.elements[index], `${path}[${index}]`));
  }
  if (before.kind === "object" && after.kind === "object") {
    const changes: TypeChange[] = [];
    const names = [...new Set([...Object.keys(before.attributes), ...Object.keys(after.attributes)])].sort();
    for (const name of names) {
      const was = before.attributes[name];
      const is = after.attributes[name];
      const attribute = `attribute "${name}"${at}`;
      if (!is) changes.push({ effect: "narrowed", what: `${attribute} removed (a caller's value for it is ignored)` });
      else if (!was) changes.push({ effect: is.optional ? "widened" : "narrowed", what: `${is.optional ? "optional" : "required"} ${attribute} added` });
      else {
        if (was.optional && !is.optional) changes.push({ effect: "narrowed", what: `${attribute} became required` });
        if (!was.optional && is.optional) changes.push({ effect: "widened", what: `${attribute} became optional` });
        if (was.optional && is.optional && was.default !== is.default) {
          changes.push({ effect: "narrowed", what: `default of ${attribute} changed from ${was.default ?? "null"} to ${is.default ?? "null"}` });
        }
        changes.push(...compareTypes(was.type, is.type, path === "" ? name : `${path}.${name}`));
      }
    }
    return changes;
  }
  return [{ effect: "narrowed", what: `${describeType(before)} became ${describeType(after)}${at}` }];
}

function describeType(type: TerraformType): string {
  return type.kind === "primitive" ? type.name : type.kind;
}
