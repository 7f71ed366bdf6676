import { KIT_SCHEMA_ADDITIONS, withAdditions } from "../../scripts/validate/kit-patches";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { parseExports } from "../../scripts/validate";
import { ROOT_MODULES, requiredVersions } from "../../scripts/validate/targets";
import { firstError, validateFindings } from "../../scripts/validate/terraform";
import { meetsConstraint } from "../../scripts/validate/version";

describe("npm run validate", () => {
  it("reads Terraform version constraints as Terraform does", () => {
    expect(meetsConstraint("1.11.4", "~> 1.13.4")).toBe(false);
    expect(meetsConstraint("1.13.9", "~> 1.13.4")).toBe(true);
    expect(meetsConstraint("1.14.0", "~> 1.13.4")).toBe(false);
    expect(meetsConstraint("1.14.0", "~> 1.13")).toBe(true);
    expect(meetsConstraint("2.0.0", "~> 1.13")).toBe(false);
    expect(meetsConstraint("1.11.4", ">= 1.11")).toBe(true);
    expect(meetsConstraint("1.10.5", ">= 1.11")).toBe(false);
    expect(meetsConstraint("1.12.0", ">= 1.11, < 1.12")).toBe(false);
    expect(meetsConstraint("1.13.4", "1.13.4")).toBe(true);
    expect(() => meetsConstraint("1.13.4", "about 1.13")).toThrow(/not a version constraint/);
    expect(() => meetsConstraint("1.13.4", ">= one")).toThrow(/not a Terraform version/);
  });

  it("finds required_version in .tf and .tf.json files", () => {
    const dir = mkdtempSync(join(tmpdir(), "validate-test-"));
    try {
      writeFileSync(join(dir, "versions.tf"), 'terraform {\n  required_version = ">= 1.11"\n}\n');
      writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify({ terraform: { required_version: "~> 1.13.4" } }));
      writeFileSync(join(dir, "main.tf"), 'resource "x" "y" {}\n');
      expect(requiredVersions(dir)).toEqual([">= 1.11", "~> 1.13.4"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reports each diagnostic with its file (from the repository root) and address", () => {
    const output = JSON.stringify({
      valid: false,
      diagnostics: [
        {
          severity: "error",
          summary: "Unsupported block type",
          detail: 'Blocks of type "kubernetes" are not expected here.\nMore.',
          range: { filename: "main.tf", start: { line: 52 } },
          snippet: { context: 'provider "helm"' },
        },
        { severity: "error", summary: "Cycle: var.a (validation), var.b (validation)", detail: "" },
        { severity: "warning", summary: "Deprecated", address: "module.x.aws_y.z", range: { filename: "../../modules/x/main.tf", start: { line: 3 } } },
      ],
    });
    expect(validateFindings(output, "examples/plain-terraform")).toEqual([
      {
        severity: "error",
        message: 'Unsupported block type: Blocks of type "kubernetes" are not expected here.',
        file: "examples/plain-terraform/main.tf:52",
        address: 'provider "helm"',
      },
      { severity: "error", message: "Cycle: var.a (validation), var.b (validation)", file: undefined, address: undefined },
      { severity: "warning", message: "Deprecated", file: "modules/x/main.tf:3", address: "module.x.aws_y.z" },
    ]);
  });

  it("keeps the first error of Terraform's human output with its location", () => {
    const output =
      'Initializing...\n╷\n│ Error: Unsupported Terraform Core version\n│\n│   on versions.tf line 4, in terraform:\n│    4:   required_version = "~> 1.13.4"\n╵\n';
    expect(firstError(output)).toBe('Error: Unsupported Terraform Core version / on versions.tf line 4, in terraform: / 4:   required_version = "~> 1.13.4"');
  });

  it("reads the exports the offline kit's mirror.sh prints", () => {
    expect(parseExports("export TF_CLI_CONFIG_FILE=/tmp/kit/terraformrc\nexport CHECKPOINT_DISABLE=1\nexport TFKIT_MIRROR_DIR='/tmp/a b'\n")).toEqual({
      TF_CLI_CONFIG_FILE: "/tmp/kit/terraformrc",
      CHECKPOINT_DISABLE: "1",
      TFKIT_MIRROR_DIR: "/tmp/a b",
    });
  });

  it("validates the example and a second consumer of the modules", () => {
    expect(ROOT_MODULES).toEqual(["examples/plain-terraform", "__tests__/fixtures/module-consumer"]);
  });
});

describe("offline kit patches", () => {
  it("add the real schema of what the AWS stand-in lacks, without replacing what a kit already has", () => {
    const document = { provider_schemas: { "registry.terraform.io/hashicorp/aws": { resource_schemas: {} } } };
    const patched = withAdditions(document, KIT_SCHEMA_ADDITIONS);
    const auth = patched.provider_schemas["registry.terraform.io/hashicorp/aws"].ephemeral_resource_schemas.aws_eks_cluster_auth;
    expect(auth.block.attributes.name).toMatchObject({ required: true });
    expect(auth.block.attributes.token).toMatchObject({ computed: true, sensitive: true });

    const existing = { version: 1 };
    const kitWithIt = { provider_schemas: { "registry.terraform.io/hashicorp/aws": { ephemeral_resource_schemas: { aws_eks_cluster_auth: existing } } } };
    expect(
      withAdditions(kitWithIt, KIT_SCHEMA_ADDITIONS).provider_schemas["registry.terraform.io/hashicorp/aws"].ephemeral_resource_schemas.aws_eks_cluster_auth,
    ).toBe(existing);
    expect(() => withAdditions({ provider_schemas: {} }, KIT_SCHEMA_ADDITIONS)).toThrow("has no schema of registry.terraform.io/hashicorp/aws");
  });
});
