import { CloudBackend, LocalBackend, NamedCloudWorkspace, TerraformStack } from "cdktf";
import { EnvironmentConfig, UserInputError } from "../config";
import { Layer, stackId, workspaceName } from "../naming";

/** `cloud`: each stack's own Terraform Cloud workspace (the default). `local`: state files on disk. */
export const BACKEND_MODES = ["cloud", "local"] as const;
export type BackendMode = (typeof BACKEND_MODES)[number];

/** Set to `local` to synthesize local backends, e.g. to try `cdktf plan` without Terraform Cloud. */
export const BACKEND_ENV_VAR = "LLM_PLATFORM_BACKEND";

/** Reads the backend switch from the environment; unset means `cloud`. */
export function backendModeFromEnv(environment: NodeJS.ProcessEnv = process.env): BackendMode {
  const value = environment[BACKEND_ENV_VAR];
  if (value === undefined || value === "") return "cloud";
  if ((BACKEND_MODES as readonly string[]).includes(value)) return value as BackendMode;
  throw new UserInputError(`${BACKEND_ENV_VAR}="${value}" is not a backend mode; allowed: ${BACKEND_MODES.join(", ")}`);
}

/**
 * Where local state lives, relative to the stack's working directory
 * (`cdktf.out/stacks/<stack>`): outside cdktf.out so a new synth keeps it.
 */
export function localStatePath(env: Pick<EnvironmentConfig, "name">, layer: Layer): string {
  return `../../../terraform-state/${stackId(env, layer)}.tfstate`;
}

export function configureBackend(stack: TerraformStack, env: EnvironmentConfig, layer: Layer, mode: BackendMode): void {
  if (mode === "local") {
    new LocalBackend(stack, { path: localStatePath(env, layer) });
    return;
  }
  new CloudBackend(stack, {
    hostname: env.terraformCloud.hostname,
    organization: env.terraformCloud.organization,
    workspaces: new NamedCloudWorkspace(workspaceName(env, layer), env.terraformCloud.project),
  });
}
