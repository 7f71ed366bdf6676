import { cidrsOverlap, parseCidr } from "./cidr";
import { derivedNameProblems } from "./derived-names";
import { ConfigError, ConfigProblem, formatPath } from "./errors";
import { problemsFromIssues } from "./issues";
import { EnvironmentConfig, environmentSchema } from "./schema/environment";

/** An environment as declared, plus where it came from (for error messages). */
export interface EnvironmentSource {
  /** e.g. `environments/prod.ts`; names the environment when its own name is unusable. */
  readonly source: string;
  readonly input: unknown;
}

function environmentLabel(source: EnvironmentSource): string {
  const name = (source.input as { name?: unknown } | null)?.name;
  return typeof name === "string" && name !== "" ? name : source.source;
}

/** Validates one environment and applies defaults, or throws a {@link ConfigError}. */
export function loadEnvironment(source: EnvironmentSource): EnvironmentConfig {
  return loadEnvironments([source])[0];
}

/**
 * Validates every environment, then the invariants that span environments
 * (unique names, and unique derived names: workspaces, resource prefixes,
 * buckets, IAM roles; non-overlapping VPCs). Throws one {@link ConfigError} listing
 * every problem found, so a single run shows everything to fix.
 */
export function loadEnvironments(sources: readonly EnvironmentSource[]): EnvironmentConfig[] {
  const problems: ConfigProblem[] = [];
  const configs: EnvironmentConfig[] = [];
  for (const source of sources) {
    const result = environmentSchema.safeParse(source.input, { reportInput: true });
    if (result.success) {
      configs.push(result.data);
    } else {
      problems.push(...problemsFromIssues(environmentSchema, environmentLabel(source), result.error.issues));
    }
  }
  problems.push(...crossEnvironmentProblems(configs));
  if (problems.length > 0) throw new ConfigError(problems);
  return configs;
}

function crossEnvironmentProblems(configs: readonly EnvironmentConfig[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  configs.forEach((config, index) => {
    const earlier = configs.slice(0, index);
    const sameName = earlier.find((other) => other.name === config.name);
    if (sameName) {
      problems.push({
        environment: config.name,
        path: "name",
        value: config.name,
        message: "another environment already has this name; environment names must be unique",
      });
    }
    const cidr = parseCidr(config.network.vpcCidr);
    const overlapping = earlier.find((other) => {
      const otherCidr = parseCidr(other.network.vpcCidr);
      return cidr && otherCidr && cidrsOverlap(cidr, otherCidr);
    });
    if (overlapping) {
      problems.push({
        environment: config.name,
        path: "network.vpcCidr",
        value: config.network.vpcCidr,
        message:
          `overlaps environment "${overlapping.name}" (${overlapping.network.vpcCidr}); ` +
          "VPC blocks must not overlap so environments can be peered or share a transit gateway",
      });
    }
  });
  // Each environment's own names were checked by the schema; what is left are clashes between
  // environments. Two environments of one name clash on every derived name: that problem says it all.
  const duplicateNames = new Set(problems.filter((problem) => problem.path === "name").map((problem) => problem.environment));
  for (const problem of derivedNameProblems(configs)) {
    const path = formatPath(problem.path);
    if (path === "name" && duplicateNames.has(problem.environment)) continue;
    problems.push({ environment: problem.environment, path, value: problem.value, message: problem.message });
  }
  return problems;
}
