/**
 * The jest test environment of `npm test`: jest's node environment, plus the two WebAssembly
 * tools the HCL code uses, loaded once per jest worker instead of once per test file.
 *
 * `@cdktf/hcl-tools` (hclwrite's formatter) and `@cdktf/hcl2json` (the HCL parser) each compile
 * a Go WebAssembly module when they load. jest gives every test file its own module registry, so
 * each file that renders or parses HCL paid for that compilation again (about 0.3 s of CPU per
 * file and tool). This environment loads them in the worker, outside the files' registries, and
 * hands them to each file under WASM_TOOLS; jest.config.js maps the two package names to
 * `__tests__/support/wasm-tools.ts`, which returns them (or loads the real package when run
 * without this environment). The tools are stateless: each call formats or parses one text.
 */
const { TestEnvironment } = require("jest-environment-node");

/** Where a test file finds the worker's tools: a registered symbol, the same in every realm. */
const WASM_TOOLS = Symbol.for("llm-platform-infra.wasmTools");

let tools;

/** The worker's tools, loaded on first use. */
function wasmTools() {
  tools ??= { "@cdktf/hcl-tools": require("@cdktf/hcl-tools"), "@cdktf/hcl2json": require("@cdktf/hcl2json") };
  return tools;
}

class PlatformTestEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    Object.defineProperty(this.global, WASM_TOOLS, { get: wasmTools });
  }
}

module.exports = PlatformTestEnvironment;
module.exports.WASM_TOOLS = WASM_TOOLS;
