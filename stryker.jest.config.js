/**
 * The jest run `npm run mutate` (StrykerJS) uses: the tests of the guardrails, the state
 * manifest and the plan summary, without the whole-app file (every mutant would pay for
 * several full synths; `npm test` still runs it).
 */
const base = require("./jest.config");

module.exports = {
  ...base,
  testMatch: ["<rootDir>/__tests__/guardrails/**/*.test.ts", "<rootDir>/__tests__/scripts/plan-summary.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/__tests__/guardrails/whole-app.test.ts"],
  reporters: ["default"],
  // Under Stryker, runs only the test files holding a test the mutant run asks for (see the file).
  runner: "<rootDir>/scripts/stryker-jest-runner.js",
  // During a mutant run, skips the rest of a test file after its first failure (see the file).
  // An absolute path: Stryker resolves the environment itself, without jest's <rootDir>.
  testEnvironment: require("path").join(__dirname, "scripts/stryker-jest-environment.js"),
};
