import { ENVIRONMENTS } from "../../environments";
import { ConfigError, EnvironmentConfig, EnvironmentSource, loadEnvironment, loadEnvironments } from "../../src/config";

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Deep-merges `patch` into a copy of `base`; arrays and scalars in the patch replace. */
export function merge<T>(base: T, patch: unknown): T {
  if (!isObject(base) || !isObject(patch)) return structuredClone(patch) as T;
  const result: Json = structuredClone(base);
  for (const [key, value] of Object.entries(patch)) {
    result[key] = key in result ? merge(result[key], value) : structuredClone(value);
  }
  return result as T;
}

/** The committed declaration of one environment. */
export function declared(name: "dev" | "staging" | "prod"): EnvironmentSource {
  const source = ENVIRONMENTS.find((candidate) => (candidate.input as { name: string }).name === name);
  if (!source) throw new Error(`no environment ${name}`);
  return source;
}

/** A committed environment with `patch` deep-merged in, as an unvalidated source. */
export function patched(name: "dev" | "staging" | "prod", patch: unknown): EnvironmentSource {
  const source = declared(name);
  return { source: source.source, input: merge(source.input, patch) };
}

/** The validated config of a committed environment, optionally patched. */
export function configOf(name: "dev" | "staging" | "prod", patch: unknown = {}): EnvironmentConfig {
  return loadEnvironment(patched(name, patch));
}

export function allConfigs(): EnvironmentConfig[] {
  return loadEnvironments(ENVIRONMENTS);
}

/** The text of the ConfigError that loading these sources raises; fails the test if they load. */
export function configErrorText(...sources: EnvironmentSource[]): string {
  try {
    loadEnvironments(sources);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error("expected the configuration to be rejected");
}

/** The message of the ConfigError a committed environment with `patch` raises; fails the test when it is accepted. */
export function patchErrorText(name: "dev" | "staging" | "prod", patch: unknown): string {
  return configErrorText(patched(name, patch));
}
