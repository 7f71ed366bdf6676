/** `npm run docs:config`: regenerates docs/configuration.md from the zod schema and its doc comments. */
import { writeFileSync } from "fs";
import { join } from "path";
import { CONFIG_DOCS_FILE, renderConfigReference } from "../src/config/reference";

writeFileSync(join(__dirname, "..", CONFIG_DOCS_FILE), renderConfigReference());
console.log(`wrote ${CONFIG_DOCS_FILE}`);
