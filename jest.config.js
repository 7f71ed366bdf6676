/** Tests run transpile-only through SWC; `npm run typecheck` does the type checking once. */
module.exports = {
  // jest's node environment, with the HCL tools' WebAssembly loaded once per worker (see the file).
  testEnvironment: "<rootDir>/scripts/jest-environment.js",
  moduleNameMapper: {
    "^@cdktf/hcl-tools$": "<rootDir>/__tests__/support/wasm-tools/hcl-tools.ts",
    "^@cdktf/hcl2json$": "<rootDir>/__tests__/support/wasm-tools/hcl2json.ts",
  },
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // Tests that run real Terraform: `npm run test:terraform` (jest.terraform.config.js), in .ci/run.
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/__tests__/terraform/"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" } }],
  },
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  // One synth of every environment per run, shared by the suites that read it (support/shared-synth.ts).
  globalSetup: "<rootDir>/__tests__/support/global-setup.ts",
  globalTeardown: "<rootDir>/__tests__/support/global-teardown.ts",
  reporters: ["default", "<rootDir>/scripts/jest-summary-reporter.js"],
  maxWorkers: 2,
  // A bound on a hung test, not a speed check: async tests that parse every stack's HCL can take
  // well over jest's 5 s default on a busy machine. Hooks that synthesize name their own limit
  // (__tests__/support/timeouts.ts).
  testTimeout: 120_000,
};
