import { App, Testing } from "cdktf";
import type { DataServiceAccess, SecretRef } from "../../src/contracts";
import { ClusterStack } from "../../src/stacks/cluster-stack";
import { NetworkStack } from "../../src/stacks/network-stack";
import { configOf } from "./environments";
import { synthStack } from "./synth";

export interface ClusterSynthOptions {
  readonly patch?: unknown;
  readonly dataAccess?: DataServiceAccess[];
  readonly externalSecrets?: SecretRef[];
}

/** A cluster stack wired to its environment's network stack, as the app does. */
export function clusterStack(name: "dev" | "staging" | "prod", options: ClusterSynthOptions = {}, app: App = Testing.app()) {
  const env = configOf(name, options.patch ?? {});
  const network = new NetworkStack(app, { env });
  return new ClusterStack(app, {
    env,
    network,
    dataAccess: options.dataAccess ?? [],
    externalSecrets: options.externalSecrets,
  });
}

export function synthCluster(name: "dev" | "staging" | "prod", options: ClusterSynthOptions = {}) {
  return synthStack(clusterStack(name, options));
}
