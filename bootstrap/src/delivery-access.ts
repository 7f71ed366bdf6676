import type { TeamAccessPermissions } from "@cdktf/provider-tfe/lib/team-access";
import type { EnvironmentConfig } from "../../src/config";
import { Layer, resourcePrefix } from "../../src/naming";

/**
 * What each Terraform Cloud team the bootstrap creates may do on a workspace.
 * No team gets `admin`: admin could change the workspace's settings, variables
 * and team access, i.e. undo every other control here.
 */
export const TEAM_PERMISSIONS = {
  /**
   * Pull-request (and deploy) plans: queue plans and read runs, including
   * their redacted JSON plan. Plans need someone else's apply permission to
   * be applied, so this token (handed to pull-request code) cannot change infrastructure.
   */
  plan: {
    runs: "plan",
    variables: "read",
    stateVersions: "read-outputs",
    sentinelMocks: "none",
    workspaceLocking: false,
    runTasks: false,
  },
  /** Applies of one environment: confirm runs; no settings, no variables writes, no state downloads. */
  apply: {
    runs: "apply",
    variables: "read",
    stateVersions: "read-outputs",
    sentinelMocks: "none",
    workspaceLocking: false,
    runTasks: false,
  },
} as const satisfies Record<string, TeamAccessPermissions>;

export type DeliveryPurpose = keyof typeof TEAM_PERMISSIONS;

/** The team that plans every environment of a project: `<project>-plan`. */
export function planTeamName(env: Pick<EnvironmentConfig, "project">): string {
  return `${env.project}-plan`;
}

/** The team that applies one environment: `<project>-<env>-apply`. */
export function applyTeamName(env: Pick<EnvironmentConfig, "project" | "name">): string {
  return `${resourcePrefix(env)}-apply`;
}

/** The GitHub secret each team's token is stored as, and where. */
export const GITHUB_SECRETS = {
  plan: { name: "TF_PLAN_TOKEN", where: "repository secret (pull-request plans and deploy plans)" },
  apply: { name: "TF_APPLY_TOKEN", where: "secret of the GitHub environment named like the environment" },
} as const;

/**
 * Layers whose providers talk to the Kubernetes API of the environment's
 * cluster: the cluster layer (the RBAC bindings of Terraform Cloud's
 * identities) and the workloads layer (everything in the cluster).
 */
export const KUBERNETES_API_LAYERS: readonly Layer[] = ["cluster", "workloads"];

/** Layers whose runs authenticate to Kubernetes with Terraform Cloud's dynamic credentials. */
export const DYNAMIC_KUBERNETES_CREDENTIAL_LAYERS: readonly Layer[] = ["workloads"];

/**
 * Whether a layer's runs execute on the environment's agents, inside its VPC,
 * rather than on Terraform Cloud's hosted runners. Every layer that talks to
 * the Kubernetes API does: the schema allows a private endpoint, or a public
 * one limited to an allow list (never 0.0.0.0/0), and hosted runners come
 * from shared addresses nobody should put on that list.
 */
export function runsOnAgents(layer: Layer): boolean {
  return KUBERNETES_API_LAYERS.includes(layer);
}

export { agentTokenSecretName } from "../../src/terraform-cloud-identity";
