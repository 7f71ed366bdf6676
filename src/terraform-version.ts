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
