/** One thing wrong with one environment's configuration. */
export interface ConfigProblem {
  /** Environment name, or the file it came from when the name itself is unusable. */
  readonly environment: string;
  /** Dotted field path, e.g. `network.vpcCidr` or `network.availabilityZones[1]`. */
  readonly path: string;
  /** What was wrong and what is allowed. */
  readonly message: string;
  /** The offending value, when there is one worth showing. */
  readonly value?: unknown;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === "number") return `${text}[${key}]`;
    const name = String(key);
    return text === "" ? name : `${text}.${name}`;
  }, "");
}

function formatValue(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

export function formatProblem(problem: ConfigProblem): string {
  const where = problem.path === "" ? "(top level)" : problem.path;
  const got = "value" in problem && problem.value !== undefined ? `got ${formatValue(problem.value)}: ` : "";
  return `${where}: ${got}${problem.message}`;
}

/** Bad input from the person running the app: printed as is, without a stack trace. */
export class UserInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UserInputError";
  }
}

/**
 * Raised before anything is synthesized when an environment's configuration is
 * invalid. Its message lists every problem, grouped by environment.
 */
export class ConfigError extends UserInputError {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(ConfigError.describe(problems));
    this.name = "ConfigError";
  }

  private static describe(problems: readonly ConfigProblem[]): string {
    const byEnvironment = new Map<string, ConfigProblem[]>();
    for (const problem of problems) {
      const list = byEnvironment.get(problem.environment) ?? [];
      list.push(problem);
      byEnvironment.set(problem.environment, list);
    }
    return [...byEnvironment.entries()]
      .map(([environment, list]) =>
        [`Invalid configuration for environment "${environment}":`, ...list.map((problem) => `  - ${formatProblem(problem)}`)].join("\n"),
      )
      .join("\n");
  }
}
