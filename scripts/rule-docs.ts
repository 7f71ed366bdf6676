/** `npm run docs:rules`: regenerates docs/policy-rules.md from the rule pack. */
import { mkdirSync, writeFileSync } from "fs";
import { dirname, join } from "path";
import { RULE_DOCS_FILE, renderRuleDocs } from "../src/guardrails/docs";

const file = join(__dirname, "..", RULE_DOCS_FILE);
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, renderRuleDocs());
console.log(`wrote ${RULE_DOCS_FILE}`);
