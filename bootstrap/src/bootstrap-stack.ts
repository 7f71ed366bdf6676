import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Project } from "@cdktf/provider-tfe/lib/project";
import { TfeProvider } from "@cdktf/provider-tfe/lib/provider";
import { Team } from "@cdktf/provider-tfe/lib/team";
import { WorkspaceSettings } from "@cdktf/provider-tfe/lib/workspace-settings";
import { LocalBackend, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import type { EnvironmentConfig } from "../../src/config";
import { scopeOf } from "../../src/constructs/iam/arn";
import { consumersOf } from "../../src/layers";
import { LAYERS, Layer, resourcePrefix } from "../../src/naming";
import { pinnedTerraformVersion, requiredVersionConstraint } from "../../src/terraform-version";
import { LayerWorkspace } from "./layer-workspace";
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
}

/** Construct-id-safe key for a host name: `app.terraform.io` -> `app-terraform-io`. */
const key = (value: string) => value.replace(/[^A-Za-z0-9-]/g, "-");

/**
 * Everything an organization needs before the first `cdktf deploy`: per
 * environment and layer a Terraform Cloud workspace with its settings and
 * dynamic AWS credentials, and per account the OIDC provider they rely on.
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

    for (const env of props.envs) {
      const { hostname, organization, project } = env.terraformCloud;
      const tfe = tfeFor(hostname);
      const projectId = project
        ? once(projects, `${hostname}/${organization}/${project}`, () =>
            new Project(this, `project-${key(hostname)}-${organization}-${key(project)}`, {
              provider: tfe,
              organization,
              name: project,
              description: `Workspaces of ${env.project}, one per environment and layer`,
            }),
          ).id
        : undefined;
      const ciTeam = once(teams, `${hostname}/${organization}/${env.project}`, () =>
        new Team(this, `ci-team-${key(hostname)}-${organization}-${env.project}`, {
          provider: tfe,
          organization,
          name: `${env.project}-ci`,
          visibility: "organization",
        }),
      );

      const aws = new AwsProvider(this, `aws-${env.name}`, {
        alias: env.name,
        region: env.aws.region,
        allowedAccountIds: [env.aws.accountId],
        assumeRole: adminRoleName
          ? [{ roleArn: `arn:aws:iam::${env.aws.accountId}:role/${adminRoleName}`, sessionName: "llm-platform-bootstrap" }]
          : undefined,
        defaultTags: [{ tags: { Project: env.project, Environment: env.name, ManagedBy: "cdktf-bootstrap", Owner: env.tags.owner } }],
      });
      // One OIDC provider per account and host: environments sharing an account share it.
      const oidc = once(oidcProviders, `${env.aws.accountId}/${hostname}`, () =>
        new IamOpenidConnectProvider(this, `tfc-oidc-${env.aws.accountId}-${key(hostname)}`, {
          provider: aws,
          url: `https://${hostname}`,
          clientIdList: [AWS_WORKLOAD_IDENTITY_AUDIENCE],
        }),
      );

      const envScope = new Construct(this, env.name);
      const layers = {} as Record<Layer, LayerWorkspace>;
      for (const layer of LAYERS) {
        layers[layer] = new LayerWorkspace(envScope, layer, {
          env,
          layer,
          tfe,
          aws,
          projectId,
          oidcProviderArn: oidc.arn,
          scope: { ...scopeOf(env.aws.accountId, env.aws.region), namePrefix: resourcePrefix(env) },
          ciTeamId: ciTeam.id,
          terraformVersion,
        });
      }
      for (const layer of LAYERS) {
        new WorkspaceSettings(envScope, `${layer}-settings`, {
          provider: tfe,
          workspaceId: layers[layer].workspace.id,
          executionMode: "remote",
          // Only the layers that read this one's outputs may read its state.
          globalRemoteState: false,
          remoteStateConsumerIds: consumersOf(layer).map((consumer) => layers[consumer].workspace.id),
        });
      }
      this.workspaces[env.name] = layers;
    }
  }
}
