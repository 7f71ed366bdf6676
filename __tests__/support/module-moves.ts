import { join } from "path";
import { ModuleDefinition } from "../../src/modules/definition";
import { scratchDefinition } from "./modules";

/**
 * The construct id change both module-move suites make to the waf module: the `logging`
 * construct renamed to `delivery`, with or without `moved` blocks for what it renames.
 * `__tests__/modules/module-moves.test.ts` checks the contract and the generated blocks;
 * `__tests__/terraform/module-upgrade.test.ts` plans the upgrade with real Terraform.
 */

/** The waf definition with `edit` applied, from `dir/name`. */
export function editedWaf(edit: (source: string) => string, dir: string, name: string): ModuleDefinition {
  return scratchDefinition("waf", join(dir, name), edit);
}

export const renameLogging = (source: string) => source.replace('"logging", {', '"delivery", {');

/** Each address the rename changes, paired with its new one. */
export const LOGGING_MOVES = [
  "aws_cloudwatch_log_group.%s_logs_log_group",
  "aws_cloudwatch_log_resource_policy.%s_delivery",
  "aws_kms_alias.%s_logs_key_alias",
  "aws_kms_key.%s_logs_key_key",
  "aws_wafv2_web_acl_logging_configuration.%s_configuration",
].map((address) => ({ from: address.replace("%s", "logging"), to: address.replace("%s", "delivery") }));

export const withMoves = (source: string) =>
  renameLogging(source).replace("  build(scope, inputs) {", `  moved: ${JSON.stringify(LOGGING_MOVES)},\n  build(scope, inputs) {`);
