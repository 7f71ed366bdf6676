import { format } from "@cdktf/hcl-tools";
import { BlockSchema, isBlock } from "./schema";
import { quotedTemplate, soleExpression } from "./template";

/**
 * Renders Terraform JSON (what cdktf synthesizes) as HCL native syntax. cdktf has
 * its own HCL output (`cdktf synth --hcl`), but 0.21 renders overrides as
 * `0 = "required_version"`, the provider source as `"aws"`, and has open bugs
 * with tokens inside serialized JSON and deeply nested blocks; this renderer works
 * from the JSON, which is what Terraform runs today, and is checked by parsing its
 * output back (`@cdktf/hcl2json`) and comparing with that JSON.
 */
export type TerraformJson = Record<string, unknown>;
type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** Top-level sections in the order they are written. */
export const SECTIONS = ["terraform", "provider", "variable", "locals", "data", "ephemeral", "resource", "moved", "output"] as const;

/** Attributes whose JSON strings are references or types, written bare in HCL. */
export const REFERENCE_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  resource: ["depends_on", "provider", "lifecycle.ignore_changes", "lifecycle.replace_triggered_by"],
  data: ["depends_on", "provider"],
  ephemeral: ["depends_on", "provider"],
  variable: ["type"],
  output: ["depends_on"],
  moved: ["from", "to"],
};

/** Meta-arguments first, then attributes, then nested blocks, then depends_on and lifecycle. */
const FIRST = ["count", "for_each", "provider"];
const LAST = ["depends_on", "lifecycle"];

/** The key cdktf writes dynamic blocks under. */
export const DYNAMIC = "dynamic";

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function renderKey(key: string): string {
  if (IDENTIFIER.test(key)) return key;
  const expression = soleExpression(key);
  return expression === undefined ? quotedTemplate(key) : `(${expression})`;
}

function renderBare(value: unknown): string {
  if (typeof value === "string") return soleExpression(value) ?? value;
  if (Array.isArray(value)) return `[${value.map(renderBare).join(", ")}]`;
  throw new Error(`cannot write ${JSON.stringify(value)} as a reference`);
}

function isScalar(value: unknown): boolean {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}

/** An HCL expression for a JSON value at `indent`. */
export function renderValue(value: unknown, indent = ""): string {
  if (value === null) return "null";
  if (typeof value === "boolean" || typeof value === "number") return String(value);
  if (typeof value === "string") return soleExpression(value) ?? quotedTemplate(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const items = value.map((item) => renderValue(item, inner));
    const inline = `[${items.join(", ")}]`;
    if (value.every(isScalar) && inline.length <= 80 && !inline.includes("\n")) return inline;
    return `[\n${items.map((item) => `${inner}${item},\n`).join("")}${indent}]`;
  }
  if (isObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    const lines = entries.map(([key, item]) => `${inner}${renderKey(key)} = ${renderValue(item, inner)}\n`);
    return `{\n${lines.join("")}${indent}}`;
  }
  throw new Error(`cannot render ${String(value)}`);
}

interface BodyContext {
  readonly schema: BlockSchema;
  /** `resource.aws_vpc`, `variable`, `terraform`, ...: what the schema is looked up by. */
  readonly element: string;
  /** Dotted path of this body within the element. */
  readonly path: string;
  readonly indent: string;
}

function orderKeys(keys: string[], blockKeys: Set<string>): string[] {
  const rank = (key: string) => (FIRST.includes(key) ? 0 : LAST.includes(key) ? 3 + LAST.indexOf(key) : blockKeys.has(key) ? 2 : 1);
  return keys
    .map((key, index) => ({ key, index }))
    .sort((a, b) => rank(a.key) - rank(b.key) || a.index - b.index)
    .map((k) => k.key);
}

function renderBody(body: Json, context: BodyContext): string {
  const kind = context.element.split(".")[0];
  const childPath = (key: string) => (context.path ? `${context.path}.${key}` : key);
  const blockKeys = new Set(Object.keys(body).filter((key) => key === DYNAMIC || isBlock(context.schema, context.element, childPath(key), body[key])));
  const inner = `${context.indent}  `;
  let text = "";
  for (const key of orderKeys(Object.keys(body), blockKeys)) {
    const value = body[key];
    const path = childPath(key);
    if (key === DYNAMIC && (kind === "resource" || kind === "data")) {
      text += renderDynamic(value as Json, context);
      continue;
    }
    if (!blockKeys.has(key)) {
      const rendered = (REFERENCE_ATTRIBUTES[kind] ?? []).includes(path) ? renderBare(value) : renderValue(value, context.indent);
      text += `${context.indent}${key} = ${rendered}\n`;
      continue;
    }
    const nested = { ...context, path, indent: inner };
    if (kind === "terraform" && key === "backend") {
      for (const [label, config] of Object.entries(value as Json)) {
        text += `${context.indent}backend "${label}" {\n${renderBody(config as Json, nested)}${context.indent}}\n`;
      }
      continue;
    }
    for (const block of Array.isArray(value) ? value : [value]) {
      text += `${context.indent}${key} {\n${renderBody(block as Json, nested)}${context.indent}}\n`;
    }
  }
  return text;
}

/**
 * `dynamic "<block>" { for_each = ..., iterator = ..., content { ... } }`: cdktf's
 * `iterator.dynamic(...)` writes `dynamic: { <block>: { for_each, iterator, content } }`.
 * The content is a body of the block type it stands for, so its own nested blocks
 * are looked up under that block's path.
 */
function renderDynamic(dynamic: Json, context: BodyContext): string {
  const inner = `${context.indent}  `;
  let text = "";
  // Several dynamic blocks of one type (optional WAF rules) are a list of specs.
  for (const [blockType, specs] of Object.entries(dynamic)) {
    for (const spec of Array.isArray(specs) ? specs : [specs]) {
      const { for_each: forEach, iterator, content, ...rest } = spec as Json;
      if (Object.keys(rest).length > 0) throw new Error(`dynamic "${blockType}" has unknown keys ${Object.keys(rest).join(", ")}`);
      const path = context.path ? `${context.path}.${blockType}` : blockType;
      text += `${context.indent}dynamic "${blockType}" {\n`;
      text += `${inner}for_each = ${renderValue(forEach, inner)}\n`;
      if (iterator !== undefined) text += `${inner}iterator = ${renderBare(iterator)}\n`;
      text += `${inner}content {\n${renderBody(content as Json, { ...context, path, indent: `${inner}  ` })}${inner}}\n`;
      text += `${context.indent}}\n`;
    }
  }
  return text;
}

function block(header: string, body: Json, schema: BlockSchema, element: string): string {
  return `${header} {\n${renderBody(body, { schema, element, path: "", indent: "  " })}}\n`;
}

/** HCL for Terraform JSON, unformatted; top-level blocks separated by blank lines. */
export function renderHcl(json: TerraformJson, schema: BlockSchema): string {
  const blocks: string[] = [];
  for (const section of SECTIONS) {
    const content = json[section];
    if (content === undefined) continue;
    const entries = Object.entries(content as Json);
    switch (section) {
      case "terraform":
        blocks.push(block("terraform", content as Json, schema, "terraform"));
        break;
      case "locals":
        blocks.push(block("locals", content as Json, schema, "locals"));
        break;
      case "provider":
        for (const [name, configs] of entries) {
          for (const config of configs as Json[]) blocks.push(block(`provider "${name}"`, config, schema, `provider.${name}`));
        }
        break;
      case "moved":
        for (const body of content as Json[]) blocks.push(block("moved", body, schema, "moved"));
        break;
      case "variable":
      case "output":
        for (const [name, body] of entries) blocks.push(block(`${section} "${name}"`, body as Json, schema, section));
        break;
      case "data":
      case "ephemeral":
      case "resource":
        for (const [type, byName] of entries) {
          for (const [name, body] of Object.entries(byName as Json)) {
            blocks.push(block(`${section} "${type}" "${name}"`, body as Json, schema, `${section}.${type}`));
          }
        }
        break;
    }
  }
  const unknown = Object.keys(json).filter((key) => !(SECTIONS as readonly string[]).includes(key));
  if (unknown.length > 0) throw new Error(`cannot render top-level Terraform JSON keys: ${unknown.join(", ")}`);
  return blocks.join("\n");
}

/** Formats HCL with hclwrite's formatter, what `terraform fmt` uses. */
export async function formatHcl(hcl: string): Promise<string> {
  return format(hcl);
}

/** `renderHcl`, formatted. */
export async function toHcl(json: TerraformJson, schema: BlockSchema): Promise<string> {
  return formatHcl(renderHcl(json, schema));
}
