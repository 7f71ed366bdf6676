import { ENVIRONMENTS } from "./environments";
import { synthesize } from "./src/cli";

// Entry point of `cdktf synth` (see cdktf.json): every environment, every layer.
process.exitCode = synthesize(ENVIRONMENTS);
