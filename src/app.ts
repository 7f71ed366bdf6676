import { App } from "cdktf";
import { EnvironmentConfig } from "./config";
import { BackendMode } from "./stacks/backend";
import { ClusterStack } from "./stacks/cluster-stack";
import { EdgeStack } from "./stacks/edge-stack";
import { DataStack } from "./stacks/data-stack";
import { NetworkStack } from "./stacks/network-stack";
import { WorkloadsStack } from "./stacks/workloads-stack";

export interface EnvironmentStacks {
  readonly network: NetworkStack;
  readonly data: DataStack;
  readonly cluster: ClusterStack;
  readonly edge: EdgeStack;
  readonly workloads: WorkloadsStack;
}

export interface PlatformOptions {
  /** Default: `cloud`. */
  readonly backend?: BackendMode;
}

/** Adds every layer stack of one validated environment to the app. */
export function addEnvironment(app: App, env: EnvironmentConfig, options: PlatformOptions = {}): EnvironmentStacks {
  const { backend } = options;
  const network = new NetworkStack(app, { env, backend });
  const data = new DataStack(app, { env, backend, network });
  const cluster = new ClusterStack(app, {
    env,
    backend,
    network,
    dataAccess: data.exports.serviceAccess,
    externalSecrets: data.exports.secrets,
    externalParameters: Object.values(data.exports.parameters),
  });
  const edge = new EdgeStack(app, { env, backend });
  const workloads = new WorkloadsStack(app, {
    env,
    backend,
    cluster: cluster.exports,
    edge: edge.exports,
    data: data.exports,
    vpcId: network.network.vpc.id,
  });
  return { network, data, cluster, edge, workloads };
}

/** Adds the stacks of every environment, in the order given. */
export function addEnvironments(app: App, envs: readonly EnvironmentConfig[], options: PlatformOptions = {}): Record<string, EnvironmentStacks> {
  return Object.fromEntries(envs.map((env) => [env.name, addEnvironment(app, env, options)]));
}
