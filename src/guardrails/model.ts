import { TerraformDataSource, TerraformElement, TerraformProvider, TerraformResource, TerraformStack } from "cdktf";
import { resolve } from "cdktf/lib/_tokens";
import { IConstruct } from "constructs";

type Json = Record<string, any>;

/**
 * One resource or data source as Terraform will see it: its synthesized
 * arguments with every token resolved, so references read `${aws_kms_key.x.arn}`.
 */
export interface SynthesizedElement {
  readonly kind: "resource" | "data";
  /** e.g. `aws_s3_bucket`. */
  readonly type: string;
  /** Terraform address within its stack: `aws_s3_bucket.<logical id>` or `data.<type>.<logical id>`. */
  readonly address: string;
  /** Construct path from the app root, e.g. `prod-data/buckets/documents/bucket`. */
  readonly path: string;
  /** Synthesized arguments (snake_case keys), tokens resolved. */
  readonly config: Json;
  readonly construct: TerraformElement;
}

/** Everything in one stack the rules may need to look across resources. */
export class StackModel {
  private constructor(
    readonly stack: TerraformStack,
    readonly elements: readonly SynthesizedElement[],
    /** Resolved provider blocks, by `<type>` or `<type>.<alias>`. */
    readonly providers: ReadonlyMap<string, Json>,
  ) {}

  static of(stack: TerraformStack): StackModel {
    const elements: SynthesizedElement[] = [];
    const providers = new Map<string, Json>();
    for (const node of stack.node.findAll()) {
      if (TerraformStack.of(node) !== stack) continue;
      if (node instanceof TerraformProvider) {
        const config = resolvedProvider(node);
        providers.set(config.alias ? `${node.terraformResourceType}.${config.alias}` : node.terraformResourceType, config);
        continue;
      }
      const element = synthesizedElement(node);
      if (element) elements.push(element);
    }
    return new StackModel(stack, elements, providers);
  }

  ofType(type: string): SynthesizedElement[] {
    return this.elements.filter((element) => element.type === type);
  }

  /** Elements of `type` whose arguments reference `target` (any attribute of it). */
  referencing(type: string, target: SynthesizedElement): SynthesizedElement[] {
    return this.ofType(type).filter((element) => references(element.config, target.address));
  }
}

/** The synthesized view of a resource or data source; undefined for anything else or a moved-away resource. */
export function synthesizedElement(node: IConstruct): SynthesizedElement | undefined {
  const isResource = TerraformResource.isTerraformResource(node);
  // Stryker disable next-line ConditionalExpression: anything else has no resource or data block under its own type and id, so the `!config` check below returns undefined for it too
  if (!isResource && !(node instanceof TerraformDataSource)) return undefined;
  const element = node as TerraformResource | TerraformDataSource;
  const fragment = resolve(TerraformStack.of(element), element.toTerraform()) as Json;
  const block = isResource ? fragment.resource : fragment.data;
  // Stryker disable next-line OptionalChaining: a resource or data source always synthesizes its block under its own type
  const config = block?.[element.terraformResourceType]?.[element.friendlyUniqueId];
  if (!config) return undefined;
  const { "//": _metadata, ...args } = config;
  return {
    kind: isResource ? "resource" : "data",
    type: element.terraformResourceType,
    address: `${isResource ? "" : "data."}${element.terraformResourceType}.${element.friendlyUniqueId}`,
    path: element.node.path,
    config: args,
    construct: element,
  };
}

function resolvedProvider(provider: TerraformProvider): Json {
  const fragment = resolve(TerraformStack.of(provider), provider.toTerraform()) as Json;
  // Stryker disable next-line OptionalChaining,ArrayDeclaration: a provider always synthesizes its own block
  const [config] = fragment.provider?.[provider.terraformResourceType] ?? [{}];
  return config;
}

/** A Terraform expression (`${...}`) rather than a literal: a value only known at plan or apply time. */
export function isReference(value: unknown): value is string {
  return typeof value === "string" && value.includes("${");
}

/** Whether any string inside `value` references the element at `address` (e.g. `${aws_s3_bucket.b.id}`). */
export function references(value: unknown, address: string): boolean {
  const pattern = new RegExp(`(^|[^\\w.])${address.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(\\.|\\[|\\}|$)`);
  const visit = (item: unknown): boolean => {
    if (typeof item === "string") return isReference(item) && pattern.test(item);
    // Stryker disable next-line ConditionalExpression: an array is an object too; the next line visits its values the same way
    if (Array.isArray(item)) return item.some(visit);
    // Stryker disable next-line ConditionalExpression: a truthy non-object (number, boolean) has no values to visit either
    if (item && typeof item === "object") return Object.values(item).some(visit);
    return false;
  };
  return visit(value);
}

/** Nested blocks synthesize as an object or a list of objects; always a list here. */
export function blocks(value: unknown): Json[] {
  // Stryker disable next-line ConditionalExpression,LogicalOperator: the filter below drops undefined and null anyway
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).filter((item) => item && typeof item === "object");
}

/** Scalars or lists of scalars, always as a list. */
export function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** A boolean argument as synthesized: `true`, or the string "true". References are not literal truths. */
export function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

/** A numeric argument as synthesized; undefined when absent or a reference. */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "string" && /^\d+$/.test(value)) return Number(value);
  return undefined;
}
