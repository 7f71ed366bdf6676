import { PolicyRule } from "./rule";
import { POLICY_RULES } from "./rules";
import { STATEFUL_RESOURCE_TYPES } from "./stateful";

export const RULE_DOCS_FILE = "docs/policy-rules.md";

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** docs/policy-rules.md, generated from the rule pack (`npm run docs:rules`). */
export function renderRuleDocs(rules: readonly PolicyRule[] = POLICY_RULES): string {
  const lines = [
    "# Policy rules",
    "",
    "Generated from `src/guardrails/rules` by `npm run docs:rules`; a test fails when this file is stale.",
    "Every rule runs at `npm run synth` over every stack; any unsuppressed violation stops the synth",
    "before anything is written. See docs/guardrails.md for suppressions.",
    "",
    "| id | severity | rule | stages | checks |",
    "|---|---|---|---|---|",
    ...rules.map(
      (rule) =>
        `| [${rule.id}](#${rule.id.toLowerCase()}) | ${rule.severity} | ${cell(rule.title)} | ${(rule.stages ?? ["all"]).join(", ")} | ${rule.resourceTypes.map((type) => `\`${type}\``).join(", ")} |`,
    ),
    "",
  ];
  for (const rule of rules) {
    lines.push(`## ${rule.id}`, "", `**${rule.title}** (${rule.severity})`, "", rule.description, "", `Fix: ${rule.fix}.`, "");
  }
  lines.push(
    "## Stateful resource types",
    "",
    "The types the state manifest tracks and that carry `prevent_destroy` in prod, with the deletion protection RES001 requires there:",
    "",
    "| type | deletion protection in prod |",
    "|---|---|",
    ...Object.entries(STATEFUL_RESOURCE_TYPES).map(
      ([type, protection]) =>
        `| \`${type}\` | ${protection ? `\`${protection.argument} = ${JSON.stringify(protection.value)}\`` : "none offered: `prevent_destroy` only"} |`,
    ),
    "",
  );
  return lines.join("\n");
}
