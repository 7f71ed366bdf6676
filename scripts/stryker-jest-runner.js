/**
 * The jest test runner `npm run mutate` uses (stryker.jest.config.js): jest's own runner, which
 * under Stryker runs only the test files holding a test the mutant run asks for.
 *
 * Stryker's jest runner selects a mutant's covering tests by name (`testNamePattern`) but still
 * hands jest every test file; jest then loads each file (cdktf and the providers with it) just to
 * skip its tests, about 3 s of CPU per mutant whatever the mutant. Here the run without a name
 * pattern (Stryker's dry run) records which test names each file holds; a run with a pattern
 * then drops the files none of whose recorded tests match it. The tests that run, and so every
 * mutant's result, are the same. A file without a record always runs. Outside Stryker (no
 * STRYKER_MUTATOR_WORKER in the environment) it is jest's runner unchanged.
 */
const { existsSync, readFileSync, writeFileSync } = require("fs");
const { join } = require("path");
const JestRunner = require("jest-runner").default;

/** Inside Stryker's sandbox directory (the jest rootDir there), never in the working tree. */
const RECORD_FILE = ".stryker-test-names.json";

class CoveringFilesRunner extends JestRunner {
  async runTests(tests, watcher, options) {
    if (process.env.STRYKER_MUTATOR_WORKER === undefined) return super.runTests(tests, watcher, options);
    const recordPath = join(this._globalConfig.rootDir, RECORD_FILE);
    const pattern = this._globalConfig.testNamePattern;
    if (!pattern) return this.#recordNames(recordPath, tests, watcher, options);
    const recorded = existsSync(recordPath) ? JSON.parse(readFileSync(recordPath, "utf8")) : {};
    // The same regular expression jest-circus matches test names with.
    const matches = new RegExp(pattern, "i");
    const selected = tests.filter((test) => {
      const names = recorded[test.path];
      return names === undefined || names.some((name) => matches.test(name));
    });
    return options.serial ? this.#untilFirstFailure(selected, watcher, options) : super.runTests(selected, watcher, options);
  }

  /**
   * One file after the other, stopping after the first file with a failing test: one failure
   * kills the mutant (Stryker's bail, which jest's programmatic API lacks).
   */
  async #untilFirstFailure(tests, watcher, options) {
    let failed = false;
    const unsubscribe = [
      this.on("test-file-success", ([, result]) => {
        if (result.numFailingTests > 0 || result.testExecError !== undefined) failed = true;
      }),
      this.on("test-file-failure", () => {
        failed = true;
      }),
    ];
    try {
      for (const test of tests) {
        await super.runTests([test], watcher, options);
        if (failed) break;
      }
    } finally {
      unsubscribe.forEach((off) => off());
    }
  }

  async #recordNames(recordPath, tests, watcher, options) {
    const names = {};
    const unsubscribe = this.on("test-file-success", ([test, result]) => {
      if (result.testExecError === undefined) names[test.path] = result.testResults.map((r) => r.fullName);
    });
    try {
      await super.runTests(tests, watcher, options);
    } finally {
      unsubscribe();
    }
    const previous = existsSync(recordPath) ? JSON.parse(readFileSync(recordPath, "utf8")) : {};
    writeFileSync(recordPath, JSON.stringify({ ...previous, ...names }));
  }
}

module.exports = CoveringFilesRunner;
