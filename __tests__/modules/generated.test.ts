import { readFileSync, readdirSync } from "fs";
import { join, relative } from "path";
import { GeneratedModule, generateModule } from "../../src/modules/generate";
import { moduleDefinitions } from "../../src/modules/registry";
import { CONTRACT_FILE } from "../../src/modules/contract";
import { MAINTAINED_FILES } from "../../src/modules/release";
import { expectedParse, parseHcl } from "../../src/hcl/roundtrip";
import { MODULE_REQUIRED_VERSION, pinnedTerraformVersion } from "../../src/terraform-version";
import { meetsConstraint } from "../../scripts/validate/version";
import { MODULES_DIR, moduleNames } from "../support/modules";
import { blockMismatches, kitProviderSchemas } from "../support/provider-schemas";
import { HEAVY_HOOK_TIMEOUT_MS } from "../support/timeouts";

const providerSchemas = kitProviderSchemas();

describe("generated modules", () => {
  const generated: Record<string, GeneratedModule> = {};
  beforeAll(async () => {
    for (const definition of moduleDefinitions()) generated[definition.name] = await generateModule(definition);
  }, HEAVY_HOOK_TIMEOUT_MS);

  it("has one committed folder per definition, and no other", () => {
    expect(moduleNames()).toEqual(Object.keys(generated).sort());
    expect(moduleNames()).toContain("network");
  });

  it("is current: regenerating yields exactly what is committed (run `npm run modules`)", () => {
    for (const [name, module] of Object.entries(generated)) {
      const dir = join(MODULES_DIR, name);
      const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
      // Beside the generated files: the contract (releases.test.ts) and the maintained VERSION and CHANGELOG.md.
      expect(files.map((entry) => relative(dir, join(entry.parentPath, entry.name))).sort()).toEqual(
        [...Object.keys(module.files), CONTRACT_FILE, ...MAINTAINED_FILES].sort(),
      );
      for (const [file, content] of Object.entries(module.files)) {
        expect({ file: `${name}/${file}`, content: readFileSync(join(dir, file), "utf8") }).toEqual({
          file: `${name}/${file}`,
          content,
        });
      }
    }
  });

  (providerSchemas ? it : it.skip)("writes blocks and arguments as the providers' real schemas have them (offline kit)", () => {
    for (const [name, module] of Object.entries(generated)) {
      const mismatches = Object.values(module.sources).flatMap((source) => blockMismatches(source, module.schema, providerSchemas!));
      expect({ name, mismatches }).toEqual({ name, mismatches: [] });
    }
  });

  it("parses every committed .tf file back to the Terraform JSON it was rendered from", async () => {
    for (const [name, module] of Object.entries(generated)) {
      for (const [file, source] of Object.entries(module.sources)) {
        const hcl = readFileSync(join(MODULES_DIR, name, file), "utf8");
        expect({ file: `${name}/${file}`, parsed: await parseHcl(file, hcl) }).toEqual({
          file: `${name}/${file}`,
          parsed: expectedParse(source, module.schema),
        });
      }
    }
  });

  it("pins hashicorp/aws to the bindings' major and asks for a minimum Terraform that .terraform-version meets", () => {
    for (const module of Object.values(generated)) {
      const { terraform } = module.sources["versions.tf"] as any;
      expect(terraform.required_version).toBe(MODULE_REQUIRED_VERSION);
      expect(terraform.required_version).toMatch(/^>= \d+\.\d+$/);
      expect(meetsConstraint(pinnedTerraformVersion(), terraform.required_version)).toBe(true);
      expect(meetsConstraint("1.11.4", terraform.required_version) && meetsConstraint("2.0.0", terraform.required_version)).toBe(true);
      expect(terraform.required_providers.aws).toEqual({ source: "hashicorp/aws", version: "~> 6.25" });
    }
  });

  it("configures no provider or backend and carries no cdktf metadata or machine paths", () => {
    for (const module of Object.values(generated)) {
      const text = Object.values(module.files).join("\n");
      // Top-level provider blocks only: `encryption_config { provider { ... } }` of an EKS cluster is a resource's own block.
      expect(text).not.toMatch(/^provider\s+("[^"]*"\s*)?\{/m);
      expect(text).not.toMatch(/^\s*(backend|cloud)\s+("[^"]*"\s*)?\{/m);
      expect(text).not.toContain('"//"');
      expect(text).not.toContain("cdktf");
      expect(text).not.toContain(process.cwd());
      expect(text).not.toMatch(/_[0-9A-F]{8}\b/);
    }
  });

  it("describes every variable and output, and gives every non-bool variable validation rules written as sentences", () => {
    for (const module of Object.values(generated)) {
      const { variable } = module.sources["variables.tf"] as any;
      const { output } = module.sources["outputs.tf"] as any;
      for (const [name, body] of Object.entries<any>(variable)) {
        expect({ name, description: body.description?.length > 0 }).toEqual({ name, description: true });
        // A bool has nothing to validate; every other input has rules.
        if (body.type !== "bool") expect({ name, validated: (body.validation ?? []).length > 0 }).toEqual({ name, validated: true });
        for (const rule of body.validation ?? []) expect(rule.error_message).toMatch(/^[A-Za-z].*\.$/);
      }
      for (const [name, body] of Object.entries<any>(output)) {
        expect({ name, description: body.description?.length > 0 }).toEqual({ name, description: true });
      }
    }
  });
});
