import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join, relative } from "path";
import { SHARED_SYNTH_DIR_VAR } from "./global-setup";
import type { SynthesizedStack } from "./synth";

/**
 * One `npm run synth` of every committed environment per test run, shared by every suite that
 * only reads the result ({@link sharedResult}). jest's globalSetup (global-setup.ts) names a directory in SHARED_SYNTH_DIR_VAR; the first
 * suite that asks computes into it and the others read it (a suite that asks while it is being
 * computed waits for it). Without that setup, a process uses its own temporary directory,
 * removed when it exits.
 */

/** The result of the shared synth. */
export interface SharedSynth {
  /** The synth's cdktf.out: `stacks/<id>/cdk.tf.json`, manifest.json, policy-report.json. */
  readonly outdir: string;
  /** What the synth printed on stdout (the policy summary). */
  readonly stdout: string;
  /** The synthesized JSON of one stack, e.g. `prod-data`. */
  stack(id: string): SynthesizedStack;
  /** Every file under the outdir by relative path, with its text. */
  files(): Record<string, string>;
}

const WAIT_LIMIT_MS = 300_000;
let cached: SharedSynth | undefined;

/** The shared synth of every environment (synthesized on first use). Fails the caller if the synth failed. */
export function sharedSynth(): SharedSynth {
  if (cached) return cached;
  const outdir = join(sharedDir(), "cdktf.out");
  const { code, stdout, stderr } = sharedResult("synth", () => {
    // Loaded here, by the one suite that synthesizes, so the suites that only read the result
    // do not load every layer's constructs and the provider bindings they use.
    const { synthesize } = require("../../src/cli") as typeof import("../../src/cli");
    const { ENVIRONMENTS } = require("../../environments") as typeof import("../../environments");
    const out: string[] = [];
    const err: string[] = [];
    const exit = synthesize(ENVIRONMENTS, {
      outdir,
      processEnv: {},
      stdout: { write: (text: string) => out.push(text) },
      stderr: { write: (text: string) => err.push(text) },
    });
    return { code: exit, stdout: out.join(""), stderr: err.join("") };
  });
  if (code !== 0) throw new Error(`the shared synth of every environment failed (exit ${code}):\n${stderr}`);
  const stacks = new Map<string, SynthesizedStack>();
  cached = {
    outdir,
    stdout,
    stack(id) {
      let stack = stacks.get(id);
      if (!stack) {
        stack = JSON.parse(readFileSync(join(outdir, "stacks", id, "cdk.tf.json"), "utf8")) as SynthesizedStack;
        stacks.set(id, stack);
      }
      return stack;
    },
    files: () => filesUnder(outdir),
  };
  return cached;
}

/**
 * What `compute` returns (as JSON), computed once per test run by the first suite that asks
 * under `key` and read back by every other suite, in either worker (a suite that asks while it
 * is being computed waits for it); each call returns a fresh copy. If `compute` throws, every
 * suite that asks fails with its message instead of waiting.
 */
export function sharedResult<T>(key: string, compute: () => T): T {
  const dir = sharedDir();
  const file = join(dir, `${key}.json`);
  if (!existsSync(file)) {
    if (claim(dir, key)) {
      let result: { value: T } | { error: string };
      try {
        result = { value: compute() };
      } catch (error) {
        result = { error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
      }
      // Written aside and renamed, so a waiting suite never reads half a file.
      writeFileSync(`${file}.partial`, JSON.stringify(result));
      renameSync(`${file}.partial`, file);
    } else {
      waitFor(file);
    }
  }
  const result = JSON.parse(readFileSync(file, "utf8")) as { value: T } | { error: string };
  if ("error" in result) throw new Error(`the shared result ${key} failed in the suite that computed it:\n${result.error}`);
  return result.value;
}

let sharedDirectory: string | undefined;

/** The run's shared directory (jest's globalSetup names it), else one of this process's own. */
function sharedDir(): string {
  sharedDirectory ??= process.env[SHARED_SYNTH_DIR_VAR] ?? privateDir();
  return sharedDirectory;
}

/** Every file under `dir` by path relative to it, with its text. */
export function filesUnder(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (current: string) => {
    for (const entry of readdirSync(current).sort()) {
      const full = join(current, entry);
      if (statSync(full).isDirectory()) walk(full);
      else files[relative(dir, full)] = readFileSync(full, "utf8");
    }
  };
  walk(dir);
  return files;
}

/** True for the one caller that gets to compute `key` in `dir` (mkdir is atomic). */
function claim(dir: string, key: string): boolean {
  try {
    mkdirSync(join(dir, `${key}.claimed`));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

function waitFor(file: string): void {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + WAIT_LIMIT_MS;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`waited ${WAIT_LIMIT_MS / 1000} s for a shared result (${file})`);
    Atomics.wait(sleeper, 0, 0, 100);
  }
}

function privateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "llm-platform-synth-"));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
