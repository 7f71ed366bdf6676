import { App } from "cdktf";
import { EnvironmentSource, UserInputError, loadEnvironments } from "../../src/config";
import { SynthesizeOptions, exitCodeOf } from "../../src/cli";
import { BootstrapStack } from "./bootstrap-stack";
import { modulePublishingFromEnv } from "./module-registry";

/** Set to a role name the bootstrap assumes in every account, or `none` for the ambient credentials. */
export const ADMIN_ROLE_ENV_VAR = "LLM_PLATFORM_BOOTSTRAP_ROLE";

export function adminRoleFromEnv(environment: NodeJS.ProcessEnv = process.env): string | null | undefined {
  const value = environment[ADMIN_ROLE_ENV_VAR];
  if (value === undefined || value === "") return undefined;
  if (value === "none") return null;
  if (!/^[\w+=,.@-]{1,64}$/.test(value)) {
    throw new UserInputError(`${ADMIN_ROLE_ENV_VAR}="${value}" is not an IAM role name (or "none")`);
  }
  return value;
}

/** Same options as the platform's own synth: outdir, process environment, stderr. */
export type BootstrapSynthOptions = SynthesizeOptions;

/** Validates every environment, then synthesizes the one bootstrap stack. */
export function synthesizeBootstrap(sources: readonly EnvironmentSource[], options: BootstrapSynthOptions = {}): number {
  return exitCodeOf(() => {
    const envs = loadEnvironments(sources);
    const adminRoleName = adminRoleFromEnv(options.processEnv ?? process.env);
    const modulePublishing = modulePublishingFromEnv(options.processEnv ?? process.env);
    const app = new App(options.outdir ? { outdir: options.outdir } : {});
    new BootstrapStack(app, "bootstrap", { envs, adminRoleName, modulePublishing });
    app.synth();
  }, options.stderr);
}
