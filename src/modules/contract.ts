import { createHash } from "crypto";
import type { GeneratedModule } from "./generate";
import { compareTypes, parseType } from "./types";

/** File of a module's interface contract, beside its generated files. */
export const CONTRACT_FILE = "contract.json";

/**
 * What a caller of a module depends on: its inputs, outputs, the Terraform and
 * provider versions it needs, and the addresses of the resources it manages.
 * Generated with the module from the same Terraform JSON its `.tf` files render.
 */
export interface ModuleContract {
  readonly module: string;
  /** The module's version when this contract was generated (`modules/<name>/VERSION`). */
  readonly version: string;
  readonly required_version: string;
  readonly required_providers: Readonly<Record<string, { readonly source: string; readonly version: string }>>;
  readonly variables: Readonly<Record<string, ContractVariable>>;
  readonly outputs: Readonly<Record<string, { readonly sensitive: boolean }>>;
  /**
   * Resource addresses in the module (`aws_subnet.subnet_private`) and how they are
   * repeated: instances are `<address>["<key>"]` for `for_each`, `<address>[<n>]` for
   * `count`, the address itself for `single`. Keys come from the caller's input
   * (zone, index or node group names); the addresses do not.
   */
  readonly resources: Readonly<Record<string, "single" | "count" | "for_each">>;
  /** `moved` blocks the module carries. */
  readonly moved: readonly { readonly from: string; readonly to: string }[];
  /** sha256 of the module's `.tf` files: any other change to what it plans is at least a patch. */
  readonly digest: string;
}

export interface ContractVariable {
  readonly type: string;
  readonly required: boolean;
  /** Present when the variable is optional; `null` for "not set". */
  readonly default?: unknown;
  readonly nullable: boolean;
  readonly sensitive: boolean;
}

/** The contract of a generated module at `version`. */
export function moduleContract(module: GeneratedModule, version: string): ModuleContract {
  const { variable = {} } = module.sources["variables.tf"] as { variable?: Record<string, any> };
  const { output = {} } = module.sources["outputs.tf"] as { output?: Record<string, any> };
  const { terraform } = module.sources["versions.tf"] as { terraform: any };
  const main = module.sources["main.tf"] as { resource?: Record<string, Record<string, any>>; moved?: { from: string; to: string }[] };
  const resources: Record<string, "single" | "count" | "for_each"> = {};
  for (const [type, byName] of Object.entries(main.resource ?? {})) {
    for (const [name, body] of Object.entries(byName)) {
      resources[`${type}.${name}`] = body.for_each !== undefined ? "for_each" : body.count !== undefined ? "count" : "single";
    }
  }
  const tfFiles = Object.keys(module.files).filter((file) => file.endsWith(".tf")).sort();
  const digest = createHash("sha256");
  for (const file of tfFiles) digest.update(`${file}\0${module.files[file]}\0`);
  return {
    module: module.name,
    version,
    required_version: terraform.required_version,
    required_providers: terraform.required_providers,
    variables: Object.fromEntries(
      Object.entries(variable).map(([name, body]) => {
        const required = !("default" in body);
        return [
          name,
          {
            type: body.type,
            required,
            ...(required ? {} : { default: body.default }),
            nullable: body.nullable !== false,
            sensitive: body.sensitive === true,
          },
        ];
      }),
    ),
    outputs: Object.fromEntries(Object.entries(output).map(([name, body]) => [name, { sensitive: body.sensitive === true }])),
    resources: Object.fromEntries(Object.entries(resources).sort(([a], [b]) => a.localeCompare(b))),
    moved: [...(main.moved ?? [])].map(({ from, to }) => ({ from, to })),
    digest: digest.digest("hex"),
  };
}

/** The contract as committed: stable key order, two-space JSON, trailing newline. */
export function contractJson(contract: ModuleContract): string {
  return `${JSON.stringify(contract, null, 2)}\n`;
}

export type Bump = "none" | "patch" | "minor" | "major";
const BUMPS: readonly Bump[] = ["none", "patch", "minor", "major"];

/** One difference between a module's committed contract and its regenerated one. */
export interface ContractDifference {
  /** `major`: breaks a caller; `minor`: a compatible addition; `patch`: nothing a caller sees but the plan may differ. */
  readonly bump: Exclude<Bump, "none">;
  readonly what: string;
}

const breaking = (what: string): ContractDifference => ({ bump: "major", what });
const compatible = (what: string): ContractDifference => ({ bump: "minor", what });

/** The lowest version a constraint admits, as numbers: `>= 1.11` and `~> 1.11.0` both give [1, 11]. */
export function minimumVersion(constraint: string): number[] {
  const floors = constraint
    .split(",")
    .map((part) => /^\s*(>=|~>|=)?\s*v?(\d+(?:\.\d+)*)\s*$/.exec(part))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => match[2].split(".").map(Number));
  if (floors.length === 0) return [0];
  return floors.reduce((highest, floor) => (compareVersions(floor, highest) > 0 ? floor : highest));
}

function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

function versionDifference(what: string, before: string, after: string): ContractDifference[] {
  if (before === after) return [];
  const order = compareVersions(minimumVersion(after), minimumVersion(before));
  const change = `${what} changed from "${before}" to "${after}"`;
  if (order > 0) return [breaking(`${change}: the minimum is raised`)];
  return [order < 0 ? compatible(`${change}: the minimum is lowered`) : compatible(change)];
}

/**
 * Every difference between a committed contract and a regenerated one, each
 * classified. Breaking: a removed variable or output (a rename is a removal and an
 * addition), a narrowed type, a new required variable, a changed default, an input
 * that becomes required or non-nullable, an output that becomes sensitive, a raised
 * minimum Terraform or provider version, a new provider, a resource address that
 * disappears without a `moved` block to its new address, a dropped `moved` block.
 * Compatible: a new optional variable or output, a widened type, a new resource.
 */
export function compareContracts(before: ModuleContract, after: ModuleContract): ContractDifference[] {
  const differences: ContractDifference[] = [];
  const added = <T>(a: Readonly<Record<string, T>>, b: Readonly<Record<string, T>>) => Object.keys(b).filter((key) => !(key in a));
  const renameHint = (kind: "variable" | "output"): string => {
    const candidates = kind === "variable" ? added(before.variables, after.variables) : added(before.outputs, after.outputs);
    return candidates.length > 0 ? ` (renamed? new ${kind}s: ${candidates.map((c) => `"${c}"`).join(", ")})` : "";
  };

  for (const [name, was] of Object.entries(before.variables)) {
    const is = after.variables[name];
    const variable = `variable "${name}"`;
    if (!is) {
      differences.push(breaking(`${variable} removed${renameHint("variable")}: callers that set it fail`));
      continue;
    }
    for (const change of compareTypes(parseType(was.type), parseType(is.type))) {
      const what = `type of ${variable} ${change.effect}: ${change.what} (${was.type} -> ${is.type})`;
      differences.push(change.effect === "narrowed" ? breaking(what) : compatible(what));
    }
    if (!was.required && is.required) differences.push(breaking(`${variable} became required`));
    if (was.required && !is.required) differences.push(compatible(`${variable} became optional`));
    if (!was.required && !is.required && JSON.stringify(was.default) !== JSON.stringify(is.default)) {
      differences.push(
        breaking(`default of ${variable} changed from ${JSON.stringify(was.default)} to ${JSON.stringify(is.default)}: callers relying on it get other resources`),
      );
    }
    if (was.nullable && !is.nullable) differences.push(breaking(`${variable} no longer accepts null`));
    if (!was.nullable && is.nullable) differences.push(compatible(`${variable} accepts null`));
    if (!was.sensitive && is.sensitive) differences.push(breaking(`${variable} became sensitive: outputs derived from it must be marked sensitive`));
    if (was.sensitive && !is.sensitive) differences.push(compatible(`${variable} is no longer sensitive`));
  }
  for (const name of added(before.variables, after.variables)) {
    const is = after.variables[name];
    differences.push(is.required ? breaking(`new required variable "${name}": every caller must set it`) : compatible(`new optional variable "${name}"`));
  }

  for (const [name, was] of Object.entries(before.outputs)) {
    const is = after.outputs[name];
    if (!is) differences.push(breaking(`output "${name}" removed${renameHint("output")}: callers reading it fail`));
    else if (!was.sensitive && is.sensitive) differences.push(breaking(`output "${name}" became sensitive`));
    else if (was.sensitive && !is.sensitive) differences.push(compatible(`output "${name}" is no longer sensitive`));
  }
  for (const name of added(before.outputs, after.outputs)) differences.push(compatible(`new output "${name}"`));

  differences.push(...versionDifference("required_version", before.required_version, after.required_version));
  for (const [name, was] of Object.entries(before.required_providers)) {
    const is = after.required_providers[name];
    if (!is) differences.push(compatible(`provider "${name}" no longer required`));
    else if (was.source !== is.source) differences.push(breaking(`provider "${name}" source changed from ${was.source} to ${is.source}`));
    else differences.push(...versionDifference(`provider "${name}" version`, was.version, is.version));
  }
  for (const name of added(before.required_providers, after.required_providers)) {
    differences.push(breaking(`new required provider "${name}" (${after.required_providers[name].version}): callers must configure it`));
  }

  for (const [address, repeated] of Object.entries(before.resources)) {
    const is = after.resources[address];
    const move = after.moved.find((moved) => moved.from === address);
    if (is === undefined) {
      differences.push(
        move
          ? compatible(`resource ${address} moved to ${move.to} (a moved block: plans show a move)`)
          : breaking(`resource ${address} disappears without a moved block: a caller's plan destroys it`),
      );
    } else if (is !== repeated) {
      differences.push(breaking(`resource ${address} changed from ${repeated} to ${is}: its instance addresses change`));
    }
  }
  for (const address of added(before.resources, after.resources)) {
    if (!after.moved.some((moved) => moved.to === address)) differences.push(compatible(`new resource ${address}`));
  }
  for (const moved of before.moved) {
    if (!after.moved.some((m) => m.from === moved.from && m.to === moved.to)) {
      differences.push(breaking(`moved block ${moved.from} -> ${moved.to} dropped: callers upgrading from before it destroy the resource`));
    }
  }

  if (differences.length === 0 && before.digest !== after.digest) {
    differences.push({ bump: "patch", what: "the generated .tf files changed (no interface change)" });
  }
  return differences;
}

/** The largest bump of a set of differences. */
export function requiredBump(differences: readonly ContractDifference[]): Bump {
  return differences.reduce<Bump>((largest, { bump }) => (BUMPS.indexOf(bump) > BUMPS.indexOf(largest) ? bump : largest), "none");
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

export function parseSemver(version: string, where: string): [number, number, number] {
  const match = SEMVER.exec(version);
  if (!match) throw new Error(`${where} must be a version MAJOR.MINOR.PATCH such as 1.0.0, found "${version}"`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** The prefix of a module's version tags, the registry's `tag_prefix`: `modules/<name>/`. */
export function tagPrefix(module: string): string {
  return `modules/${module}/`;
}

/** The git tag of a module version, e.g. `modules/network/v1.4.0`. */
export function releaseTag(module: string, version: string): string {
  return `${tagPrefix(module)}v${version}`;
}

/** The version after `version` for a bump. */
export function nextVersion(version: string, bump: Bump): string {
  const [major, minor, patch] = parseSemver(version, "version");
  if (bump === "major") return `${major + 1}.0.0`;
  if (bump === "minor") return `${major}.${minor + 1}.0`;
  if (bump === "patch") return `${major}.${minor}.${patch + 1}`;
  return version;
}

/** Which bump goes from `from` to `to`; `undefined` when `to` is lower. */
export function bumpBetween(from: string, to: string): Bump | undefined {
  const [a, b] = [parseSemver(from, "version"), parseSemver(to, "version")];
  const order = compareVersions(b, a);
  if (order < 0) return undefined;
  if (order === 0) return "none";
  if (b[0] > a[0]) return "major";
  if (b[1] > a[1]) return "minor";
  return "patch";
}

/** The outcome of checking one module's version against its contract change. */
export interface ReleaseCheck {
  readonly module: string;
  readonly differences: readonly ContractDifference[];
  readonly needed: Bump;
  /** Empty when the version decision matches the differences. */
  readonly problem?: string;
}

/**
 * Checks the version recorded in `modules/<name>/VERSION` against the committed
 * contract (of the previous version) and the regenerated one. A first contract
 * (no committed one) is accepted at any version. Otherwise the version must have
 * moved by at least the largest bump the differences need, and must not move back.
 */
export function checkRelease(committed: ModuleContract | undefined, regenerated: ModuleContract): ReleaseCheck {
  const module = regenerated.module;
  const version = regenerated.version;
  parseSemver(version, `modules/${module}/VERSION`);
  if (!committed) return { module, differences: [], needed: "none" };
  const differences = compareContracts(committed, regenerated);
  const needed = requiredBump(differences);
  const made = bumpBetween(committed.version, version);
  if (made === undefined) {
    return { module, differences, needed, problem: `module ${module}: VERSION ${version} is lower than the committed contract's ${committed.version}` };
  }
  if (BUMPS.indexOf(made) >= BUMPS.indexOf(needed)) return { module, differences, needed };
  const listed = differences.map((difference) => `  - ${difference.bump === "major" ? "breaking" : difference.bump === "minor" ? "compatible" : "patch"}: ${difference.what}`);
  return {
    module,
    differences,
    needed,
    problem: [
      `module ${module} needs a ${needed} version bump: set modules/${module}/VERSION to ${nextVersion(committed.version, needed)} ` +
        `(it is ${version}, the committed contract's is ${committed.version}) or run \`npm run release:modules\`, because:`,
      ...listed,
    ].join("\n"),
  };
}
