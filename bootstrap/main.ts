import { ENVIRONMENTS } from "../environments";
import { synthesizeBootstrap } from "./src/cli";

// Entry point of the bootstrap's `cdktf synth` (see bootstrap/cdktf.json): run once per organization.
process.exitCode = synthesizeBootstrap(ENVIRONMENTS);
