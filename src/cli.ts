import { App } from "cdktf";
import { addEnvironments } from "./app";
import { EnvironmentSource, UserInputError, loadEnvironments } from "./config";
import { backendModeFromEnv } from "./stacks/backend";

export interface SynthesizeOptions {
  /** Where cdktf writes the synthesized stacks. Default: cdktf.out (what the CLI expects). */
  readonly outdir?: string;
  /** Process environment the backend switch is read from. Default: process.env. */
  readonly processEnv?: NodeJS.ProcessEnv;
  /** Receives error text. Default: process.stderr. */
  readonly stderr?: { write(text: string): unknown };
}

/**
 * Validates every environment and the backend switch, then synthesizes all
 * stacks. Bad input is reported as plain text before anything is written and
 * yields exit code 1; anything else is a bug and propagates.
 */
export function synthesize(sources: readonly EnvironmentSource[], options: SynthesizeOptions = {}): number {
  const stderr = options.stderr ?? process.stderr;
  try {
    const envs = loadEnvironments(sources);
    const backend = backendModeFromEnv(options.processEnv ?? process.env);
    const app = new App(options.outdir ? { outdir: options.outdir } : {});
    addEnvironments(app, envs, { backend });
    app.synth();
    return 0;
  } catch (error) {
    if (error instanceof UserInputError) {
      stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
