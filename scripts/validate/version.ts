/**
 * Terraform version constraints (`~> 1.13.4`, `>= 1.11, < 2`), enough to tell
 * whether the local Terraform meets a configuration's `required_version`.
 */
type Version = [number, number, number];

function parseVersion(text: string): { version: Version; parts: number } {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-[0-9A-Za-z.-]+)?$/.exec(text.trim());
  if (!match) throw new Error(`not a Terraform version: "${text}"`);
  const parts = match.slice(1).filter((part) => part !== undefined).length;
  return { version: [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)], parts };
}

const compare = (a: Version, b: Version) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

function meetsOne(version: Version, constraint: string): boolean {
  const match = /^\s*(~>|>=|<=|!=|>|<|=)?\s*(\S+)\s*$/.exec(constraint);
  if (!match) throw new Error(`not a version constraint: "${constraint}"`);
  const operator = match[1] ?? "=";
  const { version: bound, parts } = parseVersion(match[2]);
  const order = compare(version, bound);
  switch (operator) {
    case "=":
      return order === 0;
    case "!=":
      return order !== 0;
    case ">":
      return order > 0;
    case ">=":
      return order >= 0;
    case "<":
      return order < 0;
    case "<=":
      return order <= 0;
    default: {
      // ~> x.y.z: >= x.y.z and < x.(y+1); ~> x.y: >= x.y and < (x+1); ~> x: >= x and < (x+1)
      if (order < 0) return false;
      return parts === 3 ? version[0] === bound[0] && version[1] === bound[1] : version[0] === bound[0];
    }
  }
}

/** Whether `version` (e.g. `1.11.4`) meets every comma-separated part of `constraint`. */
export function meetsConstraint(version: string, constraint: string): boolean {
  const { version: parsed } = parseVersion(version);
  return constraint.split(",").every((part) => meetsOne(parsed, part));
}
