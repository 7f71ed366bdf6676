import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Project } from "@cdktf/provider-tfe/lib/project";
import { TfeProvider } from "@cdktf/provider-tfe/lib/provider";
import { Team } from "@cdktf/provider-tfe/lib/team";
import { WorkspaceSettings } from "@cdktf/provider-tfe/lib/workspace-settings";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { AgentPool } from "@cdktf/provider-tfe/lib/agent-pool";
import { AgentPoolAllowedWorkspaces } from "@cdktf/provider-tfe/lib/agent-pool-allowed-workspaces";
import { AgentToken } from "@cdktf/provider-tfe/lib/agent-token";
import { TeamToken } from "@cdktf/provider-tfe/lib/team-token";
import { LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import type { EnvironmentConfig } from "../../src/config";
import { scopeOf } from "../../src/constructs/iam/arn";
import { consumersOf } from "../../src/layers";
import { LAYERS, Layer, RUN_ROLE_PATH, accountRoleArn, resourcePrefix, runBoundaryPolicyArn, runBoundaryPolicyName } from "../../src/naming";
import { moduleNames } from "../../src/modules/registry";
import { pinnedTerraformVersion, requiredVersionConstraint } from "../../src/terraform-version";
import { GITHUB_SECRETS, agentTokenSecretName, applyTeamName, planTeamName, runsOnAgents } from "./delivery-access";
import { LayerWorkspace } from "./layer-workspace";
import { ModulePublishing, publishModules } from "./module-registry";
import { RunScope, boundaryStatements } from "./run-permissions";
import { AWS_WORKLOAD_IDENTITY_AUDIENCE } from "./workload-identity";

/** Where the bootstrap keeps its state, relative to `bootstrap/cdktf.out/stacks/bootstrap`. */
export const BOOTSTRAP_STATE_PATH = "../../../terraform-state/bootstrap.tfstate";

export interface BootstrapStackProps {
  readonly envs: readonly EnvironmentConfig[];
  /**
   * Role the administrator's credentials assume in each environment's account.
   * Default: `OrganizationAccountAccessRole` (what AWS Organizations creates in
   * member accounts). `null`: use the administrator's ambient credentials as they are.
   */
  readonly adminRoleName?: string | null;
  /** Publish the generated modules to each organization's private registry. Default: off. */
  readonly modulePublishing?: ModulePublishing;
}

/** Construct-id-safe key for a host name: `app.terraform.io` -> `app-terraform-io`. */
const key = (value: string) => value.replace(/[^A-Za-z0-9-]/g, "-");

/**
 * Everything an organization needs before the first `cdktf deploy`: per
 * environment and layer a Terraform Cloud workspace with its settings and
 * dynamic AWS credentials, and per account the OIDC provider they rely on;
 * a token per purpose (plan for every environment, apply per environment);
 * per environment an agent pool for the layers that reach the cluster's
 * private API, with its agent token in the environment's Secrets Manager.
 */
export class BootstrapStack extends TerraformStack {
  /** Workspaces by environment name, then layer. */
  readonly workspaces: Record<string, Record<Layer, LayerWorkspace>> = {};

  constructor(scope: Construct, id: string, props: BootstrapStackProps) {
    super(scope, id);
    new LocalBackend(this, { path: BOOTSTRAP_STATE_PATH });
    this.addOverride("terraform.required_version", requiredVersionConstraint());
    const terraformVersion = pinnedTerraformVersion();
    const adminRoleName = props.adminRoleName === undefined ? "OrganizationAccountAccessRole" : props.adminRoleName;

    const tfeProviders = new Map<string, TfeProvider>();
    const tfeFor = (hostname: string) => {
      if (!tfeProviders.has(hostname)) {
        tfeProviders.set(hostname, new TfeProvider(this, `tfe-${key(hostname)}`, { hostname, alias: key(hostname) }));
      }
      return tfeProviders.get(hostname)!;
    };
    const once = <T>(cache: Map<string, T>, cacheKey: string, make: () => T) => {
      if (!cache.has(cacheKey)) cache.set(cacheKey, make());
      return cache.get(cacheKey)!;
    };
    const projects = new Map<string, Project>();
    const teams = new Map<string, Team>();
    const oidcProviders = new Map<string, IamOpenidConnectProvider>();
    const registries = new Set<string>();

    for (const env of props.envs) {
      const { hostname, organization, project } = env.terraformCloud;
      const tfe = tfeFor(hostname);
      if (props.modulePublishing && !registries.has(`${hostname}/${organization}`)) {
        registries.add(`${hostname}/${organization}`);
        publishModules(new Construct(this, `registry-${key(hostname)}-${organization}`), tfe, organization, props.modulePublishing, moduleNames());
      }
      const projectId = project
        ? once(
            projects,
            `${hostname}/${organization}/${project}`,
            () =>
              new Project(this, `project-${key(hostname)}-${organization}-${key(project)}`, {
                provider: tfe,
                organization,
                name: project,
                description: `Workspaces of ${env.project}, one per environment and layer`,
              }),
          ).id
        : undefined;
      const planTeam = once(teams, `${hostname}/${organization}/${env.project}`, () => {
        const team = new Team(this, `plan-team-${key(hostname)}-${organization}-${env.project}`, {
          provider: tfe,
          organization,
          name: planTeamName(env),
          visibility: "organization",
        });
        this.teamToken(team, `plan-token-${key(hostname)}-${organization}-${env.project}`, "plan", `every environment of ${env.project}`);
        return team;
      });

      const aws = new AwsProvider(this, `aws-${env.name}`, {
        alias: env.name,
        region: env.aws.region,
        allowedAccountIds: [env.aws.accountId],
        assumeRole: adminRoleName ? [{ roleArn: accountRoleArn(env, adminRoleName), sessionName: "llm-platform-bootstrap" }] : undefined,
        defaultTags: [{ tags: { Project: env.project, Environment: env.name, ManagedBy: "cdktf-bootstrap", Owner: env.tags.owner } }],
      });
      // One OIDC provider per account and host: environments sharing an account share it.
      const oidc = once(
        oidcProviders,
        `${env.aws.accountId}/${hostname}`,
        () =>
          new IamOpenidConnectProvider(this, `tfc-oidc-${env.aws.accountId}-${key(hostname)}`, {
            provider: aws,
            url: `https://${hostname}`,
            clientIdList: [AWS_WORKLOAD_IDENTITY_AUDIENCE],
          }),
      );

      const envScope = new Construct(this, env.name);
      const scope: RunScope = {
        ...scopeOf(env.aws.accountId, env.aws.region),
        namePrefix: resourcePrefix(env),
        environment: env.name,
        boundaryPolicyArn: runBoundaryPolicyArn(env),
        agentTokenSecretName: agentTokenSecretName(env),
      };
      const boundary = new DataAwsIamPolicyDocument(envScope, "run-boundary", { provider: aws, statement: boundaryStatements(scope, hostname) });
      new IamPolicy(envScope, "run-boundary-policy", {
        provider: aws,
        name: runBoundaryPolicyName(env),
        path: RUN_ROLE_PATH,
        description: `Permissions boundary of every IAM role the ${env.name} layers create: the apply roles can create no role without it`,
        policy: boundary.json,
      });
      const applyTeam = new Team(envScope, "apply-team", {
        provider: tfe,
        organization,
        name: applyTeamName(env),
        visibility: "secret",
      });
      this.teamToken(applyTeam, `${env.name}-apply-token`, "apply", `environment ${env.name}`);
      const agentPool = new AgentPool(envScope, "agent-pool", {
        provider: tfe,
        organization,
        name: resourcePrefix(env),
        // Only this environment's workspaces may use its agents (below).
        organizationScoped: false,
      });
      this.agentToken(envScope, env, agentPool, aws);

      const layers = {} as Record<Layer, LayerWorkspace>;
      for (const layer of LAYERS) {
        layers[layer] = new LayerWorkspace(envScope, layer, {
          env,
          layer,
          tfe,
          aws,
          projectId,
          oidcProviderArn: oidc.arn,
          scope,
          teamIds: { plan: planTeam.id, apply: applyTeam.id },
          terraformVersion,
        });
      }
      const agentLayers = LAYERS.filter(runsOnAgents);
      new AgentPoolAllowedWorkspaces(envScope, "agent-pool-workspaces", {
        provider: tfe,
        agentPoolId: agentPool.id,
        allowedWorkspaceIds: agentLayers.map((layer) => layers[layer].workspace.id),
      });
      for (const layer of LAYERS) {
        const agents = runsOnAgents(layer);
        new WorkspaceSettings(envScope, `${layer}-settings`, {
          provider: tfe,
          workspaceId: layers[layer].workspace.id,
          executionMode: agents ? "agent" : "remote",
          agentPoolId: agents ? agentPool.id : undefined,
          // Only the layers that read this one's outputs may read its state.
          globalRemoteState: false,
          remoteStateConsumerIds: consumersOf(layer).map((consumer) => layers[consumer].workspace.id),
        });
      }
      this.workspaces[env.name] = layers;
    }
  }

  /**
   * A team token, shown once as a sensitive output for the administrator to
   * store as the GitHub secret GITHUB_SECRETS names (docs/delivery.md). It lives
   * in the bootstrap's state, which must be kept like the secret it holds.
   */
  private teamToken(team: Team, id: string, purpose: keyof typeof GITHUB_SECRETS, what: string): void {
    const token = new TeamToken(this, id, {
      provider: team.provider,
      teamId: team.id,
      description: `${GITHUB_SECRETS[purpose].name} of GitHub: ${purpose} ${what}`,
    });
    new TerraformOutput(this, `${id}-output`, {
      staticId: true,
      value: token.token,
      sensitive: true,
      description: `Store as GitHub ${GITHUB_SECRETS[purpose].where}: ${GITHUB_SECRETS[purpose].name} (${what})`,
    });
  }

  /**
   * The environment's agent token, written to a Secrets Manager secret in its
   * account, where the agents read it (write-only: the secret's own state
   * holds no copy; the token itself stays in the bootstrap's state).
   */
  private agentToken(scope: Construct, env: EnvironmentConfig, pool: AgentPool, aws: AwsProvider): void {
    const token = new AgentToken(scope, "agent-token", {
      provider: pool.provider,
      agentPoolId: pool.id,
      description: `Agents of ${env.name}, from Secrets Manager ${agentTokenSecretName(env)}`,
    });
    const secret = new SecretsmanagerSecret(scope, "agent-token-secret", {
      provider: aws,
      name: agentTokenSecretName(env),
      description: `Terraform Cloud agent token of pool ${pool.name}: read by the agents in ${env.name}'s private subnets`,
      recoveryWindowInDays: 7,
    });
    new SecretsmanagerSecretVersion(scope, "agent-token-secret-value", {
      provider: aws,
      secretId: secret.id,
      secretStringWo: token.token,
      // Bump to write a new token (after `terraform apply -replace` of the agent token).
      secretStringWoVersion: 1,
    });
  }
}
