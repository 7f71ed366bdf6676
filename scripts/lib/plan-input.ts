import { readFileSync } from "fs";
import type { JsonPlan } from "./plan-summary";

/** Exit codes of the plan scripts (docs/delivery.md lists them). */
export const EXIT = {
  ok: 0,
  /** A plan failed, or (deploy) an apply failed. */
  failed: 1,
  /** A stateful resource would be destroyed and that was not declared. */
  statefulDestroy: 2,
  /** Wrong command line. */
  usage: 64,
  /** The input is not a Terraform JSON plan. */
  notAPlan: 65,
  /** The input file does not exist or cannot be read. */
  noInput: 66,
} as const;

/** A plan input the summary cannot trust: names where it came from and what is missing. */
export class PlanInputError extends Error {
  constructor(
    readonly source: string,
    readonly problem: string,
    readonly exitCode: number = EXIT.notAPlan,
  ) {
    super(`${source}: ${problem}`);
    this.name = "PlanInputError";
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

const HOW_TO = "expected the output of `terraform show -json <saved plan>`";

/**
 * Checks that a parsed document is a Terraform JSON plan before anything is
 * counted from it: an empty object, a state file or a plan entry without its
 * `change` must never read as "no changes". `source` names the input in errors.
 */
export function validatePlan(document: unknown, source: string): JsonPlan {
  const fail = (problem: string): never => {
    throw new PlanInputError(source, problem);
  };
  if (!isObject(document)) return fail(`is ${Array.isArray(document) ? "an array" : String(document)}, not a JSON object; ${HOW_TO}`);
  if ("lineage" in document || "serial" in document) {
    return fail(`is a Terraform state file (it has lineage/serial), not a plan; ${HOW_TO}`);
  }
  if ("values" in document && !("planned_values" in document) && !("resource_changes" in document)) {
    return fail(`is \`terraform show -json\` of a state (it has values, no planned_values or resource_changes), not of a plan; ${HOW_TO}`);
  }
  if (typeof document.format_version !== "string") return fail(`has no format_version; ${HOW_TO}`);
  if (!("resource_changes" in document) && !isObject(document.planned_values)) {
    return fail(`has neither resource_changes nor planned_values, so it is not a plan; ${HOW_TO}`);
  }
  const changes = document.resource_changes ?? [];
  if (!Array.isArray(changes)) return fail("resource_changes is not an array");
  changes.forEach((entry: unknown, index) => {
    const at = `resource_changes[${index}]`;
    if (!isObject(entry)) return fail(`${at} is not an object`);
    const named = typeof entry.address === "string" ? `${at} (${entry.address})` : at;
    if (typeof entry.address !== "string") fail(`${at} has no address`);
    if (typeof entry.type !== "string") fail(`${named} has no type`);
    if (!isObject(entry.change)) fail(`${named} has no change`);
    const actions = (entry.change as Record<string, unknown>).actions;
    if (!Array.isArray(actions) || actions.length === 0 || actions.some((action) => typeof action !== "string")) {
      fail(`${named} has no change.actions (a non-empty list of action names)`);
    }
  });
  return document as JsonPlan;
}

/** Parses JSON text as a plan; a syntax error names the source, never a stack trace. */
export function parsePlan(text: string, source: string): JsonPlan {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new PlanInputError(source, `is not JSON (${(error as Error).message}); ${HOW_TO}`);
  }
  return validatePlan(document, source);
}

/** Reads and validates a JSON plan file. */
export function readPlanFile(file: string): JsonPlan {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PlanInputError(file, code === "ENOENT" ? "no such file" : `cannot be read (${code ?? (error as Error).message})`, EXIT.noInput);
  }
  return parsePlan(text, file);
}
