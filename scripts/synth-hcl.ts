import { ENVIRONMENTS } from "../environments";
import { UserInputError, loadEnvironments } from "../src/config";
import { renderEnvironmentsAsHcl } from "../src/hcl/environments";
import { writeHclStacks } from "../src/hcl/stacks";
import { backendModeFromEnv } from "../src/stacks/backend";
import { HCL_OUTDIR } from "./synth-hcl-paths";

/** `npm run synth:hcl`: every environment's stacks as formatted HCL in cdktf.out.hcl/stacks/<stack>/main.tf. */
async function main(): Promise<number> {
  try {
    const envs = loadEnvironments(ENVIRONMENTS);
    const stacks = await renderEnvironmentsAsHcl(envs, backendModeFromEnv(process.env));
    writeHclStacks(stacks, HCL_OUTDIR);
    process.stdout.write(`HCL for the stacks ${Object.keys(stacks).join(", ")} in cdktf.out.hcl/stacks/\n`);
    return 0;
  } catch (error) {
    if (error instanceof UserInputError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

main()
  .then((code) => (process.exitCode = code))
  .catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  });
