import { spawnSync } from "child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";

const ROOT = join(__dirname, "..", "..");

/** Runs `script` in a node process that loads TypeScript through scripts/register.js, as synth does. */
function runWithRegister(script: string): string {
  const result = spawnSync(process.execPath, ["--require", "./scripts/register.js", "-e", script], { cwd: ROOT, encoding: "utf8" });
  expect(result.stderr).toBe("");
  return result.stdout.trim();
}

describe("scripts/register.js, the TypeScript loader of synth", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "llm-platform-register-"));
    mkdirSync(join(dir, "environments"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reports a syntax error as file:line:column and the code frame, without SWC's backtrace", () => {
    const file = join(dir, "environments", "broken.ts");
    writeFileSync(file, ['import type { X } from "./x";', "", "export const broken = {;", ""].join("\n"));
    const out = runWithRegister(`try { require(${JSON.stringify(file)}) } catch (e) { console.log(e.name + "\\n" + e.message) }`);
    const [name, first, ...frame] = out.split("\n");
    expect(name).toBe("SourceSyntaxError");
    expect(first).toMatch(/environments\/broken\.ts:3:24: Unexpected token `;`/);
    expect(frame.join("\n")).toContain("3 | export const broken = {;");
    expect(out).not.toMatch(/Stack backtrace|Caused by|v8impl/);
  });

  it("maps an error thrown while an environment file loads to its TypeScript line", () => {
    const file = join(dir, "environments", "throws.ts");
    // Imports and types shift the compiled lines: the throw is on line 9 of the source.
    writeFileSync(
      file,
      [
        'import { join } from "path";',
        'import type { EnvironmentInput } from "../../src/config";',
        "",
        "type Partial = Pick<EnvironmentInput, 'name'>;",
        "",
        "export const name: Partial = { name: join('a', 'b') };",
        "",
        "function fail(): never {",
        "  throw new Error('no account id');",
        "}",
        "fail();",
        "",
      ].join("\n"),
    );
    const out = runWithRegister(
      `const { describeEnvironmentFileError } = require("./src/cli.ts");` +
        `try { require(${JSON.stringify(file)}) } catch (e) { console.log(describeEnvironmentFileError(e, ${JSON.stringify(join(dir, "environments"))})) }`,
    );
    expect(out).toMatch(/environments\/throws\.ts:9:9: an environment file failed to load: no account id$/);
  });
});
