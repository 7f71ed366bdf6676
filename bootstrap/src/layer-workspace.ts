import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TeamAccess } from "@cdktf/provider-tfe/lib/team-access";
import { TfeProvider } from "@cdktf/provider-tfe/lib/provider";
import { Variable } from "@cdktf/provider-tfe/lib/variable";
import { Workspace } from "@cdktf/provider-tfe/lib/workspace";
import { Construct } from "constructs";
import type { EnvironmentConfig } from "../../src/config";
import { Layer, workspaceName } from "../../src/naming";
import { DYNAMIC_KUBERNETES_CREDENTIAL_LAYERS, DeliveryPurpose, TEAM_PERMISSIONS } from "./delivery-access";
import { RunScope, applyStatements, guardStatements } from "./run-permissions";
import { TerraformRunRole } from "./terraform-run-role";
import { KUBERNETES_WORKLOAD_IDENTITY_AUDIENCE, projectName, runRoleName, workloadIdentitySubject } from "./workload-identity";

export interface LayerWorkspaceProps {
  readonly env: EnvironmentConfig;
  readonly layer: Layer;
  readonly tfe: TfeProvider;
  readonly aws: AwsProvider;
  /** Terraform Cloud project id; undefined puts the workspace in the organization's default project. */
  readonly projectId?: string;
  readonly oidcProviderArn: string;
  readonly scope: RunScope;
  /** Team access by purpose (TEAM_PERMISSIONS): the plan team, and this environment's apply team. */
  readonly teamIds: Record<DeliveryPurpose, string>;
  /** The exact Terraform version, from `.terraform-version`. */
  readonly terraformVersion: string;
}

/**
 * One layer of one environment in Terraform Cloud: its workspace, the plan and
 * apply roles its runs assume in the environment's account, the variables that
 * turn on dynamic provider credentials, and the delivery teams' access.
 */
export class LayerWorkspace extends Construct {
  readonly workspace: Workspace;
  readonly planRole: TerraformRunRole;
  readonly applyRole: TerraformRunRole;

  constructor(scope: Construct, id: string, props: LayerWorkspaceProps) {
    super(scope, id);
    const { env, layer, tfe } = props;
    const name = workspaceName(env, layer);
    const prod = env.stage === "prod";
    this.workspace = new Workspace(this, "workspace", {
      provider: tfe,
      name,
      organization: env.terraformCloud.organization,
      projectId: props.projectId,
      description: `${layer} layer of ${env.name} (${env.stage}); stack ${env.name}-${layer}, run by cdktf from CI`,
      terraformVersion: props.terraformVersion,
      // Nothing applies by itself: the deploy workflow confirms the run a reviewer saw (docs/delivery.md).
      autoApply: false,
      queueAllRuns: false,
      speculativeEnabled: true,
      // A destroy plan of a prod layer would take its data with it: allow it only after an admin flips this.
      allowDestroyPlan: !prod,
      tags: { environment: env.name, stage: env.stage, layer, project: env.project },
      // The workspace holds the layer's state: never let a bootstrap change delete it.
      lifecycle: { preventDestroy: true },
    });

    const subject = (phase: "plan" | "apply") => workloadIdentitySubject(env.terraformCloud.organization, projectName(env), name, phase);
    const common = {
      provider: props.aws,
      oidcProviderArn: props.oidcProviderArn,
      hostname: env.terraformCloud.hostname,
      guardStatements: guardStatements(props.scope, env.terraformCloud.hostname),
    };
    this.planRole = new TerraformRunRole(this, "plan-role", {
      ...common,
      name: runRoleName(name, "plan"),
      description: `Terraform Cloud plans of workspace ${name}: read-only`,
      subject: subject("plan"),
    });
    this.applyRole = new TerraformRunRole(this, "apply-role", {
      ...common,
      name: runRoleName(name, "apply"),
      description: `Terraform Cloud applies of workspace ${name}: the ${layer} layer's services only`,
      subject: subject("apply"),
      writeStatements: applyStatements(layer, props.scope),
    });

    const variables: Record<string, { value: string; description: string }> = {
      TFC_AWS_PROVIDER_AUTH: { value: "true", description: "Dynamic AWS credentials: no static keys" },
      TFC_AWS_PLAN_ROLE_ARN: { value: this.planRole.role.arn, description: "Role plans assume (read-only)" },
      TFC_AWS_APPLY_ROLE_ARN: { value: this.applyRole.role.arn, description: "Role applies assume (this layer's services)" },
    };
    if (DYNAMIC_KUBERNETES_CREDENTIAL_LAYERS.includes(layer)) {
      // Dynamic Kubernetes credentials: each phase's token, as the user the cluster layer binds (tfc:<sub>).
      variables.TFC_KUBERNETES_PROVIDER_AUTH = { value: "true", description: "Dynamic Kubernetes and Helm credentials per run phase" };
      variables.TFC_KUBERNETES_WORKLOAD_IDENTITY_AUDIENCE = {
        value: KUBERNETES_WORKLOAD_IDENTITY_AUDIENCE,
        description: "Client id of the cluster's OIDC identity provider for Terraform Cloud",
      };
    }
    for (const [key, variable] of Object.entries(variables)) {
      new Variable(this, key.toLowerCase().replace(/_/g, "-"), {
        provider: tfe,
        workspaceId: this.workspace.id,
        category: "env",
        key,
        value: variable.value,
        description: variable.description,
      });
    }
    for (const purpose of Object.keys(TEAM_PERMISSIONS) as DeliveryPurpose[]) {
      new TeamAccess(this, `${purpose}-team-access`, {
        provider: tfe,
        teamId: props.teamIds[purpose],
        workspaceId: this.workspace.id,
        access: "custom",
        permissions: [{ ...TEAM_PERMISSIONS[purpose] }],
      });
    }
  }
}
