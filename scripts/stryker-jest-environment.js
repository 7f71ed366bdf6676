/**
 * The jest test environment `npm run mutate` uses (stryker.jest.config.js): the project's test
 * environment (scripts/jest-environment.js) which, during a Stryker mutant run (`__STRYKER_ACTIVE_MUTANT__` set), skips the
 * rest of a test file once one test or hook has failed. One failure kills the mutant; the tests
 * after it would only cost time (jest's programmatic API has no bail). Outside a mutant run it
 * is that environment unchanged.
 */
const TestEnvironment = require("./jest-environment");

class BailingEnvironment extends TestEnvironment {
  #failed = false;

  async handleTestEvent(event) {
    if (process.env.__STRYKER_ACTIVE_MUTANT__ === undefined) return;
    if (event.name === "test_fn_failure" || event.name === "hook_failure") this.#failed = true;
    // jest-circus reads the mode right after `test_start`, before running the test.
    else if (event.name === "test_start" && this.#failed) event.test.mode = "skip";
  }
}

module.exports = BailingEnvironment;
