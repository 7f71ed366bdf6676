import { readFileSync, readdirSync, statSync } from "fs";
import { join } from "path";
import * as ts from "typescript";
import { z } from "zod";
import { defOf } from "./issues";
import { environmentSchema } from "./schema/environment";

/** Where `npm run docs:config` writes the configuration reference (a test keeps it in step). */
export const CONFIG_DOCS_FILE = "docs/configuration.md";

/** The schema sources whose doc comments describe the fields. */
const SCHEMA_DIR = join(__dirname, "schema");

/** One row of the reference: a field, its type, its default and what it means. */
interface Field {
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  readonly defaultValue?: unknown;
  readonly description: string;
}

/**
 * The doc comments of every object literal in the schema sources, keyed by the
 * sorted list of its property names: a zod object finds its comments by its keys.
 */
function docCommentsByShape(): Map<string, Record<string, string>> {
  const byShape = new Map<string, Record<string, string>>();
  const files = (dir: string): string[] =>
    readdirSync(dir)
      .sort()
      .flatMap((entry) => (statSync(join(dir, entry)).isDirectory() ? files(join(dir, entry)) : [join(dir, entry)]))
      .filter((file) => file.endsWith(".ts"));
  for (const file of files(SCHEMA_DIR)) {
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
    // Object literals assigned to a const, so a literal that spreads one (`...workloadFields`) has its fields and comments.
    const spreadable = new Map<string, { names: string[]; comments: Record<string, string> }>();
    const visit = (node: ts.Node) => {
      if (ts.isObjectLiteralExpression(node)) {
        const comments: Record<string, string> = {};
        const names: string[] = [];
        for (const property of node.properties) {
          if (ts.isSpreadAssignment(property) && ts.isIdentifier(property.expression)) {
            const spread = spreadable.get(property.expression.text);
            if (spread) {
              names.push(...spread.names);
              Object.assign(comments, spread.comments);
            }
            continue;
          }
          if (!property.name || !(ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) continue;
          names.push(property.name.text);
          const docs = ts
            .getJSDocCommentsAndTags(property)
            .filter(ts.isJSDoc)
            .map((doc) => ts.getTextOfJSDocComment(doc.comment) ?? "")
            .join(" ");
          if (docs) comments[property.name.text] = docs.replace(/\s+/g, " ").trim();
        }
        const key = [...names].sort().join(",");
        if (names.length > 0 && !byShape.has(key)) byShape.set(key, comments);
        if (ts.isVariableDeclaration(node.parent) && ts.isIdentifier(node.parent.name)) spreadable.set(node.parent.name.text, { names, comments });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return byShape;
}

function typeName(schema: z.ZodType): string {
  const def = defOf(schema);
  switch (def.type) {
    case "optional":
    case "default":
    case "prefault":
    case "nullable":
    case "readonly":
      return typeName(def.innerType!);
    case "pipe":
      return typeName(def.in!);
    case "enum":
      return Object.values(def.entries ?? {})
        .map((value) => JSON.stringify(value))
        .join(" | ");
    case "literal":
      return (def.values ?? []).map((value) => JSON.stringify(value)).join(" | ");
    case "union":
      return (def.options ?? []).map(typeName).join(" | ");
    case "array":
      return `list of ${typeName(def.element!)}`;
    case "record":
      return `map of ${typeName(def.valueType!)}`;
    case "object":
      return "object";
    default:
      return def.type;
  }
}

/** Unwraps optional/default/prefault layers: whether the field may be left out, and its default. */
function unwrap(schema: z.ZodType): { inner: z.ZodType; required: boolean; defaultValue?: unknown } {
  let current = schema;
  let required = true;
  let defaultValue: unknown;
  for (;;) {
    const def = defOf(current);
    if (def.type === "optional") {
      required = false;
      current = def.innerType!;
    } else if (def.type === "default" || def.type === "prefault") {
      required = false;
      if (defaultValue === undefined) defaultValue = def.defaultValue;
      current = def.innerType!;
    } else if (def.type === "pipe") {
      current = def.in!;
    } else {
      return { inner: current, required, defaultValue };
    }
  }
}

function fieldsOf(schema: z.ZodType, path: string, comments: Map<string, Record<string, string>>, out: Field[]): void {
  // A schema that refines or transforms its object (the environment's, the cluster's) is a pipe around it.
  const def = defOf(unwrap(schema).inner);
  if (def.type === "union" && def.options) {
    // A discriminated union (the workload kinds): each option's fields, labelled by its discriminator.
    for (const option of def.options) {
      const shape = defOf(unwrap(option).inner).shape ?? {};
      const discriminator = Object.entries(shape).find(([, field]) => defOf(unwrap(field).inner).type === "literal");
      const label = discriminator ? `[${discriminator[0]}: ${String(defOf(unwrap(discriminator[1]).inner).values?.[0])}]` : "";
      fieldsOf(option, `${path}${label}`, comments, out);
    }
    return;
  }
  if (def.type !== "object" || !def.shape) return;
  const docs = comments.get(Object.keys(def.shape).sort().join(",")) ?? {};
  for (const [key, field] of Object.entries(def.shape)) {
    const { inner, required, defaultValue } = unwrap(field);
    const fieldPath = path ? `${path}.${key}` : key;
    const innerDef = defOf(inner);
    out.push({ path: fieldPath, type: typeName(inner), required, defaultValue, description: docs[key] ?? "" });
    if (innerDef.type === "object") fieldsOf(inner, fieldPath, comments, out);
    if (innerDef.type === "array") fieldsOf(unwrap(innerDef.element!).inner, `${fieldPath}[]`, comments, out);
    if (innerDef.type === "record") fieldsOf(unwrap(innerDef.valueType!).inner, `${fieldPath}.<name>`, comments, out);
  }
}

function defaultText(field: Field): string {
  if (field.required) return "required";
  if (field.defaultValue === undefined) return "optional";
  const value = typeof field.defaultValue === "function" ? (field.defaultValue as () => unknown)() : field.defaultValue;
  const text = JSON.stringify(value);
  return text === "{}" ? "`{}` (see the fields below)" : `\`${text}\``;
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** docs/configuration.md: every field of an environment file, from the zod schema and its doc comments. */
export function renderConfigReference(): string {
  const fields: Field[] = [];
  fieldsOf(environmentSchema, "", docCommentsByShape(), fields);
  // Scalars at the top level share one section; each top-level object gets its own.
  const sections = new Map<string, Field[]>();
  for (const field of fields) {
    const top = field.path.split(/[.[]/)[0];
    const section = fields.some((other) => other.path.startsWith(`${top}.`)) ? `\`${top}\`` : "Top level";
    sections.set(section, [...(sections.get(section) ?? []), field]);
  }
  const lines = [
    "# Configuration reference",
    "",
    "<!-- Generated by `npm run docs:config` from the zod schema in src/config/schema; do not edit. -->",
    "",
    "Every field an `environments/<env>.ts` file may set (type `EnvironmentInput` from",
    "`src/config`). `required` fields must be given; the others take the default shown, or",
    "are off when left out (`optional`). `<name>` stands for a key you choose, `[]` for each",
    "item of a list. Rules that involve several fields (stage rules, cross-references,",
    "derived names) are listed in [environments.md](environments.md); the schema's messages",
    "name the field, the value and what is allowed.",
    "",
  ];
  for (const [section, list] of sections) {
    lines.push(`## ${section}`, "", "| field | type | default | description |", "|---|---|---|---|");
    for (const field of list) {
      lines.push(`| \`${field.path}\` | ${cell(field.type)} | ${cell(defaultText(field))} | ${cell(field.description)} |`);
    }
    lines.push("");
  }
  return lines.join("\n");
}
