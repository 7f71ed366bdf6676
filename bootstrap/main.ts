import type { EnvironmentSource } from "../src/config";
import { runSynth } from "../src/cli";
import { synthesizeBootstrap } from "./src/cli";

// Entry point of the bootstrap's `cdktf synth` (see bootstrap/cdktf.json): run once per organization.
// The environment files load inside runSynth, so a mistake in one is reported with its file and line.
process.exitCode = runSynth(() => (require("../environments") as { ENVIRONMENTS: readonly EnvironmentSource[] }).ENVIRONMENTS, {}, synthesizeBootstrap);
