import { Annotations, App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join, relative, resolve } from "path";
import { describeEnvironmentFileError, runSynth, synthesize, throwInputErrorsOf } from "../src/cli";
import { ConfigError } from "../src/config";
import { patched } from "./support/environments";

describe("the synth command line", () => {
  const dirs: string[] = [];
  const freshDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "llm-platform-cli-"));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  /** An outdir holding what an earlier, successful synth wrote, plus a file of the user's own. */
  const staleOutdir = () => {
    const outdir = join(freshDir(), "cdktf.out");
    mkdirSync(join(outdir, "stacks", "dev-data"), { recursive: true });
    writeFileSync(join(outdir, "stacks", "dev-data", "cdk.tf.json"), "{}");
    writeFileSync(join(outdir, "manifest.json"), "{}");
    writeFileSync(join(outdir, "policy-report.json"), "{}");
    return outdir;
  };
  const quiet = () => {
    const text: string[] = [];
    return { text, write: (chunk: string) => text.push(chunk) };
  };

  it("removes the stacks of an earlier synth when a synth fails, so nothing stale is planned or scanned", () => {
    const outdir = staleOutdir();
    writeFileSync(join(outdir, "notes.txt"), "mine");
    const stderr = quiet();
    expect(synthesize([patched("dev", { network: { vpcCidr: "10.0.0.0/33" } })], { outdir, processEnv: {}, stderr })).toBe(1);
    expect(stderr.text.join("")).toContain('Invalid configuration for environment "dev"');
    expect(existsSync(join(outdir, "stacks"))).toBe(false);
    expect(existsSync(join(outdir, "manifest.json"))).toBe(false);
    expect(existsSync(join(outdir, "policy-report.json"))).toBe(false);
    expect(existsSync(join(outdir, "notes.txt"))).toBe(true);
  });

  it("removes an outdir that held nothing but synth output", () => {
    const outdir = staleOutdir();
    expect(synthesize([patched("dev", { name: "Dev" })], { outdir, processEnv: {}, stderr: quiet() })).toBe(1);
    expect(existsSync(outdir)).toBe(false);
  });

  it("reports an environment file that throws while loading as file:line: message, with no stack trace", () => {
    const outdir = staleOutdir();
    const stderr = quiet();
    const code = runSynth(
      () => {
        throw new Error("accountId is not set");
      },
      { outdir, stderr },
    );
    expect(code).toBe(1);
    expect(stderr.text.join("")).toBe("an environment file failed to load: accountId is not set\n");
    expect(existsSync(outdir)).toBe(false);
  });

  it("names the first line of the environments folder in the error's stack", () => {
    const error = new Error("boom");
    error.stack = [
      "Error: boom",
      "    at Object.<anonymous> (/repo/src/config/load.ts:10:3)",
      "    at Object.<anonymous> (/repo/environments/dev.ts:17:9)",
      "    at Module._compile (node:internal/modules/cjs/loader:1554:14)",
    ].join("\n");
    expect(describeEnvironmentFileError(error, "/repo/environments")).toBe(
      `${relative(process.cwd(), "/repo/environments/dev.ts")}:17:9: an environment file failed to load: boom`,
    );
  });

  it("passes a syntax error of an environment file through as it is: file:line:column and the code", () => {
    const error = new SyntaxError("environments/dev.ts:17:12: Unexpected token `;`");
    error.name = "SourceSyntaxError";
    expect(describeEnvironmentFileError(error, resolve("environments"))).toBe(
      "environment file does not compile: environments/dev.ts:17:12: Unexpected token `;`",
    );
  });

  it("collects bad input found while the stacks are built into one report, with environment and construct path", () => {
    const app = new App({ outdir: freshDir() });
    const stack = new TerraformStack(app, "dev-eu-workloads");
    Annotations.of(new Construct(stack, "application")).addError('uses table "templatez", which the data layer does not declare');
    Annotations.of(new Construct(stack, "ingress")).addError("certificate is in another region");
    expect(() => throwInputErrorsOf(app)).toThrow(ConfigError);
    try {
      throwInputErrorsOf(app);
    } catch (error) {
      expect((error as ConfigError).message).toBe(
        [
          'Invalid configuration for environment "dev-eu":',
          '  - dev-eu-workloads/application: uses table "templatez", which the data layer does not declare',
          "  - dev-eu-workloads/ingress: certificate is in another region",
        ].join("\n"),
      );
    }
  });
});
