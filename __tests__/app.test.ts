import { mkdtempSync, rmSync, statSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { ENVIRONMENTS } from "../environments";
import { synthesize } from "../src/cli";
import { LAYERS } from "../src/naming";
import { derivedNames } from "../src/config";
import { allConfigs, patched } from "./support/environments";
import { filesUnder, sharedSynth } from "./support/shared-synth";
import { HEAVY_HOOK_TIMEOUT_MS } from "./support/timeouts";

const synthesizedLayers = LAYERS;

describe("the whole app", () => {
  const dirs: string[] = [];
  const freshDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "llm-platform-synth-"));
    dirs.push(dir);
    return join(dir, "cdktf.out");
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  let first: Record<string, string>;
  let firstOutdir: string;
  let printed: string;
  const stdout = { write: () => undefined };
  beforeAll(() => {
    const shared = sharedSynth();
    firstOutdir = shared.outdir;
    printed = shared.stdout;
    first = shared.files();
  }, HEAVY_HOOK_TIMEOUT_MS);

  it("synthesizes every layer of every environment into its own stack", () => {
    for (const env of ["dev", "staging", "prod"]) {
      for (const layer of synthesizedLayers) {
        const stack = JSON.parse(first[`stacks/${env}-${layer}/cdk.tf.json`]);
        expect(stack.terraform.cloud.workspaces.name).toBe(`llm-platform-${env}-${layer}`);
      }
    }
  });

  it("puts the bootstrap's permissions boundary on every IAM role of every stack", () => {
    let roles = 0;
    for (const [file, text] of Object.entries(first).filter(([path]) => path.endsWith("cdk.tf.json"))) {
      const [, env] = /^stacks\/(dev|staging|prod)-/.exec(file)!;
      const account = { dev: "111111111111", staging: "222222222222", prod: "333333333333" }[env];
      for (const role of Object.values(JSON.parse(text).resource?.aws_iam_role ?? {}) as any[]) {
        roles += 1;
        expect({ file, boundary: role.permissions_boundary }).toEqual({
          file,
          boundary: `arn:aws:iam::${account}:policy/terraform-cloud/llm-platform-${env}-run-boundary`,
        });
      }
    }
    expect(roles).toBeGreaterThan(20);
  });

  it("is deterministic: a second synth is byte-identical", () => {
    const outdir = freshDir();
    expect(synthesize(ENVIRONMENTS, { outdir, processEnv: {}, stdout })).toBe(0);
    expect(filesUnder(outdir)).toEqual(first);
  });

  it("checks the policy rules and writes the report next to the stacks", () => {
    const report = JSON.parse(first["policy-report.json"]);
    expect(report.violations).toEqual([]);
    expect(report.checkedElements).toBeGreaterThan(100);
    expect(printed).toMatch(/^Policy check passed: \d+ resources and data sources checked/);
    expect(printed).toContain(`stacks into ${join(firstOutdir, "stacks")}: dev-cluster, dev-data,`);
  });

  it("writes no machine paths or timestamps", () => {
    const text = Object.values(first).join("\n");
    // Not tmpdir() itself: "/tmp" is a legitimate container mount path.
    expect(text).not.toContain(firstOutdir);
    expect(text).not.toContain(join(tmpdir(), "llm-platform"));
    expect(text).not.toContain(process.cwd());
    expect(text).not.toMatch(/20\d\d-\d\d-\d\dT\d\d:\d\d/);
  });

  it("stops on bad input before writing anything, with a clear message", () => {
    const outdir = freshDir();
    const errors: string[] = [];
    const code = synthesize([patched("dev", { network: { vpcCidr: "10.0.0.0/33" } })], {
      outdir,
      processEnv: {},
      stderr: { write: (text: string) => errors.push(text) },
    });
    expect(code).toBe(1);
    expect(errors.join("")).toContain('Invalid configuration for environment "dev"');
    expect(() => statSync(outdir)).toThrow();
  });

  it("stops on a bad backend switch before writing anything", () => {
    const outdir = freshDir();
    const errors: string[] = [];
    const code = synthesize(ENVIRONMENTS, {
      outdir,
      processEnv: { LLM_PLATFORM_BACKEND: "remote" },
      stderr: { write: (text: string) => errors.push(text) },
    });
    expect(code).toBe(1);
    expect(errors.join("")).toContain("is not a backend mode");
    expect(() => statSync(outdir)).toThrow();
  });

  describe("the names the config checks are the names the stacks create", () => {
    const created = (env: string, type: string, attribute: string) =>
      LAYERS.flatMap((layer) =>
        Object.values((JSON.parse(first[`stacks/${env}-${layer}/cdk.tf.json`]).resource?.[type] ?? {}) as Record<string, any>).map(
          (resource) => resource[attribute] as string,
        ),
      ).sort();

    it.each(["dev", "staging", "prod"])("%s: IAM roles, buckets, tables and the cache", (name) => {
      const env = allConfigs().find((config) => config.name === name)!;
      const derived = (kind: string) =>
        derivedNames(env)
          .filter((entry) => entry.kind === kind)
          .map((entry) => entry.name)
          .sort();
      expect(created(name, "aws_iam_role", "name")).toEqual(derived("IAM role"));
      expect(created(name, "aws_s3_bucket", "bucket")).toEqual(derived("S3 bucket"));
      expect(created(name, "aws_dynamodb_table", "name")).toEqual(derived("DynamoDB table"));
      expect(created(name, "aws_elasticache_replication_group", "replication_group_id")).toEqual(derived("ElastiCache replication group"));
      const workspaces = LAYERS.map((layer) => JSON.parse(first[`stacks/${name}-${layer}/cdk.tf.json`]).terraform.cloud.workspaces.name);
      expect(workspaces.sort()).toEqual(derived("Terraform Cloud workspace"));
    });
  });

  describe("wiring between layers", () => {
    const stack = (id: string) => JSON.parse(first[`stacks/${id}/cdk.tf.json`]);

    it("lets the cluster's nodes reach each data service's security group on its port only", () => {
      const rules = Object.values(stack("prod-cluster").resource.aws_vpc_security_group_ingress_rule) as any[];
      const fromData = rules.filter((rule) => rule.security_group_id.includes("cross-stack-reference-input-prod-data"));
      expect(fromData.map((rule) => [rule.from_port, rule.to_port]).sort()).toEqual([
        [443, 443],
        [5432, 5432],
        [6379, 6379],
      ]);
      expect(fromData.every((rule) => rule.referenced_security_group_id.includes("aws_eks_cluster."))).toBe(true);
      expect(fromData.every((rule) => rule.cidr_ipv4 === undefined)).toBe(true);
    });

    it("scopes external-secrets to the secrets the data layer exports: not the database's master secret", () => {
      const documents = JSON.stringify(stack("prod-cluster").data.aws_iam_policy_document);
      expect(documents).not.toMatch(/master_user_secret/);
      expect(documents).not.toContain("secretsmanager:GetSecretValue");
    });

    it("lets only the database role job's identity read the master secret, in the workloads layer", () => {
      const documents = Object.entries(stack("prod-workloads").data.aws_iam_policy_document)
        .filter(([, document]) => JSON.stringify(document).includes("master_user_secret"))
        .map(([id]) => id);
      expect(documents).toEqual([expect.stringMatching(/^application_database-role_job_role_permissions_/)]);
    });

    it("lets the LLM API's role, created by the workloads layer, through the search domain's access policy", () => {
      const roles = Object.values(stack("prod-workloads").resource.aws_iam_role) as any[];
      expect(roles.map((role) => role.name)).toContain("llm-platform-prod-llm-api");
      const policies = JSON.stringify(stack("prod-data").data.aws_iam_policy_document);
      expect(policies).toContain("arn:aws:iam::333333333333:role/llm-platform-prod-llm-api");
    });
  });
});
