import { RegistryModule } from "@cdktf/provider-tfe/lib/registry-module";
import { TfeProvider } from "@cdktf/provider-tfe/lib/provider";
import { Construct } from "constructs";
import { UserInputError } from "../../src/config";
import { tagPrefix } from "../../src/modules/contract";

/** Repository the modules are published from, `owner/name` as the VCS provider shows it. */
export const MODULE_REPOSITORY_ENV_VAR = "LLM_PLATFORM_MODULE_REPOSITORY";
/** The organization's VCS connection: an OAuth token id (`ot-...`) ... */
export const MODULE_OAUTH_TOKEN_ENV_VAR = "LLM_PLATFORM_MODULE_OAUTH_TOKEN_ID";
/** ... or a GitHub App installation id (`ghain-...`). */
export const MODULE_GITHUB_APP_ENV_VAR = "LLM_PLATFORM_MODULE_GITHUB_APP_INSTALLATION_ID";

/**
 * Where the private registry reads the modules from. Absent: the bootstrap
 * publishes nothing (organizations without a VCS connection).
 */
export interface ModulePublishing {
  /** `owner/name` of this repository at the VCS provider. */
  readonly repository: string;
  readonly oauthTokenId?: string;
  readonly githubAppInstallationId?: string;
}

/**
 * Module publishing from the environment: off unless {@link MODULE_REPOSITORY_ENV_VAR}
 * is set, and then exactly one of the two VCS connection ids must be.
 */
export function modulePublishingFromEnv(environment: NodeJS.ProcessEnv = process.env): ModulePublishing | undefined {
  const repository = environment[MODULE_REPOSITORY_ENV_VAR] || undefined;
  const oauthTokenId = environment[MODULE_OAUTH_TOKEN_ENV_VAR] || undefined;
  const githubAppInstallationId = environment[MODULE_GITHUB_APP_ENV_VAR] || undefined;
  if (!repository) {
    if (oauthTokenId || githubAppInstallationId) {
      throw new UserInputError(`${MODULE_REPOSITORY_ENV_VAR} must be set (owner/name) to publish modules with a VCS connection`);
    }
    return undefined;
  }
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository)) {
    throw new UserInputError(`${MODULE_REPOSITORY_ENV_VAR}="${repository}" is not a repository owner/name`);
  }
  if ((oauthTokenId === undefined) === (githubAppInstallationId === undefined)) {
    throw new UserInputError(
      `${MODULE_REPOSITORY_ENV_VAR}="${repository}" needs exactly one of ${MODULE_OAUTH_TOKEN_ENV_VAR} (ot-...) and ${MODULE_GITHUB_APP_ENV_VAR} (ghain-...)`,
    );
  }
  if (oauthTokenId !== undefined && !/^ot-[A-Za-z0-9]+$/.test(oauthTokenId)) {
    throw new UserInputError(`${MODULE_OAUTH_TOKEN_ENV_VAR}="${oauthTokenId}" is not an OAuth token id (ot-...)`);
  }
  if (githubAppInstallationId !== undefined && !/^ghain-[A-Za-z0-9]+$/.test(githubAppInstallationId)) {
    throw new UserInputError(`${MODULE_GITHUB_APP_ENV_VAR}="${githubAppInstallationId}" is not a GitHub App installation id (ghain-...)`);
  }
  return { repository, oauthTokenId, githubAppInstallationId };
}

/**
 * One private registry module per generated module, published from its folder of
 * this repository by tags `modules/<name>/vX.Y.Z` (`tag_prefix` `modules/<name>/`):
 * consumers use `app.terraform.io/<organization>/<name>/aws`. The registry runs the
 * module's `tests/main.tftest.hcl` (mocked providers, no credentials).
 */
export function publishModules(
  scope: Construct,
  tfe: TfeProvider,
  organization: string,
  publishing: ModulePublishing,
  modules: readonly string[],
): RegistryModule[] {
  return modules.map(
    (name) =>
      new RegistryModule(scope, `module-${name}`, {
        provider: tfe,
        organization,
        name,
        moduleProvider: "aws",
        registryName: "private",
        vcsRepo: {
          identifier: publishing.repository,
          displayIdentifier: publishing.repository,
          oauthTokenId: publishing.oauthTokenId,
          githubAppInstallationId: publishing.githubAppInstallationId,
          sourceDirectory: `modules/${name}`,
          tags: true,
          tagPrefix: tagPrefix(name),
        },
        testConfig: [{ testsEnabled: true }],
      }),
  );
}
