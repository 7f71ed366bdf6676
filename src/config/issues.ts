import { z } from "zod";
import { ConfigProblem, formatPath } from "./errors";

/** The parts of a zod schema's definition that the error messages and the reference read. */
export interface SchemaDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  valueType?: z.ZodType;
  in?: z.ZodType;
  entries?: Record<string, string | number>;
  values?: unknown[];
  options?: z.ZodType[];
  defaultValue?: unknown;
}

/** A zod schema's definition (zod 4 keeps it on `_zod.def`). */
export function defOf(schema: z.ZodType): SchemaDef {
  return schema._zod.def as SchemaDef;
}

/** The object schema found by following `path` through `schema`, if any. */
function objectShapeAt(schema: z.ZodType, path: readonly PropertyKey[]): Record<string, z.ZodType> | undefined {
  let current: z.ZodType | undefined = schema;
  let remaining = [...path];
  while (current) {
    const def = defOf(current);
    if (["optional", "default", "prefault", "nullable", "readonly", "catch"].includes(def.type)) {
      current = def.innerType;
    } else if (def.type === "pipe") {
      current = def.in;
    } else if (def.type === "union" && def.options) {
      // A discriminated union (the workload kinds): the fields of every option.
      const shapes = def.options.map((option) => objectShapeAt(option, remaining)).filter((shape) => shape !== undefined);
      return shapes.length > 0 ? Object.assign({}, ...shapes) : undefined;
    } else if (remaining.length === 0) {
      return def.type === "object" ? def.shape : undefined;
    } else if (def.type === "object") {
      current = def.shape?.[String(remaining[0])];
      remaining = remaining.slice(1);
    } else if (def.type === "array") {
      current = def.element;
      remaining = remaining.slice(1);
    } else if (def.type === "record") {
      current = def.valueType;
      remaining = remaining.slice(1);
    } else {
      return undefined;
    }
  }
  return undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** The allowed name closest to `candidate` (a likely typo), if one is close enough. */
export function closestName(candidate: string, allowed: readonly string[]): string | undefined {
  const scored = allowed.map((name) => ({ name, distance: editDistance(candidate.toLowerCase(), name.toLowerCase()) })).sort((a, b) => a.distance - b.distance);
  return scored.length > 0 && scored[0].distance <= 3 ? scored[0].name : undefined;
}

/** Turns zod issues into problems that name the field, the bad value and what is allowed. */
export function problemsFromIssues(schema: z.ZodType, environment: string, issues: readonly z.core.$ZodIssue[]): ConfigProblem[] {
  return issues.flatMap((issue): ConfigProblem[] => {
    if (issue.code === "unrecognized_keys") {
      const allowed = Object.keys(objectShapeAt(schema, issue.path) ?? {});
      return issue.keys.map((key) => {
        const suggestion = closestName(key, allowed);
        return {
          environment,
          path: formatPath([...issue.path, key]),
          message: `unknown field${suggestion ? ` (did you mean "${suggestion}"?)` : ""}; ` + `allowed fields here: ${allowed.join(", ")}`,
        };
      });
    }
    if (issue.code === "invalid_key") {
      // A record key that fails its schema: say why, with the key as the value.
      return [
        {
          environment,
          path: formatPath(issue.path),
          message: issue.issues.map((inner) => inner.message).join("; "),
          value: issue.input,
        },
      ];
    }
    const value = issue.input;
    if (issue.code === "invalid_value") {
      return [
        {
          environment,
          path: formatPath(issue.path),
          message: `must be one of: ${issue.values.map((allowed) => JSON.stringify(allowed)).join(", ")}`,
          value,
        },
      ];
    }
    const showValue = value !== undefined && (typeof value !== "object" || Array.isArray(value));
    return [
      {
        environment,
        path: formatPath(issue.path),
        message: value === undefined && issue.code === "invalid_type" ? `required field is missing (expected ${issue.expected})` : issue.message,
        ...(showValue ? { value } : {}),
      },
    ];
  });
}
