import { App, TerraformStack } from "cdktf";
import { ValidateBinaryVersion } from "cdktf/lib/validations/validate-binary-version";
import { existsSync, mkdirSync, readdirSync, rmSync, rmdirSync, writeFileSync } from "fs";
import { join } from "path";
import { addEnvironments } from "./app";
import { ConfigError, ConfigProblem, EnvironmentSource, UserInputError, loadEnvironments } from "./config";
import { checkPreparedGuardrails, formatSummary, prepareApp } from "./guardrails";
import { firstFrameIn, mapStack } from "./source-locations";
import { checkAppState } from "./guardrails/state-guard";
import type { StateManifest } from "./guardrails/state-manifest";
import { backendModeFromEnv } from "./stacks/backend";

/** Written next to the stacks on every successful synth: what the policy rules checked and what was suppressed. */
export const POLICY_REPORT_FILE = "policy-report.json";

/** The environment files' folder, wherever the program runs from. */
const ENVIRONMENTS_DIR = join(__dirname, "..", "environments");

/** What a synth writes into its outdir; removed again when a synth fails, so nothing stale is left to plan or scan. */
const SYNTH_OUTPUTS = ["stacks", "manifest.json", POLICY_REPORT_FILE];

type Writer = { write(text: string): unknown };

export interface SynthesizeOptions {
  /** Where cdktf writes the synthesized stacks. Default: `$CDKTF_OUTDIR`, else cdktf.out (what the CLI expects). */
  readonly outdir?: string;
  /** Process environment the backend switch and `CDKTF_OUTDIR` are read from. Default: process.env. */
  readonly processEnv?: NodeJS.ProcessEnv;
  /** Receives error text. Default: process.stderr. */
  readonly stderr?: Writer;
  /** Receives the policy summary. Default: process.stdout. */
  readonly stdout?: Writer;
  /** Stateful addresses synth must not lose. Default: the committed state/stateful-addresses.json. */
  readonly stateManifest?: StateManifest;
}

/**
 * Runs `body`; bad input (a {@link UserInputError}) is written to `stderr` as
 * plain text and yields exit code 1, so users never see a stack trace for it.
 * Anything else is a bug and propagates.
 */
export function exitCodeOf(body: () => void, stderr: Writer = process.stderr): number {
  try {
    body();
    return 0;
  } catch (error) {
    if (error instanceof UserInputError) {
      stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

/**
 * Validates every environment and the backend switch, builds the stacks, checks
 * that no recorded stateful address disappears undeclared, then the policy rules,
 * then synthesizes all stacks and writes the policy report.
 * Bad input (from the config or found while building the stacks) and policy
 * violations are reported as plain text and yield exit code 1; anything else is
 * a bug and propagates. A failed synth leaves no stacks behind: the outdir's
 * synthesized files are removed, so no later plan or scan reads stale output.
 */
export function synthesize(sources: readonly EnvironmentSource[], options: SynthesizeOptions = {}): number {
  const outdir = outdirOf(options);
  let code = 1;
  try {
    code = exitCodeOf(() => {
      const envs = loadEnvironments(sources);
      const backend = backendModeFromEnv(options.processEnv ?? process.env);
      const app = new App({ outdir });
      addEnvironments(app, envs, { backend });
      throwInputErrorsOf(app);
      prepareApp(app);
      // First, no recorded stateful address may disappear undeclared (src/guardrails/state-guard.ts):
      // the worst a change can do, so it is reported before the policy rules run.
      const stateLog = checkAppState(app, options.processEnv ?? process.env, options.stateManifest);
      const report = checkPreparedGuardrails(app);
      withOneTerraformVersionCheck(() => synthesizeOrExplain(app));
      mkdirSync(app.outdir, { recursive: true });
      writeFileSync(join(app.outdir, POLICY_REPORT_FILE), `${JSON.stringify(report.toJson(), null, 2)}\n`);
      const stacks = app.node
        .findAll()
        .filter(TerraformStack.isStack)
        .map((stack) => stack.node.id)
        .sort();
      (options.stdout ?? process.stdout).write(
        `${formatSummary(report)}\nSynthesized ${stacks.length} stacks into ${join(app.outdir, "stacks")}: ${stacks.join(", ")}\n`,
      );
      stateLog.forEach((line) => (options.stderr ?? process.stderr).write(`${line}\n`));
    }, options.stderr);
  } finally {
    if (code !== 0) removeSynthOutput(outdir);
  }
  return code;
}

/**
 * The entry point of `main.ts` (and `bootstrap/main.ts`, with its own `synth`): loads
 * the environment files, then synthesizes. An environment file that does not compile
 * or throws while it loads is bad input too: reported as `file:line:column: message`,
 * without a stack trace. A bug is printed with its stack mapped to the TypeScript
 * sources, and exit code 2.
 */
export function runSynth(
  loadSources: () => readonly EnvironmentSource[],
  options: SynthesizeOptions = {},
  synth: (sources: readonly EnvironmentSource[], options: SynthesizeOptions) => number = synthesize,
): number {
  const stderr = options.stderr ?? process.stderr;
  try {
    let sources: readonly EnvironmentSource[];
    try {
      sources = loadSources();
    } catch (error) {
      stderr.write(`${describeEnvironmentFileError(error)}\n`);
      removeSynthOutput(outdirOf(options));
      return 1;
    }
    return synth(sources, options);
  } catch (error) {
    stderr.write(`internal error (a bug, not your input): ${error instanceof Error ? mapStack(error.stack ?? error.message) : String(error)}\n`);
    return 2;
  }
}

/** `environments/dev.ts:17:9: <message>` for an error raised while the environment files load. */
export function describeEnvironmentFileError(error: unknown, environmentsDir = ENVIRONMENTS_DIR): string {
  if (!(error instanceof Error)) return `an environment file failed to load: ${String(error)}`;
  if (error.name === "SourceSyntaxError") return `environment file does not compile: ${error.message}`;
  const where = firstFrameIn(error.stack ?? "", environmentsDir);
  const place = where ? `${where.file}:${where.line}:${where.column}: ` : "";
  return `${place}an environment file failed to load: ${error.message}`;
}

/**
 * Bad input found while the stacks were built, recorded with
 * `Annotations.of(construct).addError(...)`: reported together, like config
 * problems, with the environment (the stack id's prefix) and the construct path.
 */
export function throwInputErrorsOf(app: App): void {
  const problems: ConfigProblem[] = [];
  for (const stack of app.node.findAll().filter(TerraformStack.isStack)) {
    const environment = stack.node.id.replace(/-[a-z]+$/, "");
    for (const construct of stack.node.findAll()) {
      for (const entry of construct.node.metadata) {
        if (entry.type !== "@cdktf/error") continue;
        problems.push({ environment, path: construct.node.path, message: String(entry.data) });
      }
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

/**
 * `app.synth()`, with cdktf's own validation failures (the constructs' checks, such as
 * the cloud backend's `terraform version` check) reported as plain text: they are about
 * the input or the machine, not a bug.
 */
function synthesizeOrExplain(app: App): void {
  try {
    app.synth();
  } catch (error) {
    const message = error instanceof Error ? error.message : "";
    if (!message.startsWith("Validation failed with the following errors")) throw error;
    const problems = message.replace(/\n+If you wish to ignore these validations[\s\S]*$/, "").trimEnd();
    const hint = /Could not determine version of terraform/.test(problems)
      ? "\nSynth runs `terraform version` once: put a terraform binary on PATH (see .terraform-version)."
      : "";
    throw new UserInputError(`${problems}${hint}`);
  }
}

/**
 * Every cloud backend asks cdktf to check the local Terraform version by running
 * `terraform version`: 15 runs per synth for one answer. The checks still run,
 * with the same constraints and messages; each distinct command runs once.
 */
function withOneTerraformVersionCheck<T>(body: () => T): T {
  const prototype = ValidateBinaryVersion.prototype;
  const validate = prototype.validate;
  const results = new Map<string, string[]>();
  prototype.validate = function (this: ValidateBinaryVersion) {
    // eslint-disable-next-line local/no-double-cast -- private fields of cdktf 0.21.0's ValidateBinaryVersion (pinned)
    const self = this as unknown as { versionCommand: string; versionConstraint: string; hint?: string };
    const key = JSON.stringify([self.versionCommand, self.versionConstraint, self.hint]);
    let result = results.get(key);
    if (!result) {
      result = validate.call(this);
      results.set(key, result);
    }
    return result;
  };
  try {
    return body();
  } finally {
    prototype.validate = validate;
  }
}

/** Where the synth writes: the option, else `$CDKTF_OUTDIR` (set by the cdktf CLI), else cdktf.out. */
function outdirOf(options: SynthesizeOptions): string {
  return options.outdir ?? (options.processEnv ?? process.env).CDKTF_OUTDIR ?? "cdktf.out";
}

/** Removes what a synth writes into `outdir`, and `outdir` itself once it is empty. */
export function removeSynthOutput(outdir: string): void {
  if (!existsSync(outdir)) return;
  for (const entry of SYNTH_OUTPUTS) rmSync(join(outdir, entry), { recursive: true, force: true });
  if (readdirSync(outdir).length === 0) rmdirSync(outdir);
}
