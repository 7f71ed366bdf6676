import { TerraformVariable } from "cdktf";
import { Construct } from "constructs";

/** One rule of a variable's `validation` block: an HCL condition over `var.<name>`. */
export interface VariableRule {
  /** HCL expression, e.g. `contains(["a", "b"], var.mode)`. */
  readonly condition: string;
  /** A full sentence saying what is allowed. */
  readonly errorMessage: string;
}

/** One input of a module: a typed `variable` block. */
export interface ModuleVariable {
  /** Terraform type constraint, e.g. `string`, `list(string)`. */
  readonly type: string;
  readonly description: string;
  /** Absent: the input is required. `null`: optional, and `null` means "not set". */
  readonly default?: unknown;
  readonly validation?: readonly VariableRule[];
  /** HCL value for the README's usage example; required inputs must have one. */
  readonly example?: string;
}

/** One output of a module. */
export interface ModuleOutput {
  readonly value: unknown;
  readonly description: string;
}

/**
 * A plain Terraform module made from this project's constructs: one file in
 * `src/modules/definitions/<name>.ts` whose default export is `defineModule(...)`.
 */
export interface ModuleDefinition<V extends string = string> {
  /** Folder under `modules/`, and the module's name in the README. */
  readonly name: string;
  /** What the module creates and why, as markdown paragraphs (README "Purpose"). */
  readonly purpose: string;
  /** Inputs, in the order the README lists them. */
  readonly variables: Readonly<Record<V, ModuleVariable>>;
  /** Builds the module's resources from the construct(s) and returns the outputs. */
  build(scope: Construct, inputs: Readonly<Record<V, TerraformVariable>>): Record<string, ModuleOutput>;
}

export function defineModule<V extends string>(definition: ModuleDefinition<V>): ModuleDefinition<V> {
  return definition;
}
