/**
 * `npm run state:manifest [-- --allow-destroy <stack>/<address> ...]`: rewrites
 * state/stateful-addresses.json from the synthesized stacks of every
 * environment. Refuses to drop an address that no `moved` block takes
 * elsewhere unless it is passed with --allow-destroy.
 */
import { App } from "cdktf";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { dirname, join } from "path";
import { ENVIRONMENTS } from "../environments";
import { addEnvironments } from "../src/app";
import { UserInputError, loadEnvironments } from "../src/config";
import { STATE_MANIFEST_FILE, StateManifest, appState, updatedManifest } from "../src/guardrails/state-manifest";

function main(args: string[]): void {
  const allowDestroy: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] !== "--allow-destroy" || !args[i + 1]) throw new UserInputError(`unexpected argument ${args[i]}; usage: --allow-destroy <stack>/<address>`);
    allowDestroy.push(args[++i]);
  }
  const file = join(__dirname, "..", STATE_MANIFEST_FILE);
  const previous = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as StateManifest) : undefined;
  const app = new App({ outdir: join(tmpdir(), "llm-platform-state-manifest") });
  addEnvironments(app, loadEnvironments(ENVIRONMENTS));
  const manifest = updatedManifest(previous, appState(app), allowDestroy);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  const count = Object.values(manifest.stacks).reduce((sum, addresses) => sum + addresses.length, 0);
  console.log(`wrote ${STATE_MANIFEST_FILE}: ${count} stateful addresses in ${Object.keys(manifest.stacks).length} stacks`);
}

try {
  main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UserInputError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
