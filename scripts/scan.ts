/**
 * `npm run scan`: checkov over every synthesized stack in cdktf.out (run
 * `npm run synth` first) and over every generated module in modules/ (named
 * `modules/<name>` in the report and the baseline), with the skips in
 * checkov-baseline.json. Prints passed / failed / skipped per stack and module;
 * exits 1 on any failed check, on a baseline entry without a reason, or on one
 * that no longer matches anything.
 *
 * checkov 3.3.x cannot parse a cdk.tf.json that sets `terraform.required_version`
 * (bridgecrewio/checkov, open issue), and our stacks must keep that pin. So it
 * scans a temporary copy of each stack with only that key removed.
 */
import { spawnSync } from "child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { UserInputError } from "../src/config";
import { BaselineSkip, matchingSkip, parseBaseline } from "../src/guardrails/scan/baseline";

const ROOT = join(__dirname, "..");
const STACKS_DIR = join(ROOT, "cdktf.out", "stacks");
const BASELINE_FILE = join(ROOT, "checkov-baseline.json");
const MODULES_DIR = join(ROOT, "modules");
const CHECKOV = join(ROOT, ".venv", "bin", "checkov");

interface CheckResult {
  check_id: string;
  check_name: string;
  file_path: string;
  resource: string;
  guideline?: string;
}

interface StackCounts {
  passed: number;
  failed: TargetResult[];
  skipped: number;
}

/** A copy of every stack with `terraform.required_version` removed, in a fresh temporary directory. */
function scannableCopy(stacks: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "llm-platform-scan-"));
  for (const stack of stacks) {
    const config = JSON.parse(readFileSync(join(STACKS_DIR, stack, "cdk.tf.json"), "utf8"));
    delete config.terraform?.required_version;
    mkdirSync(join(dir, stack));
    writeFileSync(join(dir, stack, "cdk.tf.json"), JSON.stringify(config, null, 2));
  }
  return dir;
}

type Results = { passed: CheckResult[]; failed: CheckResult[]; skipped: CheckResult[] };

/** Runs checkov over `dir`; each result's `file_path` starts with the stack's or module's folder. */
function runCheckov(dir: string, framework: "terraform_json" | "terraform"): Results {
  const run = spawnSync(CHECKOV, ["--directory", dir, "--framework", framework, "--output", "json", "--skip-download", "--compact"], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, LOG_LEVEL: "WARNING" },
  });
  if (run.error) throw run.error;
  // checkov exits 1 when checks fail; anything unparsable is a real error.
  let output: any;
  try {
    output = JSON.parse(run.stdout);
  } catch {
    throw new UserInputError(`checkov did not produce a report (exit ${run.status}):\n${run.stderr || run.stdout}`);
  }
  const reports = Array.isArray(output) ? output : [output];
  const parsingErrors = reports.flatMap((report) => report.results?.parsing_errors ?? []);
  if (parsingErrors.length > 0) throw new UserInputError(`checkov could not parse: ${parsingErrors.join(", ")}`);
  const all = (key: string) => reports.flatMap((report) => report.results?.[key] ?? []);
  return { passed: all("passed_checks"), failed: all("failed_checks"), skipped: all("skipped_checks") };
}

const folderOf = (result: CheckResult) => result.file_path.split("/").filter(Boolean)[0];

/** A result with what it belongs to: `<env>-<layer>` for stacks, `modules/<name>` for modules. */
type TargetResult = CheckResult & { target: string };

function main(): number {
  if (!existsSync(CHECKOV)) throw new UserInputError("checkov is not installed: run scripts/install-checkov.sh");
  if (!existsSync(STACKS_DIR)) throw new UserInputError("cdktf.out/stacks does not exist: run npm run synth first");
  const skips = parseBaseline(JSON.parse(readFileSync(BASELINE_FILE, "utf8")));
  const stacks = readdirSync(STACKS_DIR)
    .filter((name) => existsSync(join(STACKS_DIR, name, "cdk.tf.json")))
    .sort();
  const modules = existsSync(MODULES_DIR)
    ? readdirSync(MODULES_DIR)
        .filter((name) => existsSync(join(MODULES_DIR, name, "main.tf")))
        .sort()
    : [];
  const dir = scannableCopy(stacks);
  let stackResults: Results;
  try {
    stackResults = runCheckov(dir, "terraform_json");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const moduleResults = modules.length > 0 ? runCheckov(MODULES_DIR, "terraform") : { passed: [], failed: [], skipped: [] };
  const tag = (results: CheckResult[], target: (result: CheckResult) => string): TargetResult[] =>
    results.map((result) => ({ ...result, target: target(result) }));
  const asModule = (result: CheckResult) => `modules/${folderOf(result)}`;
  const results = {
    passed: [...tag(stackResults.passed, folderOf), ...tag(moduleResults.passed, asModule)],
    failed: [...tag(stackResults.failed, folderOf), ...tag(moduleResults.failed, asModule)],
    skipped: [...tag(stackResults.skipped, folderOf), ...tag(moduleResults.skipped, asModule)],
  };
  const targets = [...stacks, ...modules.map((name) => `modules/${name}`)];

  const counts = new Map<string, StackCounts>(targets.map((target) => [target, { passed: 0, failed: [], skipped: 0 }]));
  const used = new Set<BaselineSkip>();
  for (const result of results.passed) counts.get(result.target)!.passed++;
  for (const result of results.skipped) counts.get(result.target)!.skipped++;
  for (const result of results.failed) {
    const stack = result.target;
    const skip = matchingSkip(skips, { check: result.check_id, stack, resource: result.resource });
    if (skip) {
      used.add(skip);
      counts.get(stack)!.skipped++;
    } else {
      counts.get(stack)!.failed.push(result);
    }
  }

  const width = Math.max(5, ...targets.map((target) => target.length));
  console.log(`checkov ${"stack".padEnd(width)}  passed  failed  skipped`);
  for (const [stack, { passed, failed, skipped }] of counts) {
    console.log(`        ${stack.padEnd(width)}  ${String(passed).padStart(6)}  ${String(failed.length).padStart(6)}  ${String(skipped).padStart(7)}`);
  }
  const failures = [...counts.values()].flatMap((count) => count.failed);
  for (const failure of failures) {
    console.log(`FAILED ${failure.check_id} ${failure.target} ${failure.resource}: ${failure.check_name}`);
  }
  const stale = skips.filter((skip) => !used.has(skip));
  for (const skip of stale) {
    console.log(`STALE baseline entry ${skip.check} ${skip.stack} ${skip.resource}: matches no failed check; remove it`);
  }
  if (failures.length > 0 || stale.length > 0) {
    console.log(
      `scan failed: ${failures.length} failed check(s), ${stale.length} stale baseline entr(ies). ` +
        "Fix the resource, or add a skip with the check id, stack, resource and reason to checkov-baseline.json.",
    );
    return 1;
  }
  console.log(`scan passed: ${stacks.length} stacks and ${modules.length} modules, 0 failed checks, ` + `${skips.length} baseline skip(s) with reasons.`);
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  if (!(error instanceof UserInputError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
