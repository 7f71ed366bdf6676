import type * as Package from "@cdktf/hcl-tools";

// jest.config.js maps "@cdktf/hcl-tools" here: the jest worker's one instance of the package (see
// scripts/jest-environment.js), or, run without that environment, the package's own entry point.
const shared = (globalThis as Record<symbol, Record<string, typeof Package> | undefined>)[Symbol.for("llm-platform-infra.wasmTools")]?.["@cdktf/hcl-tools"];

export = shared ?? (require("@cdktf/hcl-tools/src/index") as typeof Package);
