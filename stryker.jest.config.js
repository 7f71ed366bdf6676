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
};
