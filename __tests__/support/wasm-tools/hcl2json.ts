import type * as Package from "@cdktf/hcl2json";

// jest.config.js maps "@cdktf/hcl2json" here: the jest worker's one instance of the package (see
// scripts/jest-environment.js), or, run without that environment, the package's own entry point.
const shared = (globalThis as Record<symbol, Record<string, typeof Package> | undefined>)[Symbol.for("llm-platform-infra.wasmTools")]?.["@cdktf/hcl2json"];

export = shared ?? (require("@cdktf/hcl2json/lib/index") as typeof Package);
