/**
 * Prints one plain closing line after jest's own summary, so CI logs carry a
 * count any tool can read:
 *
 *   jest: tests N passed, N failed[, N skipped]; suites N passed, N failed of N
 *
 * The counts are jest's own: a suite that fails to run (a syntax error, a throw
 * at import) is a failed suite and adds no failed test, as in jest's
 * "Test Suites:" and "Tests:" lines.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    process.stdout.write(`${summaryLine(results)}\n`);
  }
}

/** The closing line for jest's aggregated results. */
function summaryLine(results) {
  const skipped = results.numPendingTests + results.numTodoTests;
  const tests = `tests ${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ""}`;
  const suites =
    `suites ${results.numPassedTestSuites} passed, ${results.numFailedTestSuites} failed` +
    `${results.numRuntimeErrorTestSuites ? ` (${results.numRuntimeErrorTestSuites} failed to run)` : ""}` +
    ` of ${results.numTotalTestSuites}`;
  return `jest: ${tests}; ${suites}`;
}

module.exports = SummaryReporter;
module.exports.summaryLine = summaryLine;
