import { parse } from "@cdktf/hcl2json";
import { DYNAMIC, REFERENCE_ATTRIBUTES, TerraformJson } from "./render";
import { BlockSchema, isBlock } from "./schema";
import { parseTemplate } from "./template";

/**
 * The round-trip check: HCL parsed back with `@cdktf/hcl2json` must equal the
 * Terraform JSON it was rendered from. hcl2json writes every block as a list of
 * bodies and every expression as `${...}` source text, so the JSON is brought to
 * that shape first (blocks per the same schema, references wrapped), and the
 * whitespace inside expressions, which the formatter is free to change, is dropped
 * on both sides.
 */
type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** Removes whitespace inside `${...}` / `%{...}` sequences, except inside their string literals. */
function squeezeExpressions(text: string): string {
  return parseTemplate(text)
    .map((part) => ("literal" in part ? part.literal : squeezeSequence(part.sequence)))
    .join("");
}

function squeezeSequence(sequence: string): string {
  let out = "";
  let inString = false;
  for (let i = 0; i < sequence.length; i += 1) {
    const char = sequence[i];
    if (inString) {
      out += char;
      if (char === "\\") out += sequence[++i] ?? "";
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
      out += char;
    } else if (!/\s/.test(char)) {
      out += char;
    }
  }
  return out;
}

/** Strings with expression whitespace dropped, everywhere in a value. */
export function canonical(value: unknown): unknown {
  if (typeof value === "string") return squeezeExpressions(value);
  if (Array.isArray(value)) return value.map(canonical);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [canonical(k) as string, canonical(v)]));
  return value;
}

const asReference = (value: unknown): unknown =>
  typeof value === "string" ? (value.startsWith("${") ? value : `\${${value}}`) : Array.isArray(value) ? value.map(asReference) : value;

function body(value: Json, schema: BlockSchema, element: string, path: string): Json {
  const kind = element.split(".")[0];
  const result: Json = {};
  for (const [key, item] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    if (key === DYNAMIC && (kind === "resource" || kind === "data")) {
      result[key] = Object.fromEntries(
        Object.entries(item as Json).map(([blockType, specs]) => {
          const blockPath = path ? `${path}.${blockType}` : blockType;
          return [
            blockType,
            (Array.isArray(specs) ? specs : [specs]).map((spec) => {
              const { content, iterator, ...rest } = spec as Json;
              return {
                ...rest,
                ...(iterator === undefined ? {} : { iterator: asReference(iterator) }),
                content: [body(content as Json, schema, element, blockPath)],
              };
            }),
          ];
        }),
      );
    } else if (kind === "terraform" && key === "backend") {
      result[key] = Object.entries(item as Json).map(([label, config]) => ({
        [label]: [body(config as Json, schema, element, childPath)],
      }));
    } else if (isBlock(schema, element, childPath, item)) {
      // An empty list of blocks renders as no block at all, so hcl2json has no key for it.
      if (Array.isArray(item) && item.length === 0) continue;
      result[key] = (Array.isArray(item) ? item : [item]).map((b) => body(b as Json, schema, element, childPath));
    } else if ((REFERENCE_ATTRIBUTES[kind] ?? []).includes(childPath)) {
      result[key] = asReference(item);
    } else {
      result[key] = item;
    }
  }
  return result;
}

/** Terraform JSON in the shape hcl2json gives for the HCL rendered from it. */
export function hcl2jsonShape(json: TerraformJson, schema: BlockSchema): Json {
  const result: Json = {};
  for (const [section, content] of Object.entries(json)) {
    const entries = Object.entries(content as Json);
    if (section === "terraform" || section === "locals") {
      result[section] = [body(content as Json, schema, section, "")];
    } else if (section === "provider") {
      result[section] = Object.fromEntries(entries.map(([name, configs]) => [name, (configs as Json[]).map((c) => body(c, schema, `provider.${name}`, ""))]));
    } else if (section === "moved") {
      result[section] = (content as Json[]).map((b) => body(b, schema, section, ""));
    } else if (section === "variable" || section === "output") {
      result[section] = Object.fromEntries(entries.map(([name, b]) => [name, [body(b as Json, schema, section, "")]]));
    } else {
      result[section] = Object.fromEntries(
        entries.map(([type, byName]) => [
          type,
          Object.fromEntries(Object.entries(byName as Json).map(([name, b]) => [name, [body(b as Json, schema, `${section}.${type}`, "")]])),
        ]),
      );
    }
  }
  return result;
}

/** What hcl2json reads from `hcl`, in canonical form. */
export async function parseHcl(fileName: string, hcl: string): Promise<unknown> {
  return canonical(await parse(fileName, hcl));
}

/** The canonical form `hcl` must parse to, given the JSON it was rendered from. */
export function expectedParse(json: TerraformJson, schema: BlockSchema): unknown {
  return canonical(hcl2jsonShape(json, schema));
}
