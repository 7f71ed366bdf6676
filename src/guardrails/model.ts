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

/**
 * Everything in one stack the rules may need to look across resources. Elements are resolved
 * by type, on the first question about that type: the rules ask about a handful of types, and
 * resolving every element of a stack (again, after the aspect resolved the one it checks) was
 * a third of the guardrails' cost.
 */
export class StackModel {
  private readonly byType = new Map<string, readonly SynthesizedElement[]>();
  private resolvedProviders?: ReadonlyMap<string, Json>;

  private constructor(
    readonly stack: TerraformStack,
    /** Resources and data sources of the stack, by type (unresolved). */
    private readonly nodes: ReadonlyMap<string, readonly IConstruct[]>,
    private readonly providerNodes: readonly TerraformProvider[],
  ) {}

  static of(stack: TerraformStack): StackModel {
    const nodes = new Map<string, IConstruct[]>();
    const providers: TerraformProvider[] = [];
    for (const node of stack.node.findAll()) {
      if (TerraformStack.of(node) !== stack) continue;
      if (node instanceof TerraformProvider) {
        providers.push(node);
        continue;
      }
      // Stryker disable next-line ConditionalExpression: anything else has no terraformResourceType, so it would be filed under `undefined`, which no rule asks for
      if (!TerraformResource.isTerraformResource(node) && !(node instanceof TerraformDataSource)) continue;
      const type = (node as TerraformResource | TerraformDataSource).terraformResourceType;
      const ofType = nodes.get(type);
      if (ofType) ofType.push(node);
      else nodes.set(type, [node]);
    }
    return new StackModel(stack, nodes, providers);
  }

  /** Resolved provider blocks, by `<type>` or `<type>.<alias>`. */
  get providers(): ReadonlyMap<string, Json> {
    this.resolvedProviders ??= new Map(
      this.providerNodes.map((node) => {
        const config = resolvedProvider(node);
        return [config.alias ? `${node.terraformResourceType}.${config.alias}` : node.terraformResourceType, config];
      }),
    );
    return this.resolvedProviders;
  }

  /** The resources and data sources of `type` (e.g. `aws_kms_key`: both kinds), resolved. */
  ofType(type: string): readonly SynthesizedElement[] {
    let elements = this.byType.get(type);
    if (!elements) {
      elements = this.nodes.get(type)?.flatMap((node) => synthesizedElement(node) ?? []) ?? [];
      this.byType.set(type, elements);
    }
    return elements;
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
