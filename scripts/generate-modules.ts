import { mkdirSync, readdirSync, rmSync, writeFileSync } from "fs";
import { dirname, join } from "path";
import { generateModule } from "../src/modules/generate";
import { moduleDefinitions } from "../src/modules/registry";

/** `npm run modules`: regenerates modules/<name>/ for every definition; removes folders of deleted ones. */
async function main(): Promise<void> {
  const root = join(__dirname, "..", "modules");
  const definitions = moduleDefinitions();
  mkdirSync(root, { recursive: true });
  for (const stale of readdirSync(root).filter((dir) => !definitions.some((d) => d.name === dir))) {
    rmSync(join(root, stale), { recursive: true, force: true });
  }
  for (const definition of definitions) {
    const generated = await generateModule(definition);
    const dir = join(root, definition.name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const [file, content] of Object.entries(generated.files)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), content);
    }
    process.stdout.write(`modules/${definition.name}: ${Object.keys(generated.files).join(", ")}\n`);
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
