import { App } from "cdktf";
import { EnvironmentConfig } from "./config";
import { BackendMode } from "./stacks/backend";
import { DataStack } from "./stacks/data-stack";
import { NetworkStack } from "./stacks/network-stack";

export interface EnvironmentStacks {
  readonly network: NetworkStack;
  readonly data: DataStack;
}

export interface PlatformOptions {
  /** Default: `cloud`. */
  readonly backend?: BackendMode;
}

/** Adds every layer stack of one validated environment to the app. */
export function addEnvironment(app: App, env: EnvironmentConfig, options: PlatformOptions = {}): EnvironmentStacks {
  const network = new NetworkStack(app, { env, backend: options.backend });
  const data = new DataStack(app, { env, backend: options.backend, network });
  return { network, data };
}

/** Adds the stacks of every environment, in the order given. */
export function addEnvironments(
  app: App,
  envs: readonly EnvironmentConfig[],
  options: PlatformOptions = {},
): Record<string, EnvironmentStacks> {
  return Object.fromEntries(envs.map((env) => [env.name, addEnvironment(app, env, options)]));
}
