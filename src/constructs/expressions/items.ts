import { Fn, IResolvable, MapTerraformIterator, TerraformIterator, Token } from "cdktf";
import { Construct } from "constructs";
import { Element, NameScope, Names, PerName } from "./names";

/** A named item of a collection input: a DynamoDB index, a table attribute. */
export interface Named {
  readonly name: string;
}

/**
 * A collection input that becomes nested blocks (and per-item resources): the
 * counterpart of {@link Names} for structured items.
 *
 * `Items.known([...])` (stacks): the items are config known at synth time; blocks
 * are one object per item, exactly the `items.map(...)` they replace.
 *
 * `Items.of(map, read)` (modules): the items are a Terraform map keyed by name (a
 * module variable of type `map(object(...))`); blocks become one `dynamic` block
 * over the map, and per-item resources get `for_each` over its keys, so every
 * instance is keyed by the item's name, never by position.
 */
export abstract class Items<T extends Named> {
  static known<T extends Named>(items: readonly T[]): Items<T> {
    return new KnownItems(items);
  }

  /**
   * Items from a Terraform map expression keyed by name; `read` turns the iterator
   * into one item whose fields are references (`each.key`, `each.value.<field>`).
   */
  static of<T extends Named>(map: unknown, read: (entry: MapTerraformIterator) => T): Items<T> {
    return new MapItems(map, read);
  }

  /** Known items as given, or items already wrapped. */
  static from<T extends Named>(items: readonly T[] | Items<T>): Items<T> {
    return items instanceof Items ? items : Items.known(items);
  }

  /** The items' names, for per-item resources. */
  abstract readonly names: Names;

  /**
   * Nested blocks, one per item. `toTerraform` is the bindings' struct-to-JSON
   * function of that block type (e.g. `dynamodbTableAttributeToTerraform`): cdktf
   * does not convert the content of dynamic blocks to Terraform's snake_case.
   */
  abstract blocks<B>(render: (item: T) => B, toTerraform: (block: B) => unknown): B[] | IResolvable;

  /**
   * Per-item elements: `body` runs once per known item (construct ids `<id>-<name>`),
   * or once with `for_each` over the map on everything it makes, the item's fields
   * being `each.value.<field>` (see {@link Names.each}).
   */
  abstract each<E extends Element>(scope: Construct, body: (item: T, name: NameScope) => E): PerName<E>;
}

class KnownItems<T extends Named> extends Items<T> {
  constructor(private readonly items: readonly T[]) {
    super();
  }

  get names(): Names {
    return Names.known(this.items.map((item) => item.name));
  }

  blocks<B>(render: (item: T) => B): B[] {
    return this.items.map(render);
  }

  each<E extends Element>(scope: Construct, body: (item: T, name: NameScope) => E): PerName<E> {
    const byName = new Map(this.items.map((item) => [item.name, item]));
    return this.names.each(scope, (name) => body(byName.get(name.name)!, name));
  }
}

class MapItems<T extends Named> extends Items<T> {
  private readonly iterator: MapTerraformIterator;

  constructor(
    private readonly map: unknown,
    private readonly read: (entry: MapTerraformIterator) => T,
  ) {
    super();
    this.iterator = TerraformIterator.fromMap(map as Record<string, unknown>);
  }

  get names(): Names {
    return Names.of(Token.asList(Fn.keys(this.map)));
  }

  blocks<B>(render: (item: T) => B, toTerraform: (block: B) => unknown): IResolvable {
    return this.iterator.dynamic(toTerraform(render(this.read(this.iterator))) as Record<string, unknown>);
  }

  each<E extends Element>(scope: Construct, body: (item: T, name: NameScope) => E): PerName<E> {
    const iterator = TerraformIterator.fromMap(this.map as Record<string, unknown>);
    return Names.ofMap(this.map, iterator).each(scope, (name) => body(this.read(iterator), name));
  }
}
