import type { EnvironmentConfig } from "../../src/config";

/** The audience Terraform Cloud puts in the tokens it presents to AWS (its default). */
export const AWS_WORKLOAD_IDENTITY_AUDIENCE = "aws.workload.identity";

/** Terraform Cloud's name for the project a workspace lands in when none is configured. */
export const DEFAULT_PROJECT_NAME = "Default Project";

export const RUN_PHASES = ["plan", "apply"] as const;
export type RunPhase = (typeof RUN_PHASES)[number];

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

/** Name of a workspace's run role: `tfc-<project>-<env>-<layer>-<phase>`, at most 61 characters. */
export function runRoleName(workspace: string, phase: RunPhase): string {
  return `tfc-${workspace}-${phase}`;
}
