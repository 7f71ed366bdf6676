/**
 * A jest test environment (the project's, scripts/jest-environment.js) that appends one line per test file to the
 * file JEST_CPU_FILE names: the file, then the CPU seconds spent on it (user + system of the jest
 * worker, from when its environment is set up, before the file's imports, to its teardown), that
 * of child processes it waited for, and the sum. CPU time, unlike wall time, stays comparable
 * when other work loads the machine (docs/performance.md):
 *
 *   JEST_CPU_FILE=/tmp/cpu.tsv npx jest --testEnvironment ./scripts/jest-cpu-environment.js
 *   sort -t$'\t' -k4 -rn /tmp/cpu.tsv | head -15
 *
 * Without JEST_CPU_FILE it is the project's environment and writes nothing. Linux only (children's
 * CPU time from /proc/self/stat).
 */
const { appendFileSync, readFileSync } = require("fs");
const { relative } = require("path");
const TestEnvironment = require("./jest-environment");

/** CPU seconds of the child processes this process waited for (cutime + cstime, in clock ticks of 1/100 s). */
function childrenCpu() {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

class CpuEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.file = relative(config.projectConfig.rootDir, context.testPath);
    this.report = process.env.JEST_CPU_FILE;
    if (this.report) {
      this.children = childrenCpu();
      this.cpu = process.cpuUsage();
    }
  }

  async teardown() {
    if (this.report) {
      const used = process.cpuUsage(this.cpu);
      const self = (used.user + used.system) / 1e6;
      const children = childrenCpu() - this.children;
      appendFileSync(this.report, `${this.file}\t${self.toFixed(2)}\t${children.toFixed(2)}\t${(self + children).toFixed(2)}\n`);
    }
    await super.teardown();
  }
}

module.exports = CpuEnvironment;
