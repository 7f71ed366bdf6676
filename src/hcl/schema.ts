import { TerraformStack } from "cdktf";

/**
 * Which keys of Terraform JSON are nested blocks rather than attributes. JSON
 * cannot tell `tags = { ... }` (a map attribute) from `statement { ... }` (a
 * block); the provider schema can. cdktf's bindings carry that schema in what
 * `toHclTerraform()` returns (`isBlock` per attribute), so it is read from there.
 *
 * Keys: `resource.<type>`, `data.<type>`, `provider.<name>`; values: dotted paths
 * of the nested blocks, e.g. `statement` and `statement.condition`.
 */
export type BlockSchema = ReadonlyMap<string, ReadonlySet<string>>;

/** Blocks of Terraform itself, not of any provider. */
export const LANGUAGE_BLOCKS: Readonly<Record<string, readonly string[]>> = {
  resource: ["lifecycle", "lifecycle.precondition", "lifecycle.postcondition"],
  data: ["lifecycle", "lifecycle.precondition", "lifecycle.postcondition"],
  variable: ["validation"],
  output: ["precondition"],
  terraform: ["required_providers", "cloud", "cloud.workspaces", "backend"],
};

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function collectBlocks(attributes: Json, prefix: string, into: Set<string>): void {
  for (const [key, meta] of Object.entries(attributes)) {
    if (!isObject(meta) || !(meta.isBlock ?? meta.is_block)) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    into.add(path);
    const bodies = Array.isArray(meta.value) ? meta.value : [meta.value];
    for (const body of bodies) if (isObject(body)) collectBlocks(body, path, into);
  }
}

/** The block schema of every resource, data source and provider in `stack`. */
export function blockSchemaOf(stack: TerraformStack): BlockSchema {
  const schema = new Map<string, Set<string>>();
  const add = (key: string, attributes: unknown) => {
    if (!isObject(attributes)) return;
    const paths = schema.get(key) ?? new Set<string>();
    collectBlocks(attributes, "", paths);
    schema.set(key, paths);
  };
  for (const element of stack.node.findAll()) {
    // The stack's own toHclTerraform() renders HCL with cdktf's renderer, which has no schema to give and
    // fails on dynamic blocks nested in single blocks; the elements' carry the schema.
    if (element === stack) continue;
    const hcl = (element as { toHclTerraform?: () => unknown }).toHclTerraform?.();
    if (!isObject(hcl)) continue;
    for (const kind of ["resource", "data"] as const) {
      for (const [type, byName] of Object.entries((hcl[kind] ?? {}) as Json)) {
        for (const attributes of Object.values(byName as Json)) add(`${kind}.${type}`, attributes);
      }
    }
    for (const [name, configs] of Object.entries((hcl.provider ?? {}) as Json)) {
      for (const attributes of configs as unknown[]) add(`provider.${name}`, attributes);
    }
  }
  return schema;
}

/**
 * Subtrees the bindings type as `any`, so `toHclTerraform()` carries no schema for
 * them, yet every object inside is a nested block: WAFv2 rule statements (the
 * provider schema nests them too deep for the generator). cdktf's own HCL output
 * writes them as `statement = { ... }`, which Terraform rejects.
 */
export const BLOCK_SUBTREES: Readonly<Record<string, readonly string[]>> = {
  "resource.aws_wafv2_web_acl": ["rule.statement"],
  "resource.aws_wafv2_rule_group": ["rule.statement"],
};

const isBody = (value: unknown) =>
  (typeof value === "object" && value !== null && !Array.isArray(value)) ||
  (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === "object" && item !== null && !Array.isArray(item)));

/** Whether `path` (dotted, within `element`, e.g. `resource.aws_x`) holding `value` is a block. */
export function isBlock(schema: BlockSchema, element: string, path: string, value: unknown): boolean {
  const kind = element.split(".")[0];
  if ((LANGUAGE_BLOCKS[kind] ?? []).includes(path) || (schema.get(element)?.has(path) ?? false)) return true;
  const inSubtree = (BLOCK_SUBTREES[element] ?? []).some((root) => path === root || path.startsWith(`${root}.`));
  return inSubtree && isBody(value);
}
