import type { EnvironmentSource } from "./src/config";
import { runSynth } from "./src/cli";

// Entry point of `npm run synth` and `cdktf synth` (see cdktf.json): every environment, every
// layer. The environment files load inside runSynth, so a mistake in one is reported as bad
// input with its file and line.
process.exitCode = runSynth(() => (require("./environments") as { ENVIRONMENTS: readonly EnvironmentSource[] }).ENVIRONMENTS);
