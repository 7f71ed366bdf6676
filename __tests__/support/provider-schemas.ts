import { existsSync, readFileSync, readdirSync } from "fs";
import { join } from "path";
import { gunzipSync } from "zlib";
import { TerraformJson } from "../../src/hcl/render";
import { BlockSchema, isBlock } from "../../src/hcl/schema";
import { REPO } from "./modules";

/** One block of `terraform providers schema -json`. */
interface SchemaBlock {
  readonly attributes?: Record<string, unknown>;
  readonly block_types?: Record<string, { readonly block: SchemaBlock }>;
}

interface ProviderSchema {
  readonly provider: { readonly block: SchemaBlock };
  readonly resource_schemas: Record<string, { readonly block: SchemaBlock }>;
  readonly data_source_schemas: Record<string, { readonly block: SchemaBlock }>;
}

/**
 * The real provider schemas of the offline Terraform kit (`schemas/<name>-<version>.json.gz`,
 * what `terraform providers schema -json` reports), by provider name. The kit is where
 * VALIDATE_OFFLINE_KIT points, or `shared/terraform` beside the repository (as in CI).
 * `undefined` where there is none (`npm run validate` with real providers checks the same).
 */
export function kitProviderSchemas(): Map<string, ProviderSchema> | undefined {
  const kit = process.env.VALIDATE_OFFLINE_KIT || join(REPO, "..", "shared", "terraform");
  const dir = join(kit, "schemas");
  if (!existsSync(dir)) return undefined;
  const schemas = new Map<string, ProviderSchema>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith(".json.gz"))) {
    const dump = JSON.parse(gunzipSync(readFileSync(join(dir, file))).toString("utf8")) as {
      provider_schemas: Record<string, ProviderSchema>;
    };
    for (const [address, schema] of Object.entries(dump.provider_schemas)) schemas.set(address.split("/").pop() as string, schema);
  }
  return schemas;
}

/** Keys of Terraform itself inside resource, data and provider bodies; not the provider's to judge. */
const META = new Set(["count", "for_each", "provider", "depends_on", "lifecycle", "alias", "dynamic"]);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Every key of `json` whose block-or-attribute decision by the renderer (`isBlock` over
 * `schema`) differs from the provider's real schema, as `<element> <path>: ...` lines.
 */
export function blockMismatches(json: TerraformJson, schema: BlockSchema, providers: Map<string, ProviderSchema>): string[] {
  const found: string[] = [];
  const walk = (element: string, body: Record<string, unknown>, real: SchemaBlock, prefix: string) => {
    for (const [key, value] of Object.entries(body)) {
      if (key === "dynamic" && isObject(value)) {
        for (const [blockType, specs] of Object.entries(value)) {
          const nested = real.block_types?.[blockType];
          if (!nested) found.push(`${element} ${prefix}${blockType}: dynamic block of a key the schema has no block for`);
          for (const spec of Array.isArray(specs) ? specs : [specs]) {
            const content = (spec as { content?: unknown }).content;
            if (nested && isObject(content)) walk(element, content, nested.block, `${prefix}${blockType}.`);
          }
        }
        continue;
      }
      if (META.has(key)) continue;
      const path = `${prefix}${key}`;
      const rendered = isBlock(schema, element, path, value);
      const nested = real.block_types?.[key];
      if (rendered !== Boolean(nested)) {
        found.push(`${element} ${path}: rendered as ${rendered ? "a block" : "an argument"}, the provider schema has ${nested ? "a block" : "an argument"}`);
        continue;
      }
      if (!nested) continue;
      for (const item of Array.isArray(value) ? value : [value]) if (isObject(item)) walk(element, item, nested.block, `${path}.`);
    }
  };
  const providerOf = (type: string) => providers.get(type.split("_")[0]);
  for (const kind of ["resource", "data"] as const) {
    for (const [type, byName] of Object.entries((json[kind] ?? {}) as Record<string, Record<string, Record<string, unknown>>>)) {
      const real = (kind === "resource" ? providerOf(type)?.resource_schemas : providerOf(type)?.data_source_schemas)?.[type];
      if (!real) continue; // terraform_remote_state and other built-ins
      for (const body of Object.values(byName)) walk(`${kind}.${type}`, body, real.block, "");
    }
  }
  for (const [name, configs] of Object.entries((json.provider ?? {}) as Record<string, Record<string, unknown>[]>)) {
    const real = providers.get(name)?.provider;
    if (real) for (const config of configs) walk(`provider.${name}`, config, real.block, "");
  }
  return found;
}
