import { TerraformVariable } from "cdktf";
import { Construct } from "constructs";

/** One rule of a variable's `validation` block: an HCL condition over `var.<name>`. */
export interface VariableRule {
  /** HCL expression, e.g. `contains(["a", "b"], var.mode)`. */
  readonly condition: string;
  /** A full sentence saying what is allowed. */
  readonly errorMessage: string;
  /**
   * A value the rule refuses, for the module's generated `terraform test` run
   * that expects this variable to fail: an HCL expression for the variable, or
   * `{ value, with }` when other inputs must be set too (cross-variable rules).
   */
  readonly rejects?: Rejection;
}

/** See {@link VariableRule.rejects}. */
export type Rejection = string | { readonly value: string; readonly with: Readonly<Record<string, string>> };

/** One input of a module: a typed `variable` block. */
export interface ModuleVariable {
  /** Terraform type constraint, e.g. `string`, `list(string)`. */
  readonly type: string;
  readonly description: string;
  /** Absent: the input is required. `null`: optional, and `null` means "not set". */
  readonly default?: unknown;
  readonly validation?: readonly VariableRule[];
  /**
   * What the validation allows, in a sentence, for the README's input table. Default:
   * the rules' messages, which must then be short (the full rules are in variables.tf).
   */
  readonly rules?: string;
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
  /**
   * `terraform test` runs of what a module user relies on (for_each keys, defaults,
   * outputs, the resources an input creates), beside the generated ones.
   */
  readonly tests?: readonly ModuleTestRun[];
  /**
   * `moved` blocks: when a construct id or key changes, the resource's old address
   * `from` and its new one `to` (e.g. `aws_cloudwatch_log_group.logging_logs_log_group`),
   * so a caller's plan moves it instead of destroying it. Keep every entry: callers may
   * upgrade from any earlier version (dropping one is a breaking change).
   */
  readonly moved?: readonly { readonly from: string; readonly to: string }[];
  /** Builds the module's resources from the construct(s) and returns the outputs. */
  build(scope: Construct, inputs: Readonly<Record<V, TerraformVariable>>): Record<string, ModuleOutput>;
}

/** One `run` block of a module's `terraform test` file. */
export interface ModuleTestRun {
  /** The run's name: lower-case words joined by `_`. */
  readonly name: string;
  /** Inputs beyond the usage example's, as HCL expressions. */
  readonly variables?: Readonly<Record<string, string>>;
  /** `plan` (default) or `apply` (mocked providers: computed values are made up). */
  readonly command?: "plan" | "apply";
  readonly asserts?: readonly { readonly condition: string; readonly errorMessage: string }[];
  /** Checkable objects expected to fail, e.g. `aws_dynamodb_table.table` (a precondition). */
  readonly expectFailures?: readonly string[];
}

export function defineModule<V extends string>(definition: ModuleDefinition<V>): ModuleDefinition<V> {
  return definition;
}
