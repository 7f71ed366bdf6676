import { readdirSync, rmSync, mkdirSync } from "fs";
import { join } from "path";
import { moduleDefinitions } from "../src/modules/registry";
import { MODULES_ROOT, prepareModule, writeModule } from "../src/modules/release";

/**
 * `npm run modules`: regenerates modules/<name>/ for every definition and its
 * contract.json; removes folders of deleted ones. Writes nothing when a module's
 * contract changed without the version bump it needs (docs/modules.md, "Versions").
 */
async function main(): Promise<void> {
  const root = MODULES_ROOT;
  const definitions = moduleDefinitions();
  const prepared = [];
  for (const definition of definitions) prepared.push(await prepareModule(definition, join(root, definition.name)));
  const problems = prepared.flatMap(({ check }) => (check.problem ? [check.problem] : []));
  if (problems.length > 0) {
    process.stderr.write(`${problems.join("\n\n")}\n`);
    process.exitCode = 1;
    return;
  }
  mkdirSync(root, { recursive: true });
  for (const stale of readdirSync(root).filter((dir) => !definitions.some((d) => d.name === dir))) {
    rmSync(join(root, stale), { recursive: true, force: true });
  }
  for (const module of prepared) {
    writeModule(module);
    process.stdout.write(`modules/${module.contract.module} ${module.contract.version}: ${Object.keys(module.generated.files).join(", ")}, contract.json\n`);
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
