import { TerraformElement, TerraformStack } from "cdktf";
import { existsSync, readdirSync, readFileSync } from "fs";
import { dirname, join } from "path";

/**
 * Which keys of Terraform JSON are nested blocks rather than attributes. JSON
 * cannot tell `tags = { ... }` (a map attribute), `kubernetes = { ... }` (a
 * nested attribute) and `statement { ... }` (a block) apart; the provider schema
 * can. cdktf's bindings were generated from that schema and carry it in two
 * places, both read here:
 * - what `toHclTerraform()` returns: `isBlock` per attribute, true for blocks
 *   and for nested attributes alike (the generator makes structs of both);
 * - the declarations (`.d.ts`): the generator documents a block as
 *   "<name> block", while a nested attribute keeps the provider's description
 *   (helm 3.x's `kubernetes`: "Kubernetes Configuration").
 * A key is a block when both say so.
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

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The folder of an element's generated binding: `@cdktf/provider-aws/lib/eks-cluster` for
 * `aws_eks_cluster`, `.../lib/data-aws-iam-policy-document` for that data source,
 * `.../lib/provider` for the provider.
 */
export function bindingDir(kind: "resource" | "data" | "provider", type: string, providerName: string): string {
  const lib = join(dirname(require.resolve(`@cdktf/provider-${providerName}/package.json`)), "lib");
  const kebab = (name: string) => name.replace(/_/g, "-");
  const folder = kind === "provider" ? "provider" : kind === "data" ? `data-${kebab(type)}` : kebab(type.replace(new RegExp(`^${providerName}_`), ""));
  const dir = join(lib, folder);
  if (!existsSync(join(dir, "index.d.ts"))) throw new Error(`cannot find the binding of ${kind} ${type} in ${dir}`);
  return dir;
}

const documentedBlocks = new Map<string, ReadonlySet<string>>();

/** The struct types a binding's declarations document as blocks ("<name> block"), by binding folder. */
export function blockStructs(dir: string): ReadonlySet<string> {
  const cached = documentedBlocks.get(dir);
  if (cached) return cached;
  const files = [
    "index.d.ts",
    ...(existsSync(join(dir, "index-structs"))
      ? readdirSync(join(dir, "index-structs"))
          .filter((file) => file.endsWith(".d.ts"))
          .map((file) => join("index-structs", file))
      : []),
  ];
  const structs = new Set<string>();
  for (const file of files) {
    const text = readFileSync(join(dir, file), "utf8");
    for (const match of text.matchAll(/\* [\w-]+ block\n\s+\*\n\s+\* Docs at[^\n]*\n\s+\*\/\n\s+readonly \w+\??: ([^;]+);/g)) {
      for (const type of match[1].matchAll(/\b(?:\w+\.)?([A-Z]\w*)\b/g)) structs.add(type[1]);
    }
  }
  documentedBlocks.set(dir, structs);
  return structs;
}

/** Whether an attribute the bindings mark `isBlock` (with its struct storage type) is documented as a block. */
function documentedAsBlock(storageClassType: unknown, structs: ReadonlySet<string>): boolean {
  if (typeof storageClassType !== "string") return false;
  const base = storageClassType.replace(/(List|Map|OutputReference)$/, "");
  return structs.has(storageClassType) || structs.has(base);
}

function collectBlocks(attributes: Json, prefix: string, into: Set<string>, structs: ReadonlySet<string>): void {
  for (const [key, meta] of Object.entries(attributes)) {
    if (!isObject(meta) || !(meta.isBlock ?? meta.is_block)) continue;
    if (!documentedAsBlock(meta.storageClassType ?? meta.storage_class_type, structs)) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    into.add(path);
    const bodies = Array.isArray(meta.value) ? meta.value : [meta.value];
    for (const body of bodies) if (isObject(body)) collectBlocks(body, path, into, structs);
  }
}

/** The block schema of every resource, data source and provider in `stack`. */
export function blockSchemaOf(stack: TerraformStack): BlockSchema {
  const schema = new Map<string, Set<string>>();
  const add = (key: string, attributes: unknown, structs: ReadonlySet<string>) => {
    if (!isObject(attributes)) return;
    const paths = schema.get(key) ?? new Set<string>();
    collectBlocks(attributes, "", paths, structs);
    schema.set(key, paths);
  };
  for (const element of stack.node.findAll()) {
    // The stack's own toHclTerraform() renders HCL with cdktf's renderer, which has no schema to give and
    // fails on dynamic blocks nested in single blocks; the elements' carry the schema.
    if (element === stack) continue;
    const hcl = (element as { toHclTerraform?: () => unknown }).toHclTerraform?.();
    if (!isObject(hcl)) continue;
    const provider = (element as TerraformElement & { terraformGeneratorMetadata?: { providerName: string } }).terraformGeneratorMetadata?.providerName;
    // Elements not generated from a provider (terraform_remote_state, outputs, variables) have no provider blocks.
    const structsOf = (kind: "resource" | "data" | "provider", type: string) => (provider ? blockStructs(bindingDir(kind, type, provider)) : new Set<string>());
    for (const kind of ["resource", "data"] as const) {
      for (const [type, byName] of Object.entries((hcl[kind] ?? {}) as Json)) {
        for (const attributes of Object.values(byName as Json)) add(`${kind}.${type}`, attributes, structsOf(kind, type));
      }
    }
    for (const [name, configs] of Object.entries((hcl.provider ?? {}) as Json)) {
      for (const attributes of configs as unknown[]) add(`provider.${name}`, attributes, structsOf("provider", name));
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
