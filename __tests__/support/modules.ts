import { parse } from "@cdktf/hcl2json";
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "fs";
import { dirname, join } from "path";
import { ModuleDefinition } from "../../src/modules/definition";
import { DEFINITIONS_DIR, moduleDefinitions } from "../../src/modules/registry";

export const REPO = join(__dirname, "..", "..");
export const MODULES_DIR = join(REPO, "modules");
export const EXAMPLE_DIR = join(REPO, "examples", "plain-terraform");

type Parsed = Record<string, any>;

/** Every `.tf` file of a folder, parsed with hcl2json and merged section by section. */
export async function parseFolder(dir: string): Promise<Parsed> {
  const merged: Parsed = {};
  for (const file of readdirSync(dir).filter((name) => name.endsWith(".tf"))) {
    const parsed = (await parse(file, readFileSync(join(dir, file), "utf8"))) as Parsed;
    for (const [section, content] of Object.entries(parsed)) {
      merged[section] = Array.isArray(content) ? [...(merged[section] ?? []), ...content] : { ...merged[section], ...content };
    }
  }
  return merged;
}

export interface ModuleInterface {
  readonly required: string[];
  readonly optional: string[];
  readonly outputs: string[];
}

/** A module's inputs (required: no default) and outputs, read from its HCL. */
export async function moduleInterface(dir: string): Promise<ModuleInterface> {
  const parsed = await parseFolder(dir);
  const variables = Object.entries((parsed.variable ?? {}) as Record<string, any[]>);
  return {
    required: variables.filter(([, [body]]) => !("default" in body)).map(([name]) => name),
    optional: variables.filter(([, [body]]) => "default" in body).map(([name]) => name),
    outputs: Object.keys(parsed.output ?? {}),
  };
}

const META_ARGUMENTS = ["source", "version", "providers", "count", "for_each", "depends_on"];

/**
 * Problems with the module calls in `hcl` (one or more files' text): inputs a call
 * misses or does not know, and `module.<name>.<output>` reads of outputs that do not exist.
 */
export async function moduleCallProblems(calls: Record<string, any[]>, text: string, baseDir: string): Promise<string[]> {
  const problems: string[] = [];
  const interfaces: Record<string, ModuleInterface> = {};
  for (const [name, [call]] of Object.entries(calls)) {
    const source = String(call.source);
    const moduleName = source.split("/").pop() as string;
    const dir = source.startsWith("./modules/") ? join(MODULES_DIR, moduleName) : join(baseDir, source);
    const api = (interfaces[name] = await moduleInterface(dir));
    const passed = Object.keys(call).filter((key) => !META_ARGUMENTS.includes(key));
    for (const input of api.required.filter((required) => !passed.includes(required))) {
      problems.push(`module.${name} misses required input ${input}`);
    }
    for (const input of passed.filter((key) => !api.required.includes(key) && !api.optional.includes(key))) {
      problems.push(`module.${name} passes unknown input ${input}`);
    }
  }
  for (const [, name, output] of text.matchAll(/\bmodule\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)/g)) {
    if (!interfaces[name]) problems.push(`module.${name} is read but not called`);
    else if (!interfaces[name].outputs.includes(output)) problems.push(`module.${name} has no output ${output}`);
  }
  return problems;
}

export function moduleNames(): string[] {
  return readdirSync(MODULES_DIR).sort();
}

/**
 * A scratch copy of a module definition with `edit` applied to its source, written to
 * `dir` with its imports made absolute and loaded from there: the committed definition
 * is untouched and the registry does not see the copy.
 */
export function scratchDefinition(name: string, dir: string, edit: (source: string) => string): ModuleDefinition {
  const original = readFileSync(join(DEFINITIONS_DIR, `${name}.ts`), "utf8");
  const edited = edit(original);
  if (edited === original) throw new Error(`the edit changes nothing in ${name}.ts`);
  const absolute = edited.replace(
    /from "([^"]+)"/g,
    (_, target: string) => `from "${target.startsWith(".") ? join(DEFINITIONS_DIR, target) : dirname(require.resolve(`${target}/package.json`))}"`,
  );
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.ts`), absolute);
  return moduleDefinitions(dir)[0];
}
