const { summaryLine } = require("../../scripts/jest-summary-reporter.js");

const results = (overrides: Record<string, number>) => ({
  numPassedTests: 0,
  numFailedTests: 0,
  numPendingTests: 0,
  numTodoTests: 0,
  numPassedTestSuites: 0,
  numFailedTestSuites: 0,
  numRuntimeErrorTestSuites: 0,
  numTotalTestSuites: 0,
  ...overrides,
});

describe("the jest closing line", () => {
  it("counts tests and suites as jest does", () => {
    expect(summaryLine(results({ numPassedTests: 7, numPendingTests: 1, numTodoTests: 1, numPassedTestSuites: 2, numTotalTestSuites: 2 }))).toBe(
      "jest: tests 7 passed, 0 failed, 2 skipped; suites 2 passed, 0 failed of 2",
    );
  });

  it("counts a suite that failed to run as a failed suite, not as a failed test", () => {
    // What jest aggregates for one passing suite and one that threw at import.
    const line = summaryLine(
      results({ numPassedTests: 3, numPassedTestSuites: 1, numFailedTestSuites: 1, numRuntimeErrorTestSuites: 1, numTotalTestSuites: 2 }),
    );
    expect(line).toBe("jest: tests 3 passed, 0 failed; suites 1 passed, 1 failed (1 failed to run) of 2");
  });
});
