import { join } from "path";
import { moduleDefinitions } from "../src/modules/registry";
import { releaseTag } from "../src/modules/contract";
import { MODULES_ROOT, releaseModule, writeModule } from "../src/modules/release";

/**
 * `npm run release:modules`: for every module whose contract changed, sets VERSION
 * to the next version the differences need, adds the CHANGELOG entry, regenerates
 * the module, and prints the tags to push (one per module version not yet tagged).
 */
async function main(): Promise<void> {
  const released = [];
  for (const definition of moduleDefinitions()) released.push(await releaseModule(definition, join(MODULES_ROOT, definition.name)));
  for (const module of released) writeModule(module);
  const tags = released
    .filter(({ committed, contract }) => committed === undefined || committed.version !== contract.version)
    .map(({ contract }) => releaseTag(contract.module, contract.version));
  if (tags.length === 0) {
    process.stdout.write("No module changed its version; nothing to tag.\n");
    return;
  }
  process.stdout.write(
    `Commit modules/, then tag the commit and push the tags:\n${tags.map((tag) => `  git tag ${tag}`).join("\n")}\n  git push origin ${tags.join(" ")}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
