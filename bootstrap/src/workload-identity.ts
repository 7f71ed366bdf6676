export { RUN_PHASES, runRoleName } from "../../src/naming";
export type { RunPhase } from "../../src/naming";

/** The audience Terraform Cloud puts in the tokens it presents to AWS (its default). */
export const AWS_WORKLOAD_IDENTITY_AUDIENCE = "aws.workload.identity";

export { DEFAULT_PROJECT_NAME, KUBERNETES_WORKLOAD_IDENTITY_AUDIENCE, projectName, workloadIdentitySubject } from "../../src/terraform-cloud-identity";
