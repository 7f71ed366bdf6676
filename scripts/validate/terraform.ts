import { spawn } from "child_process";
import { posix } from "path";

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `terraform ARGS` in `cwd`; never throws for a non-zero exit. */
export function terraform(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("terraform", [...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** One diagnostic of `terraform validate -json`. */
interface Diagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail?: string;
  readonly address?: string;
  readonly range?: { readonly filename: string; readonly start: { readonly line: number } };
  readonly snippet?: { readonly context?: string | null };
}

export interface Finding {
  readonly severity: "error" | "warning";
  /** `summary: first line of detail`. */
  readonly message: string;
  /** `<file>:<line>` relative to the repository root, when Terraform gave a range. */
  readonly file?: string;
  /** The resource, block or address the diagnostic is about, when Terraform named one. */
  readonly address?: string;
}

/** The findings of `terraform validate -json` run in `target` (relative to the repository root). */
export function validateFindings(output: string, target: string): Finding[] {
  const parsed = JSON.parse(output) as { diagnostics?: Diagnostic[] };
  return (parsed.diagnostics ?? []).map((diagnostic) => {
    const detail = (diagnostic.detail ?? "").split("\n")[0].trim();
    const range = diagnostic.range;
    return {
      severity: diagnostic.severity,
      message: detail ? `${diagnostic.summary}: ${detail}` : diagnostic.summary,
      file: range ? `${posix.normalize(posix.join(target, range.filename))}:${range.start.line}` : undefined,
      address: diagnostic.address ?? diagnostic.snippet?.context ?? undefined,
    };
  });
}

/** The first `Error:` of Terraform's human output, with the lines that locate it. */
export function firstError(output: string): string {
  const lines = output.split("\n").map((line) => line.replace(/^[│╷╵ ]+/, "").trimEnd());
  const start = lines.findIndex((line) => line.startsWith("Error:"));
  if (start < 0) return lines.filter(Boolean).slice(-3).join(" / ");
  return lines
    .slice(start, start + 6)
    .filter(Boolean)
    .join(" / ");
}
