import { execFileSync } from "child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { cpus, tmpdir } from "os";
import { basename, join } from "path";
import { pinnedTerraformVersion } from "../src/terraform-version";
import { Target, findTargets, requiredVersions } from "./validate/targets";
import { Finding, RunResult, firstError, terraform, validateFindings } from "./validate/terraform";
import { meetsConstraint } from "./validate/version";
import { patchedKit } from "./validate/kit-patches";

/**
 * `npm run validate [-- OPTIONS] [FILTER...]`: real Terraform over everything the
 * project generates. For every JSON and HCL stack, the bootstrap stack, every
 * module and the root modules that consume them: `terraform init -backend=false`
 * and `terraform validate -json` on a scratch copy of the repository (the work
 * tree stays clean), `terraform fmt -check` on HCL, and `terraform test` where a
 * target has `tests/*.tftest.hcl`. Exit 1 on any finding, 2 when it cannot run.
 *
 *   --offline-kit DIR  providers from the offline kit in DIR (its mirror.sh lays
 *                      out a mirror under the temp dir); also VALIDATE_OFFLINE_KIT
 *   --jobs N           parallel targets (default: 2, or fewer cores)
 *   --no-tests         skip `terraform test`
 *   FILTER             only targets whose directory contains one of these strings
 *
 * Without a kit, providers come from TF_CLI_CONFIG_FILE if set, else from the
 * registry (plain `terraform init`), through one plugin cache.
 */
const ROOT = join(__dirname, "..");
const OVERRIDE_FILE = "zz_validate_override.tf";

class SetupError extends Error {}

interface Options {
  readonly kit?: string;
  readonly jobs: number;
  readonly tests: boolean;
  readonly filters: string[];
}

function parseArgs(argv: readonly string[]): Options {
  let kit = process.env.VALIDATE_OFFLINE_KIT || undefined;
  let jobs = Math.max(1, Math.min(2, cpus().length));
  let tests = true;
  const filters: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new SetupError(`${arg} needs a value`);
      return next;
    };
    if (arg === "--offline-kit") kit = value();
    else if (arg === "--jobs") jobs = Number(value());
    else if (arg === "--no-tests") tests = false;
    else if (arg.startsWith("--")) throw new SetupError(`unknown option ${arg} (options: --offline-kit DIR, --jobs N, --no-tests)`);
    else filters.push(arg);
  }
  if (!Number.isInteger(jobs) || jobs < 1) throw new SetupError("--jobs needs a whole number of at least 1");
  return { kit, jobs, tests, filters };
}

/** The `export K=V` lines mirror.sh prints (values quoted by bash's printf %q). */
export function parseExports(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const match of text.matchAll(/^export (\w+)=(.*)$/gm)) {
    const raw = match[2];
    env[match[1]] = raw.startsWith("'") && raw.endsWith("'") ? raw.slice(1, -1) : raw.replace(/\\(.)/g, "$1");
  }
  return env;
}

/** Lays out the offline kit's mirror and returns its environment; a kit that cannot be laid out is fatal. */
function offlineKit(kit: string): Record<string, string> {
  const script = join(kit, "mirror.sh");
  if (!existsSync(script)) throw new SetupError(`no offline kit at ${kit} (expected ${script})`);
  const dir = process.env.VALIDATE_MIRROR_DIR || join(tmpdir(), "llm-platform-infra-tfkit");
  // The kit's AWS stand-in lacks what KIT_SCHEMA_ADDITIONS lists: lay the mirror out from a patched copy.
  const patched = patchedKit(kit, `${dir}-kit`);
  try {
    const out = execFileSync("bash", [join(patched, "mirror.sh"), dir], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    const env = parseExports(out);
    if (!env.TF_CLI_CONFIG_FILE) throw new SetupError(`${script} printed no TF_CLI_CONFIG_FILE`);
    return env;
  } catch (error) {
    if (error instanceof SetupError) throw error;
    throw new SetupError(`the offline kit could not be laid out: bash ${script} ${dir} failed`);
  }
}

function providerEnvironment(options: Options): { env: NodeJS.ProcessEnv; source: string } {
  // Lock files are not kept (scratch copy), so the plugin cache may be used without their checksums.
  const base = { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_INPUT: "0", TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: "1" };
  if (options.kit) return { env: { ...base, ...offlineKit(options.kit) }, source: `offline kit ${options.kit} (schema-only providers)` };
  const cache = process.env.TF_PLUGIN_CACHE_DIR || join(tmpdir(), "llm-platform-infra-plugin-cache");
  mkdirSync(cache, { recursive: true });
  const env = { ...base, TF_PLUGIN_CACHE_DIR: cache };
  const source = process.env.TF_CLI_CONFIG_FILE ? `providers as TF_CLI_CONFIG_FILE=${process.env.TF_CLI_CONFIG_FILE} says` : "the registry";
  return { env, source: `${source}, plugin cache ${cache}` };
}

function localTerraformVersion(): string {
  try {
    const out = execFileSync("terraform", ["version", "-json"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      env: { ...process.env, CHECKPOINT_DISABLE: "1" },
    });
    return (JSON.parse(out) as { terraform_version: string }).terraform_version;
  } catch {
    throw new SetupError("terraform is not on PATH (or `terraform version -json` failed)");
  }
}

const SKIP = new Set(["node_modules", ".git", ".terraform", ".terraform.lock.hcl", ".venv", "coverage", "terraform-state", ".cache"]);

/** A copy of the repository to run Terraform in, without dependencies, VCS data, state or earlier init results. */
function scratchCopy(): string {
  const scratch = mkdtempSync(join(tmpdir(), "llm-platform-validate-"));
  cpSync(ROOT, join(scratch, "repo"), {
    recursive: true,
    filter: (source) => {
      const name = basename(source);
      return !SKIP.has(name) && !name.endsWith(".tfstate") && !name.includes(".tfstate.");
    },
  });
  return scratch;
}

interface Result {
  readonly target: Target;
  readonly findings: Finding[];
  readonly relaxed: string[];
  readonly fmt: string[];
  readonly tests?: { passed: number; failed: number; failures: string[] };
  readonly seconds: number;
}

interface Prepared {
  readonly target: Target;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly relaxed: string[];
  readonly init: RunResult;
  readonly initSeconds: number;
}

/**
 * `terraform init` of one target. Inits run one at a time, all before any validate:
 * a plugin cache is not safe for concurrent installs, nor for a provider being run
 * while another init links it.
 */
async function prepare(target: Target, repo: string, dataDir: string, env: NodeJS.ProcessEnv, relaxed: string[]): Promise<Prepared> {
  const started = Date.now();
  const cwd = join(repo, target.dir);
  const runEnv = { ...env, TF_DATA_DIR: dataDir };
  const init = await terraform(["init", "-backend=false", "-input=false", "-no-color"], cwd, runEnv);
  return { target, cwd, env: runEnv, relaxed, init, initSeconds: (Date.now() - started) / 1000 };
}

async function check(prepared: Prepared, options: Options): Promise<Result> {
  const started = Date.now();
  const { target, cwd, env: runEnv, relaxed, init } = prepared;
  const done = (rest: Omit<Result, "target" | "relaxed" | "seconds">): Result => ({
    target,
    relaxed,
    seconds: prepared.initSeconds + (Date.now() - started) / 1000,
    ...rest,
  });
  if (init.code !== 0) {
    return done({ findings: [{ severity: "error", message: `terraform init failed: ${firstError(init.stderr + init.stdout)}` }], fmt: [] });
  }
  const validate = await terraform(["validate", "-json", "-no-color"], cwd, runEnv);
  let findings: Finding[];
  try {
    findings = validateFindings(validate.stdout, target.dir);
  } catch {
    findings = [{ severity: "error", message: `terraform validate gave no JSON: ${firstError(validate.stderr + validate.stdout)}` }];
  }
  let fmt: string[] = [];
  if (target.hcl) {
    const result = await terraform(["fmt", "-check", "-list=true", "-no-color"], cwd, runEnv);
    fmt = result.stdout
      .split("\n")
      .filter((file) => file && file !== OVERRIDE_FILE)
      .map((file) => `${target.dir}/${file}`);
    if (result.code !== 0 && fmt.length === 0) findings.push({ severity: "error", message: `terraform fmt failed: ${firstError(result.stderr)}` });
  }
  let tests: Result["tests"];
  if (target.tests && options.tests && !findings.some((finding) => finding.severity === "error")) {
    const result = await terraform(["test", "-no-color"], cwd, runEnv);
    const counts = /(\d+) passed, (\d+) failed/.exec(result.stdout);
    const failures = result.stdout
      .split("\n")
      .filter((line) => /\.\.\. fail$/.test(line.trim()))
      .map((line) => line.trim());
    if (result.code !== 0) failures.push(firstError(result.stderr + result.stdout));
    tests = { passed: Number(counts?.[1] ?? 0), failed: Number(counts?.[2] ?? (result.code === 0 ? 0 : 1)), failures };
  }
  return done({ findings, fmt, tests });
}

function failed(result: Result): boolean {
  return (
    result.findings.some((finding) => finding.severity === "error") ||
    result.fmt.length > 0 ||
    (result.tests?.failed ?? 0) > 0 ||
    (result.tests?.failures.length ?? 0) > 0
  );
}

function report(result: Result, width: number): string {
  const errors = result.findings.filter((finding) => finding.severity === "error").length;
  const warnings = result.findings.length - errors;
  const status = failed(result) ? "INVALID" : "valid";
  const notes = [
    errors ? `${errors} error(s)` : "",
    warnings ? `${warnings} warning(s)` : "",
    result.target.hcl ? (result.fmt.length ? `fmt: ${result.fmt.length} file(s) unformatted` : "fmt ok") : "",
    result.tests ? `tests ${result.tests.passed} passed, ${result.tests.failed} failed` : "",
    result.relaxed.length ? `required_version ${result.relaxed.join(", ")} relaxed` : "",
  ].filter(Boolean);
  const line = `${status.padEnd(8)} ${result.target.kind.padEnd(11)} ${result.target.dir.padEnd(width)} ${result.seconds.toFixed(1).padStart(5)}s  ${notes.join("; ")}`;
  const details = [
    ...result.findings.map(
      (finding) =>
        `    ${finding.severity}: ${finding.message}${finding.file || finding.address ? `\n      at ${[finding.file, finding.address].filter(Boolean).join(", ")}` : ""}`,
    ),
    ...result.fmt.map((file) => `    fmt: ${file} is not formatted (terraform fmt -diff ${file})`),
    ...(result.tests?.failures ?? []).map((failure) => `    test: ${failure}`),
  ];
  return [line, ...details].join("\n");
}

/** Runs `work` over `items` with at most `jobs` at a time, reporting results in the items' order. */
async function inOrder<T, R>(items: readonly T[], jobs: number, work: (item: T) => Promise<R>, emit: (result: R) => void): Promise<R[]> {
  const results: (R | undefined)[] = new Array(items.length);
  let next = 0;
  let emitted = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
      while (emitted < items.length && results[emitted] !== undefined) emit(results[emitted++] as R);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, worker));
  return results as R[];
}

async function main(): Promise<number> {
  const started = Date.now();
  const options = parseArgs(process.argv.slice(2));
  const local = localTerraformVersion();
  const { env, source } = providerEnvironment(options);
  let all: Target[];
  try {
    all = findTargets(ROOT);
  } catch (error) {
    throw new SetupError(error instanceof Error ? error.message : String(error));
  }
  const targets = all.filter((target) => options.filters.length === 0 || options.filters.some((filter) => target.dir.includes(filter)));
  if (targets.length === 0) throw new SetupError(`no target matches ${options.filters.join(", ")}`);

  const pinned = pinnedTerraformVersion();
  process.stdout.write(`terraform ${local} (.terraform-version ${pinned}); providers from ${source}\n`);
  if (!meetsConstraint(local, `>= ${pinned}`)) {
    process.stdout.write(
      `terraform ${local} is older than the pinned ${pinned}: where a target's required_version refuses it, ` +
        `the scratch copy gets ${OVERRIDE_FILE} relaxing only that constraint; checks added after ${local} are not run\n`,
    );
  }

  const scratch = scratchCopy();
  // An interrupted run leaves no copy behind either.
  const interrupted = () => {
    rmSync(scratch, { recursive: true, force: true });
    process.exit(130);
  };
  process.once("SIGINT", interrupted).once("SIGTERM", interrupted);
  try {
    const repo = join(scratch, "repo");
    // Every configuration in the copy, not only the selected targets: a root module's module calls need theirs relaxed too.
    const relaxed = new Map<string, string[]>();
    for (const target of all) {
      const unmet = requiredVersions(join(repo, target.dir)).filter((constraint) => !meetsConstraint(local, constraint));
      relaxed.set(target.dir, unmet);
      if (unmet.length > 0) writeFileSync(join(repo, target.dir, OVERRIDE_FILE), `terraform {\n  required_version = ">= ${local}"\n}\n`);
    }
    const width = Math.max(...targets.map((target) => target.dir.length));
    const dataDir = (target: Target) => join(scratch, "data", target.dir.replace(/[/.]/g, "_"));
    const prepared: Prepared[] = [];
    for (const target of targets) prepared.push(await prepare(target, repo, dataDir(target), env, relaxed.get(target.dir) ?? []));
    const results = await inOrder(
      prepared,
      options.jobs,
      (target) => check(target, options),
      (result) => process.stdout.write(`${report(result, width)}\n`),
    );

    const bad = results.filter(failed);
    const count = (severity: string) => results.reduce((sum, result) => sum + result.findings.filter((finding) => finding.severity === severity).length, 0);
    const tested = results.filter((result) => result.tests);
    const tests = tested.length
      ? `; terraform test in ${tested.length} module(s): ${tested.reduce((sum, result) => sum + (result.tests?.passed ?? 0), 0)} passed, ${tested.reduce((sum, result) => sum + (result.tests?.failed ?? 0), 0)} failed`
      : "";
    process.stdout.write(
      `\n${targets.length} targets: ${targets.length - bad.length} valid, ${bad.length} invalid; ${count("error")} error(s), ${count("warning")} warning(s)` +
        `${tests}; ${((Date.now() - started) / 1000).toFixed(0)} s with ${options.jobs} job(s)\n`,
    );
    return bad.length > 0 ? 1 : 0;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main()
    .then((code) => (process.exitCode = code))
    .catch((error) => {
      process.stderr.write(`validate: ${error instanceof SetupError ? error.message : error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 2;
    });
}
