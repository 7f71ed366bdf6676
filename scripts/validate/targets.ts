import { existsSync, readdirSync, readFileSync, statSync } from "fs";
import { join } from "path";

/** What a target is: its files' syntax decides whether `terraform fmt` applies. */
export type TargetKind = "json stack" | "hcl stack" | "module" | "root module";

/** One configuration directory to validate. */
export interface Target {
  /** Relative to the repository root, e.g. `cdktf.out/stacks/dev-network`. */
  readonly dir: string;
  readonly kind: TargetKind;
  /** HCL files are also checked with `terraform fmt -check`. */
  readonly hcl: boolean;
  /** Has `tests/*.tftest.hcl`, run with `terraform test`. */
  readonly tests: boolean;
}

/** A generated output the targets come from, and the command that writes it. */
interface Source {
  readonly dir: string;
  readonly command: string;
  readonly kind: TargetKind;
  readonly hcl: boolean;
}

const GENERATED: readonly Source[] = [
  { dir: "cdktf.out/stacks", command: "npm run synth", kind: "json stack", hcl: false },
  { dir: "cdktf.out.hcl/stacks", command: "npm run synth:hcl", kind: "hcl stack", hcl: true },
  { dir: "bootstrap/cdktf.out/stacks", command: "npm run bootstrap:synth", kind: "json stack", hcl: false },
];

/** Root modules written by hand against the generated modules: the example, and a second consumer. */
export const ROOT_MODULES = ["examples/plain-terraform", "__tests__/fixtures/module-consumer"] as const;

const subdirs = (path: string) =>
  readdirSync(path)
    .filter((name) => statSync(join(path, name)).isDirectory())
    .sort();

const hasTests = (path: string) => existsSync(join(path, "tests")) && readdirSync(join(path, "tests")).some((file) => file.endsWith(".tftest.hcl"));

/**
 * Every target, in a stable order: JSON stacks, HCL stacks, the bootstrap stack,
 * the modules, the root modules. Fails, naming the command to run, when a
 * generated output is missing.
 */
export function findTargets(root: string): Target[] {
  const missing = GENERATED.filter((source) => !existsSync(join(root, source.dir)) || subdirs(join(root, source.dir)).length === 0);
  if (missing.length > 0) {
    throw new Error(`nothing to validate in ${missing.map((source) => `${source.dir}/ (run \`${source.command}\` first)`).join(", ")}`);
  }
  const targets: Target[] = [];
  for (const source of GENERATED) {
    for (const name of subdirs(join(root, source.dir))) {
      targets.push({ dir: `${source.dir}/${name}`, kind: source.kind, hcl: source.hcl, tests: false });
    }
  }
  for (const name of subdirs(join(root, "modules"))) {
    const dir = `modules/${name}`;
    targets.push({ dir, kind: "module", hcl: true, tests: hasTests(join(root, dir)) });
  }
  for (const dir of ROOT_MODULES) targets.push({ dir, kind: "root module", hcl: true, tests: hasTests(join(root, dir)) });
  return targets;
}

/** The `required_version` constraints a configuration directory declares (`.tf` and `.tf.json`). */
export function requiredVersions(path: string): string[] {
  const found = new Set<string>();
  for (const file of readdirSync(path)) {
    const text = () => readFileSync(join(path, file), "utf8");
    if (file.endsWith(".tf.json")) {
      const terraform = (JSON.parse(text()) as { terraform?: unknown }).terraform;
      for (const block of Array.isArray(terraform) ? terraform : [terraform]) {
        const constraint = (block as { required_version?: unknown } | undefined)?.required_version;
        if (typeof constraint === "string") found.add(constraint);
      }
    } else if (file.endsWith(".tf")) {
      for (const match of text().matchAll(/^\s*required_version\s*=\s*"([^"]+)"/gm)) found.add(match[1]);
    }
  }
  return [...found].sort();
}
