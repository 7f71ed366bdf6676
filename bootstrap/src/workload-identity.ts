import type { EnvironmentConfig } from "../../src/config";
import type { RunPhase } from "../../src/naming";

export { RUN_PHASES, runRoleName } from "../../src/naming";
export type { RunPhase } from "../../src/naming";

/** The audience Terraform Cloud puts in the tokens it presents to AWS (its default). */
export const AWS_WORKLOAD_IDENTITY_AUDIENCE = "aws.workload.identity";

/** Terraform Cloud's name for the project a workspace lands in when none is configured. */
export const DEFAULT_PROJECT_NAME = "Default Project";


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
