import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "fs";
import { dirname, join } from "path";
import { CONTRACT_FILE, ContractDifference, ModuleContract, ReleaseCheck, checkRelease, contractJson, moduleContract, nextVersion, releaseTag } from "./contract";
import { ModuleDefinition } from "./definition";
import { GeneratedModule, generateModule } from "./generate";

/** Where the generated modules live. */
export const MODULES_ROOT = join(__dirname, "..", "..", "modules");

/** Files of a module folder that maintainers (or `npm run release:modules`) write; `npm run modules` keeps them. */
export const VERSION_FILE = "VERSION";
export const CHANGELOG_FILE = "CHANGELOG.md";
export const MAINTAINED_FILES: readonly string[] = [VERSION_FILE, CHANGELOG_FILE];

/** The version a module starts at. */
export const FIRST_VERSION = "1.0.0";

/** A module regenerated from its definition, with its contract and the check against the committed one. */
export interface PreparedModule {
  readonly dir: string;
  readonly generated: GeneratedModule;
  readonly committed?: ModuleContract;
  readonly contract: ModuleContract;
  readonly check: ReleaseCheck;
}

/** `modules/<name>/VERSION`, or the first version for a module that has none yet. */
export function readVersion(dir: string): string {
  const file = join(dir, VERSION_FILE);
  return existsSync(file) ? readFileSync(file, "utf8").trim() : FIRST_VERSION;
}

function readContract(dir: string): ModuleContract | undefined {
  const file = join(dir, CONTRACT_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as ModuleContract) : undefined;
}

/** Regenerates a module and checks its version decision against the contract committed in `dir`. */
export async function prepareModule(definition: ModuleDefinition, dir: string, version: string = readVersion(dir)): Promise<PreparedModule> {
  const generated = await generateModule(definition);
  const committed = readContract(dir);
  const contract = moduleContract(generated, version);
  return { dir, generated, committed, contract, check: checkRelease(committed, contract) };
}

/**
 * Writes a module folder: every generated file and the contract; removes files no
 * longer generated; keeps VERSION and CHANGELOG.md, writing them for a module that
 * has none yet (its first release).
 */
export function writeModule(prepared: PreparedModule): void {
  const { dir, generated, contract } = prepared;
  mkdirSync(dir, { recursive: true });
  for (const entry of readdirSync(dir)) {
    if (!MAINTAINED_FILES.includes(entry)) rmSync(join(dir, entry), { recursive: true, force: true });
  }
  for (const [file, content] of Object.entries({ ...generated.files, [CONTRACT_FILE]: contractJson(contract) })) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), content);
  }
  if (!existsSync(join(dir, VERSION_FILE))) writeFileSync(join(dir, VERSION_FILE), `${contract.version}\n`);
  if (!existsSync(join(dir, CHANGELOG_FILE))) {
    writeFileSync(join(dir, CHANGELOG_FILE), changelogHeader(contract.module) + changelogEntry(contract.version, [], true));
  }
}

function changelogHeader(module: string): string {
  return (
    `# Changelog of the \`${module}\` module\n\n` +
    `Versions follow semantic versioning; each is the git tag \`${releaseTag(module, "<version>")}\`. ` +
    "Entries are written by `npm run release:modules` from the interface contract's differences.\n"
  );
}

function changelogEntry(version: string, differences: readonly ContractDifference[], first = false): string {
  const section = (title: string, bump: ContractDifference["bump"]) => {
    const items = differences.filter((difference) => difference.bump === bump);
    return items.length === 0 ? "" : `\n### ${title}\n\n${items.map((item) => `- ${item.what}`).join("\n")}\n`;
  };
  const body = first
    ? "\nFirst versioned release: the interface in `contract.json`.\n"
    : section("Breaking", "major") + section("Added", "minor") + section("Changed", "patch");
  return `\n## ${version}\n${body}`;
}

/**
 * `npm run release:modules` for one module: when its contract changed beyond what
 * VERSION already says, sets VERSION to the next version the differences need and
 * adds a CHANGELOG entry listing them. Returns the module re-checked at that version.
 */
export async function releaseModule(definition: ModuleDefinition, dir: string): Promise<PreparedModule> {
  const prepared = await prepareModule(definition, dir);
  if (!prepared.check.problem || !prepared.committed) return prepared;
  const version = nextVersion(prepared.committed.version, prepared.check.needed);
  const released = await prepareModule(definition, dir, version);
  if (released.check.problem) throw new Error(released.check.problem);
  writeFileSync(join(dir, VERSION_FILE), `${version}\n`);
  const changelog = join(dir, CHANGELOG_FILE);
  const existing = existsSync(changelog) ? readFileSync(changelog, "utf8") : changelogHeader(definition.name);
  const at = existing.indexOf("\n## ");
  const entry = changelogEntry(version, released.check.differences);
  writeFileSync(changelog, at < 0 ? existing + entry : existing.slice(0, at) + entry + existing.slice(at));
  return released;
}
