import { readdirSync } from "fs";
import { basename, join } from "path";
import { ModuleDefinition } from "./definition";

/** Where module definitions live: one file per module, named like the module. */
export const DEFINITIONS_DIR = join(__dirname, "definitions");

/**
 * Every module definition, by file name order. Adding a module is adding one file
 * to src/modules/definitions/ whose default export is `defineModule({...})`.
 */
export function moduleDefinitions(dir: string = DEFINITIONS_DIR): ModuleDefinition[] {
  return moduleNames(dir).map((expected) => {
    const file = join(dir, `${expected}.ts`);
    const definition = require(file).default as ModuleDefinition | undefined;
    if (!definition || definition.name !== expected) {
      throw new Error(`${file} must default-export defineModule({ name: "${expected}", ... })`);
    }
    return definition;
  });
}

/** The module names, from the definition files alone (without loading them). */
export function moduleNames(dir: string = DEFINITIONS_DIR): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))
    .sort()
    .map((file) => basename(file, ".ts"));
}
