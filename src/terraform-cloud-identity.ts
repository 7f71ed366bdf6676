import type { EnvironmentConfig } from "./config";
import { Layer, RunPhase, resourcePrefix, workspaceName } from "./naming";

/** Terraform Cloud's name for the project a workspace lands in when none is configured. */
export const DEFAULT_PROJECT_NAME = "Default Project";

/**
 * The audience of the tokens Terraform Cloud presents to Kubernetes
 * (`TFC_KUBERNETES_WORKLOAD_IDENTITY_AUDIENCE` of the workspaces, the client id
 * of the clusters' OIDC identity provider).
 */
export const KUBERNETES_WORKLOAD_IDENTITY_AUDIENCE = "kubernetes.workload.identity";

/** What EKS puts before the `sub` claim of a Terraform Cloud token to make the Kubernetes user name. */
export const KUBERNETES_USERNAME_PREFIX = "tfc:";

/** The Terraform Cloud project an environment's workspaces belong to. */
export function projectName(env: Pick<EnvironmentConfig, "terraformCloud">): string {
  return env.terraformCloud.project ?? DEFAULT_PROJECT_NAME;
}

/**
 * The `sub` claim of a Terraform Cloud workload identity token for one
 * workspace and run phase; trust policies match it exactly.
 */
export function workloadIdentitySubject(organization: string, project: string, workspace: string, phase: RunPhase): string {
  return `organization:${organization}:project:${project}:workspace:${workspace}:run_phase:${phase}`;
}

/** The Kubernetes user one phase of one layer's runs authenticates as through dynamic credentials. */
export function kubernetesRunUser(env: Pick<EnvironmentConfig, "terraformCloud" | "project" | "name">, layer: Layer, phase: RunPhase): string {
  const subject = workloadIdentitySubject(env.terraformCloud.organization, projectName(env), workspaceName(env, layer), phase);
  return `${KUBERNETES_USERNAME_PREFIX}${subject}`;
}

/**
 * The Secrets Manager secret in the environment's account that holds its
 * agent token (`tfc-agent/<project>-<env>`), written by the bootstrap and read
 * by the agents: outside the `<project>-<env>` names the layers' roles and the
 * application's secret store may read.
 */
export function agentTokenSecretName(env: Pick<EnvironmentConfig, "project" | "name">): string {
  return `tfc-agent/${resourcePrefix(env)}`;
}
