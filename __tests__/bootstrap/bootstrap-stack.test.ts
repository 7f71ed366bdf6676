import { Testing } from "cdktf";
import { standardClusterAccess } from "../../environments/cluster-common";
import { ENVIRONMENTS } from "../../environments";
import { adminRoleFromEnv, synthesizeBootstrap } from "../../bootstrap/src/cli";
import { BootstrapStack } from "../../bootstrap/src/bootstrap-stack";
import { DENIED_DATA_READS } from "../../bootstrap/src/run-permissions";
import { LAYERS } from "../../src/naming";
import { pinnedTerraformVersion } from "../../src/terraform-version";
import { allConfigs, configOf } from "../support/environments";
import { SynthesizedStack, constructPath } from "../support/synth";

function synthBootstrap(envs = allConfigs(), adminRoleName?: string | null): SynthesizedStack {
  const app = Testing.app();
  return JSON.parse(Testing.synth(new BootstrapStack(app, "bootstrap", { envs, adminRoleName }))) as SynthesizedStack;
}

const json = synthBootstrap();
const byPath = (kind: "resource" | "data", type: string): Record<string, any> =>
  Object.fromEntries(Object.entries(json[kind]?.[type] ?? {}).map(([id, value]) => [constructPath(id), value]));
const workspaces = byPath("resource", "tfe_workspace");
const settings = byPath("resource", "tfe_workspace_settings");
const roles = byPath("resource", "aws_iam_role");
const documents = byPath("data", "aws_iam_policy_document");
const variables = byPath("resource", "tfe_variable");
/** `${tfe_workspace.<logical id>.id}` of the workspace at a construct path. */
const workspaceRef = (path: string) => {
  const id = Object.keys(json.resource!.tfe_workspace).find((logicalId) => constructPath(logicalId) === path);
  return `\${tfe_workspace.${id}.id}`;
};

describe("bootstrap: Terraform Cloud workspaces", () => {
  it("creates one workspace per environment and layer, named as the stacks name them", () => {
    expect(Object.keys(workspaces).sort()).toEqual(
      ["dev", "staging", "prod"].flatMap((env) => LAYERS.map((layer) => `${env}/${layer}/workspace`)).sort(),
    );
    for (const env of ["dev", "staging", "prod"]) {
      for (const layer of LAYERS) {
        const workspace = workspaces[`${env}/${layer}/workspace`];
        expect(workspace).toMatchObject({
          name: `llm-platform-${env}-${layer}`,
          organization: "acme-llm",
          terraform_version: pinnedTerraformVersion(),
          tags: { environment: env, stage: env, layer, project: "llm-platform" },
          lifecycle: { prevent_destroy: true },
        });
        expect(workspace.project_id).toMatch(/^\$\{tfe_project\..+\.id\}$/);
      }
    }
    expect(Object.values(byPath("resource", "tfe_project"))).toEqual([expect.objectContaining({ name: "llm-platform", organization: "acme-llm" })]);
  });

  it("turns auto-apply and destroy plans off in prod only", () => {
    for (const layer of LAYERS) {
      expect(workspaces[`prod/${layer}/workspace`]).toMatchObject({ auto_apply: false, allow_destroy_plan: false });
      expect(workspaces[`dev/${layer}/workspace`]).toMatchObject({ auto_apply: true, allow_destroy_plan: true });
      expect(workspaces[`staging/${layer}/workspace`]).toMatchObject({ auto_apply: true });
    }
  });

  it("runs remotely and shares state only with the layers that read it", () => {
    const consumers = (env: string, layer: string) => settings[`${env}/${layer}-settings`];
    for (const env of ["dev", "staging", "prod"]) {
      const ref = (layer: string) => workspaceRef(`${env}/${layer}/workspace`);
      for (const layer of LAYERS) {
        expect(consumers(env, layer)).toMatchObject({ execution_mode: "remote", global_remote_state: false, workspace_id: ref(layer) });
      }
      expect(consumers(env, "network").remote_state_consumer_ids).toEqual([ref("data"), ref("cluster"), ref("workloads")]);
      expect(consumers(env, "data").remote_state_consumer_ids).toEqual([ref("cluster"), ref("workloads")]);
      expect(consumers(env, "cluster").remote_state_consumer_ids).toEqual([ref("workloads")]);
      expect(consumers(env, "edge").remote_state_consumer_ids).toEqual([ref("workloads")]);
      expect(consumers(env, "workloads").remote_state_consumer_ids).toEqual([]);
    }
  });

  it("sets the dynamic credential variables of each workspace to its own roles", () => {
    const of = (path: string) => variables[path];
    expect(of("prod/data/tfc-aws-provider-auth")).toMatchObject({ key: "TFC_AWS_PROVIDER_AUTH", value: "true", category: "env", workspace_id: workspaceRef("prod/data/workspace") });
    expect(of("prod/data/tfc-aws-plan-role-arn").value).toMatch(/^\$\{aws_iam_role\.prod_data_plan-role_[0-9A-F]+\.arn\}$/);
    expect(of("prod/data/tfc-aws-apply-role-arn").value).toMatch(/^\$\{aws_iam_role\.prod_data_apply-role_[0-9A-F]+\.arn\}$/);
    expect(Object.keys(variables)).toHaveLength(3 * LAYERS.length * 3);
  });

  it("gives the CI team admin access to every workspace, for runs and JSON plans", () => {
    const access = Object.values(byPath("resource", "tfe_team_access"));
    expect(access).toHaveLength(3 * LAYERS.length);
    expect(access.every((entry) => entry.access === "admin")).toBe(true);
    expect(Object.values(byPath("resource", "tfe_team"))).toEqual([expect.objectContaining({ name: "llm-platform-ci" })]);
  });
});

describe("bootstrap: AWS identity for Terraform Cloud runs", () => {
  it("uses one aliased AWS provider per environment, locked to its account", () => {
    expect(json.provider!.aws.map((provider) => [provider.alias, provider.allowed_account_ids, provider.assume_role[0].role_arn])).toEqual([
      ["dev", ["111111111111"], "arn:aws:iam::111111111111:role/OrganizationAccountAccessRole"],
      ["staging", ["222222222222"], "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole"],
      ["prod", ["333333333333"], "arn:aws:iam::333333333333:role/OrganizationAccountAccessRole"],
    ]);
    expect(synthBootstrap(allConfigs(), null).provider!.aws[0].assume_role).toBeUndefined();
  });

  it("creates the OIDC provider for the Terraform Cloud host once per account", () => {
    const providers = Object.values(byPath("resource", "aws_iam_openid_connect_provider"));
    expect(providers.map((provider) => [provider.provider, provider.url, provider.client_id_list])).toEqual([
      ["aws.dev", "https://app.terraform.io", ["aws.workload.identity"]],
      ["aws.staging", "https://app.terraform.io", ["aws.workload.identity"]],
      ["aws.prod", "https://app.terraform.io", ["aws.workload.identity"]],
    ]);
    const sharedIdentity = { name: "staging", project: "llm-platform", aws: { accountId: "111111111111" } };
    const shared = configOf("staging", {
      aws: sharedIdentity.aws,
      cluster: { access: standardClusterAccess(sharedIdentity) },
      workloads: {
        application: {
          ingress: { certificateArn: "arn:aws:acm:us-east-1:111111111111:certificate/1c2d3e4f-2222-4b6c-9d0e-1f2a3b4c5d6e" },
          image: { repository: "111111111111.dkr.ecr.us-east-1.amazonaws.com/llm-api" },
        },
      },
    });
    const sharedJson = synthBootstrap([configOf("dev"), shared]);
    expect(Object.keys(sharedJson.resource!.aws_iam_openid_connect_provider)).toHaveLength(1);
  });

  it.each(["plan", "apply"] as const)("pins each %s role's trust to its workspace and run phase exactly", (phase) => {
    for (const env of ["dev", "staging", "prod"]) {
      for (const layer of LAYERS) {
        const workspace = `llm-platform-${env}-${layer}`;
        expect(roles[`${env}/${layer}/${phase}-role`]).toMatchObject({ name: `tfc-${workspace}-${phase}`, path: "/terraform-cloud/", provider: `aws.${env}` });
        const [statement] = documents[`${env}/${layer}/${phase}-role/trust`].statement;
        expect(statement.actions).toEqual(["sts:AssumeRoleWithWebIdentity"]);
        expect(statement.principals[0].identifiers[0]).toMatch(/^\$\{aws_iam_openid_connect_provider\.tfc-oidc-\d{12}-app-terraform-io\.arn\}$/);
        expect(statement.condition).toEqual([
          { test: "StringEquals", variable: "app.terraform.io:aud", values: ["aws.workload.identity"] },
          {
            test: "StringEquals",
            variable: "app.terraform.io:sub",
            values: [`organization:acme-llm:project:llm-platform:workspace:${workspace}:run_phase:${phase}`],
          },
        ]);
      }
    }
  });

  it("uses Terraform Cloud's default project in the subject when none is configured", () => {
    const noProject = synthBootstrap([configOf("dev", { terraformCloud: { project: undefined } })]);
    const trust = Object.entries(noProject.data!.aws_iam_policy_document).find(([id]) => constructPath(id) === "dev/network/plan-role/trust")![1];
    expect(trust.statement[0].condition[1].values).toEqual([
      "organization:acme-llm:project:Default Project:workspace:llm-platform-dev-network:run_phase:plan",
    ]);
    expect(noProject.resource!.tfe_project).toBeUndefined();
  });

  it("gives plan roles read-only access without data-plane reads, and no write policy", () => {
    const attachments = Object.entries(byPath("resource", "aws_iam_role_policy_attachment"));
    expect(attachments).toHaveLength(2 * 3 * LAYERS.length);
    expect(attachments.every(([, attachment]) => attachment.policy_arn === "arn:aws:iam::aws:policy/ReadOnlyAccess")).toBe(true);
    const policies = Object.keys(byPath("resource", "aws_iam_role_policy"));
    expect(policies.filter((path) => path.includes("plan-role/write"))).toEqual([]);
    const guard = documents["dev/network/plan-role/guard"].statement;
    expect(guard[0]).toEqual({ sid: "DenyDataPlaneReads", effect: "Deny", actions: DENIED_DATA_READS, resources: ["*"] });
    expect(guard[1].resources).toEqual(["arn:aws:iam::111111111111:role/terraform-cloud/*", "arn:aws:iam::111111111111:oidc-provider/app.terraform.io"]);
  });

  it("scopes apply roles to their layer's services, region and name prefix", () => {
    const write = (env: string, layer: string) => documents[`${env}/${layer}/apply-role/write`].statement as any[];
    const actions = (env: string, layer: string) => write(env, layer).flatMap((statement) => statement.actions);
    expect(actions("prod", "data")).toEqual(expect.arrayContaining(["rds:*", "elasticache:*", "es:*", "dynamodb:*", "s3:*"]));
    expect(actions("prod", "network")).not.toContain("rds:*");
    expect(actions("prod", "edge")).toContain("wafv2:*");
    expect(actions("prod", "edge")).not.toContain("eks:*");
    expect(actions("prod", "cluster")).toContain("eks:*");
    for (const env of ["dev", "staging", "prod"]) {
      for (const layer of LAYERS) {
        for (const statement of write(env, layer)) {
          expect(statement.actions).not.toContain("*");
          if (statement.resources.includes("*")) {
            // Unscoped resources only inside the region, or for service-linked roles of named services.
            const variables = statement.condition.map((condition: any) => condition.variable);
            expect(variables.some((variable: string) => ["aws:RequestedRegion", "iam:AWSServiceName"].includes(variable))).toBe(true);
          }
        }
      }
    }
    const data = write("prod", "data");
    expect(data.find((statement) => statement.sid === "ManageOwnTables").resources).toEqual(["arn:aws:dynamodb:us-east-1:333333333333:table/llm-platform-prod-*"]);
    expect(data.find((statement) => statement.sid === "ManageOwnRoles").resources).toEqual([
      "arn:aws:iam::333333333333:role/llm-platform-prod-*",
      "arn:aws:iam::333333333333:policy/llm-platform-prod-*",
    ]);
    expect(write("prod", "workloads").map((statement) => statement.sid)).toEqual(["ManageOwnRoles"]);
  });

  it("keeps its state on local disk, never in the repository's cdktf.out", () => {
    expect(json.terraform.backend).toEqual({ local: { path: "../../../terraform-state/bootstrap.tfstate" } });
    expect(json.terraform.required_providers.tfe).toEqual({ source: "hashicorp/tfe", version: "0.71.0" });
  });
});

describe("bootstrap: command line", () => {
  it("reads the administrator role from the environment", () => {
    expect(adminRoleFromEnv({})).toBeUndefined();
    expect(adminRoleFromEnv({ LLM_PLATFORM_BOOTSTRAP_ROLE: "none" })).toBeNull();
    expect(adminRoleFromEnv({ LLM_PLATFORM_BOOTSTRAP_ROLE: "PlatformAdmin" })).toBe("PlatformAdmin");
    expect(() => adminRoleFromEnv({ LLM_PLATFORM_BOOTSTRAP_ROLE: "bad role!" })).toThrow(
      'LLM_PLATFORM_BOOTSTRAP_ROLE="bad role!" is not an IAM role name (or "none")',
    );
  });

  it("reports a bad role name as input error without writing anything", () => {
    const errors: string[] = [];
    const code = synthesizeBootstrap(ENVIRONMENTS, {
      outdir: "/nonexistent/never-written",
      processEnv: { LLM_PLATFORM_BOOTSTRAP_ROLE: "bad role!" },
      stderr: { write: (text: string) => errors.push(text) },
    });
    expect(code).toBe(1);
    expect(errors.join("")).toContain("is not an IAM role name");
  });
});
