import { App } from "cdktf";
import { EnvironmentConfig } from "./config";
import { BackendMode } from "./stacks/backend";
import { NetworkStack } from "./stacks/network-stack";

export interface EnvironmentStacks {
  readonly network: NetworkStack;
}

export interface PlatformOptions {
  /** Default: `cloud`. */
  readonly backend?: BackendMode;
}

/** Adds every layer stack of one validated environment to the app. */
export function addEnvironment(app: App, env: EnvironmentConfig, options: PlatformOptions = {}): EnvironmentStacks {
  const network = new NetworkStack(app, { env, backend: options.backend });
  return { network };
}

/** Adds the stacks of every environment, in the order given. */
export function addEnvironments(
  app: App,
  envs: readonly EnvironmentConfig[],
  options: PlatformOptions = {},
): Record<string, EnvironmentStacks> {
  return Object.fromEntries(envs.map((env) => [env.name, addEnvironment(app, env, options)]));
}
