import { TerraformResource, Token, conditional } from "cdktf";
import { Construct } from "constructs";
import { Value, known } from "./expression";
import { Element, NameScope, Optional, elementsMadeBy, indexed } from "./names";

/** Where {@link optionalBlock} puts a block: the bindings' setter and the block's Terraform name. */
export interface BlockTarget<B> {
  /** The bindings' `put...` method of the block, e.g. `(block) => cluster.putServerlessv2ScalingConfiguration(block)`. */
  readonly put: (block: B) => void;
  /**
   * The block's type, for the `dynamic` block; it may be a path into single nested
   * blocks, e.g. `cluster_config.zone_awareness_config`.
   */
  readonly blockType: string;
  /** The bindings' struct-to-JSON function of the block (cdktf does not convert dynamic blocks' content). */
  readonly toTerraform: (block: B) => unknown;
}

/**
 * A nested block of `resource` that exists only when `condition` holds, in one call.
 * Known condition (stacks): the block is put when it holds, exactly as if it had been
 * a prop. Terraform condition (modules): a `dynamic` block over zero or one element
 * (the bindings drop dynamic values of single blocks).
 */
export function optionalBlock<B>(resource: TerraformResource, condition: Value<boolean>, block: () => B, target: BlockTarget<B>): void {
  if (known(condition)) {
    if (condition) target.put(block());
    return;
  }
  const parents = target.blockType.split(".");
  const type = parents.pop();
  resource.addOverride([...parents, "dynamic", type].join("."), {
    for_each: Token.asList(conditional(condition, ["on"], [])),
    content: target.toTerraform(block()),
  });
}

/**
 * Elements made only when `condition` holds: `body` runs or not (known condition,
 * stacks), or runs once with `count = condition ? 1 : 0` on everything it makes
 * (a Terraform condition, modules). `attr` references `[0]` of such an element.
 */
export function onlyIf<T>(scope: Construct, condition: Value<boolean>, body: (optional: Pick<NameScope, "attr">) => T): Optional<T> | undefined {
  if (known(condition)) {
    if (!condition) return undefined;
    const attr = (element: Element, attribute: string) => element.getStringAttribute(attribute);
    return { value: body({ attr }), attr };
  }
  const attr = (element: Element, attribute: string) => indexed(element, 0, attribute);
  const { value, elements } = elementsMadeBy(scope, () => body({ attr }));
  for (const made of elements) made.count = Token.asNumber(conditional(condition, 1, 0));
  return { value, attr };
}
