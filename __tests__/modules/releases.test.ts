import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { CONTRACT_FILE, ModuleContract, compareContracts, contractJson, minimumVersion, releaseTag } from "../../src/modules/contract";
import { ModuleDefinition } from "../../src/modules/definition";
import { moduleDefinitions } from "../../src/modules/registry";
import { CHANGELOG_FILE, PreparedModule, VERSION_FILE, prepareModule, readVersion, releaseModule } from "../../src/modules/release";
import { MODULES_DIR, scratchDefinition } from "../support/modules";
import { HEAVY_HOOK_TIMEOUT_MS } from "../support/timeouts";

const scratchDirs: string[] = [];
afterAll(() => scratchDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "module-release-"));
  scratchDirs.push(dir);
  return dir;
}

function editedDefinition(name: string, edit: (source: string) => string): ModuleDefinition {
  return scratchDefinition(name, scratchDir(), edit);
}

/** A scratch copy of the committed module folder's contract and VERSION. */
function committedCopy(name: string): string {
  const dir = scratchDir();
  for (const file of [CONTRACT_FILE, VERSION_FILE, CHANGELOG_FILE]) copyFileSync(join(MODULES_DIR, name, file), join(dir, file));
  return dir;
}

function readContract(dir: string): ModuleContract {
  return JSON.parse(readFileSync(join(dir, CONTRACT_FILE), "utf8"));
}

describe("module versions and contracts", () => {
  const prepared: Record<string, PreparedModule> = {};
  beforeAll(async () => {
    for (const definition of moduleDefinitions()) prepared[definition.name] = await prepareModule(definition, join(MODULES_DIR, definition.name));
  }, HEAVY_HOOK_TIMEOUT_MS);

  it("gives every module a semantic version, a committed contract of that version and a CHANGELOG entry for it", () => {
    for (const [name, module] of Object.entries(prepared)) {
      const version = readVersion(join(MODULES_DIR, name));
      expect(version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(readContract(join(MODULES_DIR, name)).version).toBe(version);
      expect(readFileSync(join(MODULES_DIR, name, CHANGELOG_FILE), "utf8")).toContain(`\n## ${version}\n`);
      expect(module.check).toEqual({ module: name, differences: [], needed: "none" });
    }
  });

  it("commits the contract npm run modules generates", () => {
    for (const [name, module] of Object.entries(prepared)) {
      expect({ name, contract: readFileSync(join(MODULES_DIR, name, CONTRACT_FILE), "utf8") }).toEqual({ name, contract: contractJson(module.contract) });
    }
  });

  it("records inputs, outputs, versions and resource addresses with how they repeat", () => {
    const network = prepared.network.contract;
    expect(network.variables.vpc_cidr).toEqual({ type: "string", required: true, nullable: false, sensitive: false });
    expect(network.variables.nat_gateways).toMatchObject({ required: false, default: "one-per-az" });
    expect(network.outputs).toHaveProperty("availability_zones");
    expect(network.required_version).toBe(">= 1.11");
    expect(network.required_providers.aws).toEqual({ source: "hashicorp/aws", version: "~> 6.25" });
    expect(network.resources["aws_subnet.subnet_private"]).toBe("for_each");
    expect(network.resources["aws_vpc.vpc"]).toBe("single");
    expect(prepared.waf.contract.resources["aws_wafv2_ip_set.admin_ip_set"]).toBe("count");
  });

  it("tags a version as modules/<name>/v<version>", () => {
    expect(releaseTag("network", "1.4.0")).toBe("modules/network/v1.4.0");
  });

  describe("in scratch copies of the waf module", () => {
    const cases: { name: string; edit: (source: string) => string; bump: "major" | "minor"; differences: RegExp[] }[] = [
      {
        name: "renaming a variable",
        edit: (source) => source.replace(/rate_limit_window_seconds/g, "rate_window_seconds"),
        bump: "major",
        differences: [/^breaking: variable "rate_limit_window_seconds" removed \(renamed\? new variables: "rate_window_seconds"\)/, /^compatible: new optional variable "rate_window_seconds"$/],
      },
      {
        name: "removing an output",
        edit: (source) => source.replace(/^\s*web_acl_id: \{[^\n]*\n/m, ""),
        bump: "major",
        differences: [/^breaking: output "web_acl_id" removed: callers reading it fail$/],
      },
      {
        name: "changing a construct id",
        edit: (source) => source.replace('"logging", {', '"delivery", {'),
        bump: "major",
        differences: [
          /^breaking: resource aws_cloudwatch_log_group\.logging_logs_log_group disappears without a moved block: a caller's plan destroys it$/,
          /^compatible: new resource aws_cloudwatch_log_group\.delivery_logs_log_group$/,
        ],
      },
      {
        name: "adding an output",
        edit: (source) => source.replace("      web_acl_id: {", '      web_acl_capacity: { value: acl.webAcl.capacity, description: "Web ACL capacity units" },\n      web_acl_id: {'),
        bump: "minor",
        differences: [/^compatible: new output "web_acl_capacity"$/],
      },
    ];

    it.each(cases)("classifies $name and fails until the version is bumped", async ({ edit, bump, differences }) => {
      const definition = editedDefinition("waf", edit);
      const dir = committedCopy("waf");
      const unbumped = await prepareModule(definition, dir, "1.0.0");
      expect(unbumped.check.needed).toBe(bump);
      const problem = unbumped.check.problem!;
      expect(problem).toContain(`module waf needs a ${bump} version bump: set modules/waf/VERSION to ${bump === "major" ? "2.0.0" : "1.1.0"}`);
      const listed = problem.split("\n").slice(1).map((line) => line.replace(/^ {2}- /, ""));
      for (const difference of differences) expect(listed.some((line) => difference.test(line))).toBe(true);
      if (bump === "major") expect((await prepareModule(definition, dir, "1.1.0")).check.problem).toContain("needs a major version bump");
      expect((await prepareModule(definition, dir, "1.0.1")).check.problem).toContain(`needs a ${bump} version bump`);
      expect((await prepareModule(definition, dir, bump === "major" ? "2.0.0" : "1.1.0")).check.problem).toBeUndefined();
    });

    it("release:modules sets VERSION to the next version and writes the CHANGELOG entry", async () => {
      const definition = editedDefinition("waf", cases[1].edit);
      const dir = committedCopy("waf");
      const released = await releaseModule(definition, dir);
      expect(released.check.problem).toBeUndefined();
      expect(readFileSync(join(dir, VERSION_FILE), "utf8")).toBe("2.0.0\n");
      const changelog = readFileSync(join(dir, CHANGELOG_FILE), "utf8");
      expect(changelog.indexOf("## 2.0.0")).toBeLessThan(changelog.indexOf("## 1.0.0"));
      expect(changelog).toContain('## 2.0.0\n\n### Breaking\n\n- output "web_acl_id" removed: callers reading it fail\n');
    });

    it("refuses a version lower than the committed contract's", async () => {
      const definition = moduleDefinitions().find((d) => d.name === "waf")!;
      expect((await prepareModule(definition, committedCopy("waf"), "0.9.0")).check.problem).toBe(
        "module waf: VERSION 0.9.0 is lower than the committed contract's 1.0.0",
      );
    });
  });

  describe("compareContracts", () => {
    const base = (): ModuleContract => JSON.parse(readFileSync(join(MODULES_DIR, "dynamodb-table", CONTRACT_FILE), "utf8"));
    const classify = (change: (contract: any) => void) => {
      const after = base();
      change(after);
      return compareContracts(base(), after).map(({ bump, what }) => `${bump}: ${what}`);
    };

    it("a resource address that moves with a moved block is compatible; dropping the moved block later is breaking", () => {
      const moved = (contract: any) => {
        contract.resources["aws_dynamodb_table.renamed"] = contract.resources["aws_dynamodb_table.table"];
        delete contract.resources["aws_dynamodb_table.table"];
        contract.moved = [{ from: "aws_dynamodb_table.table", to: "aws_dynamodb_table.renamed" }];
      };
      expect(classify(moved)).toEqual(["minor: resource aws_dynamodb_table.table moved to aws_dynamodb_table.renamed (a moved block: plans show a move)"]);
      const before = base();
      moved(before);
      const after = JSON.parse(JSON.stringify(before));
      after.moved = [];
      expect(compareContracts(before, after).map((d) => d.bump)).toEqual(["major"]);
    });

    it("narrowed and widened types, defaults, required inputs and versions", () => {
      expect(classify((c) => (c.variables.global_secondary_indexes.type = c.variables.global_secondary_indexes.type.replace('projection = optional(string, "ALL")', "projection = string")))).toEqual([
        expect.stringMatching(/^major: type of variable "global_secondary_indexes" narrowed: attribute "projection" at \[\*\] became required/),
      ]);
      expect(classify((c) => (c.variables.global_secondary_indexes.type = c.variables.global_secondary_indexes.type.replace("non_key_attributes = optional(list(string))", "non_key_attributes = optional(list(string)), extra = optional(number)")))).toEqual([
        expect.stringMatching(/^minor: type of variable "global_secondary_indexes" widened: optional attribute "extra" at \[\*\] added/),
      ]);
      expect(classify((c) => (c.variables.table_name.type = "any"))).toEqual([expect.stringMatching(/^minor: type of variable "table_name" widened/)]);
      expect(classify((c) => (c.variables.deletion_protection = { ...c.variables.deletion_protection, default: false }))).toEqual([
        'major: default of variable "deletion_protection" changed from true to false: callers relying on it get other resources',
      ]);
      expect(classify((c) => (c.variables.owner = { type: "string", required: true, nullable: false, sensitive: false }))).toEqual([
        'major: new required variable "owner": every caller must set it',
      ]);
      expect(classify((c) => (c.required_version = ">= 1.12"))).toEqual(['major: required_version changed from ">= 1.11" to ">= 1.12": the minimum is raised']);
      expect(classify((c) => (c.required_providers.aws.version = "~> 6.30"))).toEqual([
        'major: provider "aws" version changed from "~> 6.25" to "~> 6.30": the minimum is raised',
      ]);
      expect(classify((c) => (c.digest = "0"))).toEqual(["patch: the generated .tf files changed (no interface change)"]);
      expect(classify((c) => (c.variables.attributes.type = "list(string)"))).toEqual([
        'major: type of variable "attributes" narrowed: map became list (map(string) -> list(string))',
      ]);
      expect(classify((c) => (c.variables.capacity.type = "object({ read = string, write = number })"))).toEqual([
        'minor: type of variable "capacity" widened: number became string at read (object({ read = number, write = number }) -> object({ read = string, write = number }))',
      ]);
      expect(minimumVersion("~> 6.25")).toEqual([6, 25]);
    });
  });
});
