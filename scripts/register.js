/**
 * Runs TypeScript files through SWC, the way `cdktf synth` and `npm run synth` load main.ts:
 * `node --require ./scripts/register.js main.ts`.
 *
 * Leaner than @swc-node/register for this one job, which is what keeps a whole synth within a
 * few seconds (docs/performance.md):
 * - it never loads the TypeScript compiler (typescript.js, 9 MB), only @swc/core;
 * - it installs no source-map-support: cdktf captures a stack trace for every token it creates,
 *   and rewriting each of those through source maps cost more than a third of a synth. Source
 *   maps are kept instead (see {@link SOURCE_MAPS}) and applied only where an error is reported
 *   (src/source-locations.ts), so messages still name the right file and line.
 * - a syntax error becomes one {@link SourceSyntaxError}: file:line:column, the message and the
 *   code frame, without SWC's Rust backtrace.
 * Transpile-only, like jest (@swc/jest): `npm run typecheck` does the type checking.
 */
"use strict";
const { readFileSync } = require("fs");
const { relative } = require("path");
const { transformSync } = require("@swc/core");

/** Where the source maps of every file compiled here are kept: a global, so any module can read them. */
const SOURCE_MAPS = Symbol.for("llm-platform-infra.sourceMaps");
const sourceMaps = (globalThis[SOURCE_MAPS] ??= new Map());

const SWC_OPTIONS = {
  swcrc: false,
  configFile: false,
  sourceMaps: true,
  jsc: { parser: { syntax: "typescript" }, target: "es2022", keepClassNames: true },
  module: { type: "commonjs" },
};

/** A TypeScript file that does not parse: the message names file:line:column and shows the code. */
class SourceSyntaxError extends SyntaxError {
  constructor(file, line, column, text) {
    super(`${file}:${line}:${column}: ${text}`);
    this.name = "SourceSyntaxError";
    this.file = file;
    this.line = line;
    this.column = column;
  }
}

/** SWC's message without the Rust backtrace: the diagnostic and its code frame. */
function syntaxErrorOf(error, filename) {
  const text = String(error && error.message ? error.message : error);
  const lines = text
    .split(/\n\s*Caused by:|\n\s*Stack backtrace:/)[0]
    .replace(/^\s*x\s*/, "")
    .trimEnd()
    .split("\n");
  // The frame marks the error with a caret line ("   :      ^") under the source line ("17 | ...").
  const caret = lines.findIndex((line) => /^\s*:\s*\^/.test(line));
  const source = caret > 0 ? /^(\s*(\d+) )\|/.exec(lines[caret - 1]) : null;
  const line = source ? Number(source[2]) : 1;
  const column = source ? lines[caret].indexOf("^") - source[1].length - 1 : 1;
  return new SourceSyntaxError(relative(process.cwd(), filename), line, column, `${lines[0].trim()}\n${lines.slice(1).join("\n")}`);
}

function compile(module, filename) {
  const source = readFileSync(filename, "utf8");
  let output;
  try {
    output = transformSync(source, { ...SWC_OPTIONS, filename });
  } catch (error) {
    throw syntaxErrorOf(error, filename);
  }
  sourceMaps.set(filename, output.map);
  module._compile(output.code, filename);
}

require.extensions[".ts"] = compile;

module.exports = { SOURCE_MAPS, SourceSyntaxError };
