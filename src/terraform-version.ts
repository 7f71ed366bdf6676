import { readFileSync } from "fs";
import { join } from "path";

/** The repository's `.terraform-version`, the one place the Terraform version is pinned. */
export const TERRAFORM_VERSION_FILE = join(__dirname, "..", ".terraform-version");

/** The exact Terraform version workspaces and local tools use, e.g. `1.13.4`. */
export function pinnedTerraformVersion(file: string = TERRAFORM_VERSION_FILE): string {
  const version = readFileSync(file, "utf8").trim();
  if (!/^\d+\.\d+\.\d+$/.test(version)) {
    throw new Error(`${file} must hold one exact Terraform version such as 1.13.4, found "${version}"`);
  }
  return version;
}

/**
 * The `required_version` constraint the stacks declare: the pinned major and
 * minor, any patch release from the pinned one on (`~> 1.13.4`).
 */
export function requiredVersionConstraint(version: string = pinnedTerraformVersion()): string {
  return `~> ${version}`;
}

/**
 * The `required_version` of the generated modules: a minimum, not a pin, so a
 * consumer on any later Terraform can use them (only root configurations pin).
 * Their validations read other variables (Terraform 1.9); 1.11 is the oldest
 * Terraform `npm run validate` runs them and their tests with.
 */
export const MODULE_REQUIRED_VERSION = ">= 1.11";
