import { Testing } from "cdktf";
import { standardClusterAccess } from "../../environments/cluster-common";
import { ENVIRONMENTS } from "../../environments";
import { adminRoleFromEnv, synthesizeBootstrap } from "../../bootstrap/src/cli";
import { BootstrapStack } from "../../bootstrap/src/bootstrap-stack";
import { modulePublishingFromEnv } from "../../bootstrap/src/module-registry";
import { moduleNames } from "../../src/modules/registry";
import { releaseTag } from "../../src/modules/contract";
import { DENIED_DATA_READS, READ_ACTIONS, ROLE_CHANGING_ACTIONS } from "../../bootstrap/src/run-permissions";
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
    expect(Object.keys(workspaces).sort()).toEqual(["dev", "staging", "prod"].flatMap((env) => LAYERS.map((layer) => `${env}/${layer}/workspace`)).sort());
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

  it("applies nothing by itself, and refuses destroy plans in prod only", () => {
    for (const layer of LAYERS) {
      expect(workspaces[`prod/${layer}/workspace`]).toMatchObject({ auto_apply: false, allow_destroy_plan: false });
      expect(workspaces[`dev/${layer}/workspace`]).toMatchObject({ auto_apply: false, allow_destroy_plan: true });
      expect(workspaces[`staging/${layer}/workspace`]).toMatchObject({ auto_apply: false });
    }
  });

  it("runs the layers that talk to Kubernetes on the environment's agents, the rest remotely, and shares state only with the layers that read it", () => {
    const consumers = (env: string, layer: string) => settings[`${env}/${layer}-settings`];
    for (const env of ["dev", "staging", "prod"]) {
      const ref = (layer: string) => workspaceRef(`${env}/${layer}/workspace`);
      for (const layer of LAYERS) {
        expect(consumers(env, layer)).toMatchObject({ global_remote_state: false, workspace_id: ref(layer) });
        if (layer === "workloads" || layer === "cluster") {
          expect(consumers(env, layer)).toMatchObject({
            execution_mode: "agent",
            agent_pool_id: expect.stringMatching(new RegExp(`^\\$\\{tfe_agent_pool\\.${env}_agent-pool_[0-9A-F]+\\.id\\}$`)),
          });
        } else {
          expect(consumers(env, layer).execution_mode).toBe("remote");
          expect(consumers(env, layer).agent_pool_id).toBeUndefined();
        }
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
    expect(of("prod/data/tfc-aws-provider-auth")).toMatchObject({
      key: "TFC_AWS_PROVIDER_AUTH",
      value: "true",
      category: "env",
      workspace_id: workspaceRef("prod/data/workspace"),
    });
    expect(of("prod/data/tfc-aws-plan-role-arn").value).toMatch(/^\$\{aws_iam_role\.prod_data_plan-role_[0-9A-F]+\.arn\}$/);
    expect(of("prod/data/tfc-aws-apply-role-arn").value).toMatch(/^\$\{aws_iam_role\.prod_data_apply-role_[0-9A-F]+\.arn\}$/);
    // The workloads workspaces also turn on dynamic Kubernetes credentials, with the audience the clusters trust.
    expect(Object.keys(variables)).toHaveLength(3 * LAYERS.length * 3 + 3 * 2);
    for (const env of ["dev", "staging", "prod"]) {
      expect(of(`${env}/workloads/tfc-kubernetes-provider-auth`)).toMatchObject({ key: "TFC_KUBERNETES_PROVIDER_AUTH", value: "true", category: "env" });
      expect(of(`${env}/workloads/tfc-kubernetes-workload-identity-audience`)).toMatchObject({
        key: "TFC_KUBERNETES_WORKLOAD_IDENTITY_AUDIENCE",
        value: "kubernetes.workload.identity",
      });
      expect(of(`${env}/cluster/tfc-kubernetes-provider-auth`)).toBeUndefined();
    }
  });

  it("gives no team admin access: the plan team may plan everywhere, each apply team apply in its environment only", () => {
    const access = byPath("resource", "tfe_team_access");
    expect(Object.keys(access)).toHaveLength(2 * 3 * LAYERS.length);
    expect(Object.values(access).every((entry) => entry.access === "custom")).toBe(true);
    const teams = byPath("resource", "tfe_team");
    expect(
      Object.values(teams)
        .map((team) => team.name)
        .sort(),
    ).toEqual(["llm-platform-dev-apply", "llm-platform-plan", "llm-platform-prod-apply", "llm-platform-staging-apply"]);
    const teamRef = (path: string) => `\${tfe_team.${Object.keys(json.resource!.tfe_team).find((id) => constructPath(id) === path)}.id}`;
    const planTeam = teamRef(Object.keys(teams).find((path) => teams[path].name === "llm-platform-plan")!);
    for (const env of ["dev", "staging", "prod"]) {
      for (const layer of LAYERS) {
        const plan = access[`${env}/${layer}/plan-team-access`];
        const apply = access[`${env}/${layer}/apply-team-access`];
        expect(plan.team_id).toBe(planTeam);
        expect(plan.permissions).toEqual([
          { runs: "plan", variables: "read", state_versions: "read-outputs", sentinel_mocks: "none", workspace_locking: false, run_tasks: false },
        ]);
        // Each environment's apply team reaches its own workspaces only.
        expect(apply.team_id).toBe(teamRef(`${env}/apply-team`));
        expect(apply.permissions[0]).toMatchObject({ runs: "apply", variables: "read", state_versions: "read-outputs" });
        expect(apply.workspace_id).toBe(workspaceRef(`${env}/${layer}/workspace`));
      }
    }
  });

  it("makes one token per purpose and hands each out only as a sensitive output naming its GitHub secret", () => {
    const tokens = Object.entries(byPath("resource", "tfe_team_token"));
    expect(tokens).toHaveLength(1 + 3);
    const outputs = Object.values(json.output as Record<string, any>).filter((output) => String(output.value).includes("tfe_team_token"));
    expect(outputs).toHaveLength(4);
    expect(outputs.every((output) => output.sensitive === true)).toBe(true);
    expect(
      outputs.filter((output) => output.description.startsWith("Store as GitHub repository secret (pull-request plans and deploy plans): TF_PLAN_TOKEN")),
    ).toHaveLength(1);
    expect(
      outputs.filter((output) =>
        output.description.startsWith("Store as GitHub secret of the GitHub environment named like the environment: TF_APPLY_TOKEN (environment prod)"),
      ),
    ).toHaveLength(1);
  });

  it("gives each environment an agent pool for its own workspaces, its token written to its own account's Secrets Manager", () => {
    const pools = byPath("resource", "tfe_agent_pool");
    const allowed = byPath("resource", "tfe_agent_pool_allowed_workspaces");
    const secrets = byPath("resource", "aws_secretsmanager_secret");
    const versions = byPath("resource", "aws_secretsmanager_secret_version");
    for (const env of ["dev", "staging", "prod"]) {
      expect(pools[`${env}/agent-pool`]).toMatchObject({ name: `llm-platform-${env}`, organization: "acme-llm", organization_scoped: false });
      expect(allowed[`${env}/agent-pool-workspaces`].allowed_workspace_ids).toEqual([
        workspaceRef(`${env}/cluster/workspace`),
        workspaceRef(`${env}/workloads/workspace`),
      ]);
      expect(secrets[`${env}/agent-token-secret`]).toMatchObject({ name: `tfc-agent/llm-platform-${env}`, provider: `aws.${env}` });
      const version = versions[`${env}/agent-token-secret-value`];
      expect(version.secret_string).toBeUndefined();
      expect(version.secret_string_wo).toMatch(/^\$\{tfe_agent_token\..+\.token\}$/);
    }
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
    const sharedIdentity = { name: "staging", project: "llm-platform", aws: { accountId: "111111111111", region: "us-east-1" as const } };
    const shared = configOf("staging", {
      aws: sharedIdentity.aws,
      cluster: { access: standardClusterAccess(sharedIdentity) },
      workloads: {
        applications: {
          "llm-api": {
            ingress: { certificateArn: "arn:aws:acm:us-east-1:111111111111:certificate/1c2d3e4f-2222-4b6c-9d0e-1f2a3b4c5d6e" },
            image: { repository: "111111111111.dkr.ecr.us-east-1.amazonaws.com/llm-api" },
          },
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
    expect(trust.statement[0].condition[1].values).toEqual(["organization:acme-llm:project:Default Project:workspace:llm-platform-dev-network:run_phase:plan"]);
    expect(noProject.resource!.tfe_project).toBeUndefined();
  });

  it("gives both run roles a read allow list, without data-plane reads or secret values, and plan roles no write policy", () => {
    expect(Object.keys(byPath("resource", "aws_iam_role_policy_attachment"))).toEqual([]);
    for (const phase of ["plan", "apply"]) {
      const [read] = documents[`prod/data/${phase}-role/read`].statement;
      expect(read).toEqual({ sid: "ReadConfiguration", effect: "Allow", actions: READ_ACTIONS, resources: ["*"] });
    }
    // Reads are named service by service: no whole-service or global wildcard, no data-plane or secret reads.
    for (const action of READ_ACTIONS) {
      expect(action).toMatch(/^[a-z0-9-]+:(Describe|Get|List)[A-Za-z*]*$/);
      expect(DENIED_DATA_READS).not.toContain(action);
    }
    expect(READ_ACTIONS).not.toContain("secretsmanager:GetSecretValue");
    const policies = Object.keys(byPath("resource", "aws_iam_role_policy"));
    expect(policies.filter((path) => path.includes("plan-role/write"))).toEqual([]);
    const guard = documents["dev/network/plan-role/guard"].statement;
    expect(guard[0]).toEqual({ sid: "DenyDataPlaneReads", effect: "Deny", actions: DENIED_DATA_READS, resources: ["*"] });
    expect(guard[1]).toMatchObject({ sid: "DenyTouchingDeliveryIdentity", effect: "Deny", actions: ["*"] });
    expect(guard[1].resources).toEqual([
      "arn:aws:iam::111111111111:role/terraform-cloud/*",
      "arn:aws:iam::111111111111:policy/terraform-cloud/*",
      "arn:aws:iam::111111111111:oidc-provider/app.terraform.io",
      "arn:aws:secretsmanager:us-east-1:111111111111:secret:tfc-agent/llm-platform-dev-*",
    ]);
  });

  it("scopes apply roles to their layer's services, region and name prefix", () => {
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
            // Unscoped resources only inside the region, for service-linked roles of named services, or keys tagged for the layer.
            const variables = statement.condition.map((condition: any) => condition.variable);
            expect(variables.some((variable: string) => ["aws:RequestedRegion", "iam:AWSServiceName", "aws:RequestTag/Layer"].includes(variable))).toBe(true);
          }
        }
      }
    }
    const data = write("prod", "data");
    expect(data.find((statement) => statement.sid === "ManageOwnTables").resources).toEqual([
      "arn:aws:dynamodb:us-east-1:333333333333:table/llm-platform-prod-*",
    ]);
    expect(data.find((statement) => statement.sid === "ManageOwnRoles").resources).toEqual(["arn:aws:iam::333333333333:role/llm-platform-prod-*"]);
    expect(write("prod", "workloads").map((statement) => statement.sid)).toEqual(["ChangeOwnRolesWithinBoundary", "ManageOwnRoles"]);
  });
});

const write = (env: string, layer: string) => documents[`${env}/${layer}/apply-role/write`].statement as any[];
const guard = (env: string, layer: string) => documents[`${env}/${layer}/apply-role/guard`].statement as any[];
const allows = (env: string, layer: string) => [...documents[`${env}/${layer}/apply-role/read`].statement, ...write(env, layer)];
/** Whether an IAM action pattern (with `*`) covers an action. */
const covers = (pattern: string, action: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`, "i").test(action);
const allowsAction = (statement: any, action: string) => statement.effect === "Allow" && statement.actions.some((pattern: string) => covers(pattern, action));
const boundaryArn = (env: string, account: string) => `arn:aws:iam::${account}:policy/terraform-cloud/llm-platform-${env}-run-boundary`;
const ACCOUNTS: Record<string, string> = { dev: "111111111111", staging: "222222222222", prod: "333333333333" };

describe("bootstrap: apply roles have a ceiling", () => {
  const everyApplyRole = ["dev", "staging", "prod"].flatMap((env) => LAYERS.map((layer) => [env, layer] as const));

  it.each(everyApplyRole)("%s %s: cannot create or change a role without the environment's boundary, nor remove it", (env, layer) => {
    const boundary = boundaryArn(env, ACCOUNTS[env]);
    for (const action of ROLE_CHANGING_ACTIONS) {
      for (const statement of allows(env, layer).filter((candidate) => allowsAction(candidate, action))) {
        expect({ action, condition: statement.condition }).toEqual({
          action,
          condition: [{ test: "StringEquals", variable: "iam:PermissionsBoundary", values: [boundary] }],
        });
      }
    }
    expect(guard(env, layer)).toEqual(
      expect.arrayContaining([
        {
          sid: "DenyRolesWithoutBoundary",
          effect: "Deny",
          actions: ROLE_CHANGING_ACTIONS,
          resources: ["*"],
          condition: [{ test: "StringNotEquals", variable: "iam:PermissionsBoundary", values: [boundary] }],
        },
        { sid: "DenyRemovingBoundary", effect: "Deny", actions: ["iam:DeleteRolePermissionsBoundary"], resources: ["*"] },
      ]),
    );
    expect(allows(env, layer).some((statement) => allowsAction(statement, "iam:DeleteRolePermissionsBoundary"))).toBe(false);
  });

  it.each(everyApplyRole)("%s %s: cannot change its own policies, trust or boundary", (env, layer) => {
    const ownRole = `arn:aws:iam::${ACCOUNTS[env]}:role/terraform-cloud/tfc-llm-platform-${env}-${layer}-apply`;
    const boundaryPolicy = boundaryArn(env, ACCOUNTS[env]);
    for (const statement of allows(env, layer)) {
      if (!statement.actions.some((action: string) => action.startsWith("iam:") && !/^iam:(Get|List)/.test(action))) continue;
      for (const resource of statement.resources) {
        if (resource === "*") continue;
        expect({ sid: statement.sid, resource, coversOwnRole: covers(resource, ownRole), coversBoundary: covers(resource, boundaryPolicy) }).toEqual({
          sid: statement.sid,
          resource,
          coversOwnRole: false,
          coversBoundary: false,
        });
      }
    }
    const denied = guard(env, layer).find((statement) => statement.sid === "DenyTouchingDeliveryIdentity");
    expect(denied.actions).toEqual(["*"]);
    expect(denied.resources.some((resource: string) => covers(resource, ownRole))).toBe(true);
    expect(denied.resources.some((resource: string) => covers(resource, boundaryPolicy))).toBe(true);
  });

  it("gives IAM role rights only to the layers that create roles", () => {
    for (const env of ["dev", "staging", "prod"]) {
      for (const layer of LAYERS) {
        const mayCreate = allows(env, layer).some((statement) => allowsAction(statement, "iam:CreateRole"));
        expect({ layer, mayCreate }).toEqual({ layer, mayCreate: layer !== "edge" });
      }
    }
    expect(write("prod", "edge").filter((statement) => statement.actions.some((action: string) => action.startsWith("iam:")))).toEqual([
      expect.objectContaining({ sid: "CreateServiceLinkedRoles", actions: ["iam:CreateServiceLinkedRole"] }),
    ]);
  });

  it.each(everyApplyRole)("%s %s: KMS actions only on the layer's own keys", (env, layer) => {
    for (const statement of write(env, layer).filter((candidate) => candidate.actions.some((action: string) => action.startsWith("kms:")))) {
      const tags = Object.fromEntries((statement.condition ?? []).map((condition: any) => [condition.variable, condition.values]));
      if (statement.sid === "ManageOwnKeyAliases") {
        expect(statement.resources).toEqual([`arn:aws:kms:us-east-1:${ACCOUNTS[env]}:alias/llm-platform-${env}*`]);
      } else if (statement.sid === "CreateOwnKeys") {
        expect(statement.actions).toEqual(["kms:CreateKey"]);
        expect(tags).toMatchObject({ "aws:RequestTag/Layer": [layer], "aws:RequestTag/Environment": [env] });
      } else {
        expect(statement.resources).toEqual([`arn:aws:kms:us-east-1:${ACCOUNTS[env]}:key/*`]);
        expect(tags).toMatchObject({ "aws:ResourceTag/Layer": [layer], "aws:ResourceTag/Environment": [env] });
      }
    }
    // The edge layer cannot decrypt or schedule the deletion of a data key: no statement without its tag.
    const keyActions = write(env, layer).filter((statement) => allowsAction(statement, "kms:ScheduleKeyDeletion"));
    expect(
      keyActions.every((statement) =>
        statement.condition.some((condition: any) => condition.variable === "aws:ResourceTag/Layer" && condition.values[0] === layer),
      ),
    ).toBe(true);
    if (layer === "workloads") expect(write(env, layer).some((statement) => statement.actions.some((action: string) => action.startsWith("kms:")))).toBe(false);
  });

  it("creates each environment's boundary, which denies identity management, the delivery identity and key destruction", () => {
    const policies = byPath("resource", "aws_iam_policy");
    for (const env of ["dev", "staging", "prod"]) {
      expect(policies[`${env}/run-boundary-policy`]).toMatchObject({
        name: `llm-platform-${env}-run-boundary`,
        path: "/terraform-cloud/",
        provider: `aws.${env}`,
      });
      const statements = documents[`${env}/run-boundary`].statement as any[];
      const denied = (action: string) =>
        statements.some(
          (statement) =>
            statement.effect === "Deny" && statement.resources.includes("*") && (statement.actions ?? []).some((pattern: string) => covers(pattern, action)),
        );
      for (const action of [
        ...ROLE_CHANGING_ACTIONS,
        "iam:CreateUser",
        "iam:CreateAccessKey",
        "iam:DeleteRolePermissionsBoundary",
        "kms:ScheduleKeyDeletion",
        "kms:PutKeyPolicy",
        "organizations:LeaveOrganization",
      ]) {
        expect({ action, denied: denied(action) }).toEqual({ action, denied: true });
      }
      // What the created roles do for a living stays allowed (their own policies decide).
      for (const action of ["kms:Decrypt", "kms:CreateGrant", "secretsmanager:GetSecretValue", "iam:CreateServiceLinkedRole", "ec2:CreateNetworkInterface"]) {
        expect({ action, denied: denied(action) }).toEqual({ action, denied: false });
      }
      // The agents' execution role may read the agent token through its own policy; nothing within the boundary may change it.
      const onAgentToken = statements.find((statement) => statement.sid === "DenyChangingAgentToken");
      expect(onAgentToken).toMatchObject({
        effect: "Deny",
        not_actions: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
        resources: [`arn:aws:secretsmanager:us-east-1:${ACCOUNTS[env]}:secret:tfc-agent/llm-platform-${env}-*`],
      });
    }
  });
});

describe("bootstrap: state and backends", () => {
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

describe("bootstrap: private module registry", () => {
  const publishing = { repository: "acme/llm-platform-infra", oauthTokenId: "ot-abc123" };
  const published = (modulePublishing?: typeof publishing) => {
    const app = Testing.app();
    const synthesized = JSON.parse(Testing.synth(new BootstrapStack(app, "bootstrap", { envs: allConfigs(), modulePublishing }))) as SynthesizedStack;
    return Object.values<any>(synthesized.resource?.tfe_registry_module ?? {});
  };

  it("publishes nothing by default", () => {
    expect(published()).toEqual([]);
    expect(modulePublishingFromEnv({})).toBeUndefined();
  });

  it("publishes every module once per organization from its folder, by tags modules/<name>/v<version>, running its tests", () => {
    const modules = published(publishing);
    expect(modules.map((module) => module.name).sort()).toEqual(moduleNames());
    for (const module of modules) {
      expect(module).toMatchObject({
        organization: "acme-llm",
        module_provider: "aws",
        registry_name: "private",
        vcs_repo: {
          identifier: "acme/llm-platform-infra",
          display_identifier: "acme/llm-platform-infra",
          oauth_token_id: "ot-abc123",
          source_directory: `modules/${module.name}`,
          tags: true,
          tag_prefix: `modules/${module.name}/`,
        },
        test_config: [{ tests_enabled: true }],
      });
      expect(module.vcs_repo.branch).toBeUndefined();
      expect(releaseTag(module.name, "1.0.0").startsWith(module.vcs_repo.tag_prefix)).toBe(true);
    }
  });

  it("reads the repository and exactly one VCS connection from the environment, refusing anything else", () => {
    expect(modulePublishingFromEnv({ LLM_PLATFORM_MODULE_REPOSITORY: "acme/infra", LLM_PLATFORM_MODULE_OAUTH_TOKEN_ID: "ot-1" })).toEqual({
      repository: "acme/infra",
      oauthTokenId: "ot-1",
      githubAppInstallationId: undefined,
    });
    expect(() => modulePublishingFromEnv({ LLM_PLATFORM_MODULE_REPOSITORY: "acme/infra" })).toThrow("needs exactly one of");
    expect(() =>
      modulePublishingFromEnv({
        LLM_PLATFORM_MODULE_REPOSITORY: "acme/infra",
        LLM_PLATFORM_MODULE_OAUTH_TOKEN_ID: "ot-1",
        LLM_PLATFORM_MODULE_GITHUB_APP_INSTALLATION_ID: "ghain-1",
      }),
    ).toThrow("needs exactly one of");
    expect(() => modulePublishingFromEnv({ LLM_PLATFORM_MODULE_OAUTH_TOKEN_ID: "ot-1" })).toThrow("LLM_PLATFORM_MODULE_REPOSITORY must be set");
    expect(() => modulePublishingFromEnv({ LLM_PLATFORM_MODULE_REPOSITORY: "not a repo", LLM_PLATFORM_MODULE_OAUTH_TOKEN_ID: "ot-1" })).toThrow(
      'LLM_PLATFORM_MODULE_REPOSITORY="not a repo" is not a repository owner/name',
    );
    expect(() => modulePublishingFromEnv({ LLM_PLATFORM_MODULE_REPOSITORY: "acme/infra", LLM_PLATFORM_MODULE_GITHUB_APP_INSTALLATION_ID: "123" })).toThrow(
      "is not a GitHub App installation id (ghain-...)",
    );
  });
});
