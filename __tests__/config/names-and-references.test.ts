import { derivedNames, loadEnvironments } from "../../src/config";
import { configErrorText, declared, patched } from "../support/environments";

/** The search domain's client list names the application role, which follows the environment's name. */
const NO_SEARCH_CLIENTS = { data: { search: { clientRoleNames: [] } } };

const errorText = configErrorText;

describe("derived names must not collide across environments", () => {
  it("refuses two environments that would share a Terraform Cloud workspace, and so one state", () => {
    // dev renamed so that <project>-<env> reads like prod's: llm + platform-prod = llm-platform + prod.
    const text = errorText(patched("dev", { project: "llm", name: "platform-prod", ...NO_SEARCH_CLIENTS }), declared("staging"), declared("prod"));
    expect(text).toContain('Invalid configuration for environment "prod":');
    expect(text).toContain(
      '- name: got "prod": derives the Terraform Cloud workspace "llm-platform-prod-network" (in app.terraform.io/acme-llm), ' +
        'which environment "platform-prod" derives too: both would share one Terraform state',
    );
    expect(text).toContain('derives the resource prefix "llm-platform-prod"');
  });

  it("refuses a shared resource prefix even across accounts and organizations", () => {
    const text = errorText(
      patched("dev", { project: "llm", name: "platform-prod", terraformCloud: { organization: "other" }, ...NO_SEARCH_CLIENTS }),
      declared("prod"),
    );
    expect(text).toContain('- name: got "prod": derives the resource prefix "llm-platform-prod" (in all environments)');
    expect(text).not.toContain("Terraform Cloud workspace");
    expect(text).not.toContain("IAM role"); // other accounts: roles may share names
  });

  it("refuses two environments in one account that derive one bucket name", () => {
    // llm-platform-dev + x-templates and llm-platform-dev-x + templates both give llm-platform-dev-x-templates-<account>.
    const dev = patched("dev", { data: { buckets: [{ name: "x-templates" }] }, workloads: { applications: { "llm-api": { buckets: [] } } } });
    const other = patched("dev", { name: "dev-x", network: { vpcCidr: "10.40.0.0/16" }, data: { search: { clientRoleNames: [] } } });
    const text = errorText(dev, other);
    expect(text).toContain('Invalid configuration for environment "dev-x":');
    expect(text).toContain(
      '- data.buckets[0].name: got "templates": derives the S3 bucket "llm-platform-dev-x-templates-111111111111" (in all of S3), which environment "dev" derives too',
    );
  });

  it("refuses an application whose IAM role would be one of the platform's", () => {
    const llmApi = (declared("dev").input as { workloads: { applications: Record<string, object> } }).workloads.applications["llm-api"];
    const text = errorText(patched("dev", { workloads: { applications: { "eks-node": { ...llmApi, stateKey: "workload-eks-node" } } } }));
    expect(text).toContain(
      '- workloads.applications.eks-node: got "eks-node": derives the IAM role "llm-platform-dev-eks-node" (in account 111111111111), which this environment\'s name derives too',
    );
  });

  it("refuses names longer than AWS accepts, naming the derived name and the limit", () => {
    const text = errorText(patched("dev", { project: "a-longer-project-name", name: "dev-eu-west-12", data: { s3AccessLogging: true } }));
    expect(text).toContain(
      '- name: got "dev-eu-west-12": makes the IAM role name "a-longer-project-name-dev-eu-west-12-aws-load-balancer-controller" 65 characters long; the limit is 64: shorten the project or environment name',
    );
    expect(text).toContain('makes the ElastiCache replication group name "a-longer-project-name-dev-eu-west-12-cache" 42 characters long; the limit is 40');
    expect(text).toContain('makes the S3 bucket name "a-longer-project-name-dev-eu-west-12-s3-access-logs-111111111111" 64 characters long; the limit is 63');
  });

  it("refuses two hyphens in a row in the project or environment name", () => {
    const text = errorText(patched("dev", { project: "llm--platform" }));
    expect(text).toContain('- project: got "llm--platform": project name must not contain "--"');
  });

  it("lists the names the stacks create, keyed by the field that decides them", () => {
    const [dev] = loadEnvironments([declared("dev")]);
    const names = derivedNames(dev);
    expect(names).toContainEqual({
      kind: "Terraform Cloud workspace",
      scope: "app.terraform.io/acme-llm",
      name: "llm-platform-dev-workloads",
      path: ["name"],
      value: "dev",
    });
    expect(names).toContainEqual({
      kind: "DynamoDB table",
      scope: "account 111111111111 in us-east-1",
      name: "llm-platform-dev-templates",
      path: ["data", "tables", 1, "name"],
      value: "templates",
    });
  });
});

describe("cross-references are checked by the schema", () => {
  it("refuses a table the data layer does not declare, with a suggestion", () => {
    const text = errorText(patched("dev", { workloads: { applications: { "llm-api": { tables: ["templatez", "configurations"] } } } }));
    expect(text).toContain(
      '- workloads.applications.llm-api.tables[0]: got "templatez": is not declared in data.tables (did you mean "templates"?); declared: configurations, templates, users, chats',
    );
  });

  it("refuses a bucket the data layer does not declare", () => {
    const text = errorText(patched("staging", { workloads: { applications: { "llm-api": { buckets: ["archive"] } } } }));
    expect(text).toContain('Invalid configuration for environment "staging":');
    expect(text).toContain('- workloads.applications.llm-api.buckets[0]: got "archive": is not declared in data.buckets; declared: templates');
  });

  it("refuses a search client role with the environment's prefix that the environment does not create", () => {
    const text = errorText(patched("dev", { data: { search: { clientRoleNames: ["llm-platform-dev-llm-apii"] } } }));
    expect(text).toContain(
      '- data.search.clientRoleNames[0]: got "llm-platform-dev-llm-apii": carries this environment\'s prefix "llm-platform-dev-" but is no role it creates (did you mean "llm-platform-dev-llm-api"?)',
    );
  });

  it("accepts search client roles from outside the environment's naming", () => {
    expect(() => loadEnvironments([patched("dev", { data: { search: { clientRoleNames: ["analytics-reader"] } } })])).not.toThrow();
  });

  it("refuses a search client role that is another environment's application role", () => {
    const text = errorText(patched("prod", { data: { search: { clientRoleNames: ["llm-platform-dev-llm-api"] } } }));
    expect(text).toContain("is not a role of this environment");
  });
});

describe("Terraform Cloud settings are checked against what Terraform Cloud accepts", () => {
  it.each([
    [{ hostname: "https://app.terraform.io" }, 'terraformCloud.hostname: got "https://app.terraform.io": must be the host name'],
    [{ project: "x" }, 'terraformCloud.project: got "x": must be a Terraform Cloud project name: 3 to 40 letters'],
    [{ project: "platform/llm" }, 'terraformCloud.project: got "platform/llm": must be a Terraform Cloud project name'],
    [{ organization: "acme llm" }, 'terraformCloud.organization: got "acme llm": must be a Terraform Cloud organization name'],
  ])("refuses %j", (terraformCloud, expected) => {
    expect(errorText(patched("dev", { terraformCloud }))).toContain(expected);
  });
});

describe("tags are checked against what AWS accepts", () => {
  it.each([
    [{ owner: "platform team #1" }, 'tags.owner: got "platform team #1": AWS tag values may hold letters, digits, spaces and _ . : / = + - @'],
    [{ costCenter: "x".repeat(257) }, "tags.costCenter: got"],
    [{ extra: { "aws:team": "a" } }, 'tags.extra.aws:team: got "aws:team": the "aws:" prefix is reserved for AWS'],
    [{ extra: { ["k".repeat(129)]: "a" } }, "AWS tag keys are at most 128 characters"],
    [{ extra: { team: "a;b" } }, 'tags.extra.team: got "a;b": AWS tag values may hold'],
  ])("refuses %j", (tags, expected) => {
    expect(configErrorText(patched("dev", { tags }))).toContain(expected);
  });

  it("accepts an empty extra tag value, as AWS does", () => {
    expect(() => loadEnvironments([patched("dev", { tags: { extra: { Team: "" } } })])).not.toThrow();
  });
});
