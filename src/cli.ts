import { App } from "cdktf";
import { mkdirSync, writeFileSync } from "fs";
import { join } from "path";
import { addEnvironments } from "./app";
import { EnvironmentSource, UserInputError, loadEnvironments } from "./config";
import { checkGuardrails, formatSummary } from "./guardrails";
import { checkAppState } from "./guardrails/state-guard";
import type { StateManifest } from "./guardrails/state-manifest";
import { backendModeFromEnv } from "./stacks/backend";

/** Written next to the stacks on every successful synth: what the policy rules checked and what was suppressed. */
export const POLICY_REPORT_FILE = "policy-report.json";

export interface SynthesizeOptions {
  /** Where cdktf writes the synthesized stacks. Default: cdktf.out (what the CLI expects). */
  readonly outdir?: string;
  /** Process environment the backend switch is read from. Default: process.env. */
  readonly processEnv?: NodeJS.ProcessEnv;
  /** Receives error text. Default: process.stderr. */
  readonly stderr?: { write(text: string): unknown };
  /** Receives the policy summary. Default: process.stdout. */
  readonly stdout?: { write(text: string): unknown };
  /** Stateful addresses synth must not lose. Default: the committed state/stateful-addresses.json. */
  readonly stateManifest?: StateManifest;
}

/**
 * Runs `body`; bad input (a {@link UserInputError}) is written to `stderr` as
 * plain text and yields exit code 1, so users never see a stack trace for it.
 * Anything else is a bug and propagates.
 */
export function exitCodeOf(body: () => void, stderr: { write(text: string): unknown } = process.stderr): number {
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
 * Validates every environment and the backend switch, checks the policy rules
 * and that no recorded stateful address disappears (src/guardrails/state-guard.ts),
 * then synthesizes all stacks and writes the policy report. Bad input and
 * policy violations are reported as plain text before anything is written and
 * yield exit code 1; anything else is a bug and propagates.
 */
export function synthesize(sources: readonly EnvironmentSource[], options: SynthesizeOptions = {}): number {
  return exitCodeOf(() => {
    const envs = loadEnvironments(sources);
    const backend = backendModeFromEnv(options.processEnv ?? process.env);
    const app = new App(options.outdir ? { outdir: options.outdir } : {});
    addEnvironments(app, envs, { backend });
    const report = checkGuardrails(app);
    const stateLog = checkAppState(app, options.processEnv ?? process.env, options.stateManifest);
    app.synth();
    mkdirSync(app.outdir, { recursive: true });
    writeFileSync(join(app.outdir, POLICY_REPORT_FILE), `${JSON.stringify(report.toJson(), null, 2)}\n`);
    (options.stdout ?? process.stdout).write(`${formatSummary(report)}\n`);
    stateLog.forEach((line) => (options.stderr ?? process.stderr).write(`${line}\n`));
  }, options.stderr);
}
