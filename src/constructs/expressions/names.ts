import {
  FOR_EXPRESSION_VALUE,
  Fn,
  MapTerraformIterator,
  Op,
  TerraformDataSource,
  TerraformIterator,
  TerraformResource,
  Token,
  conditional,
  forExpression,
  propertyAccess,
  ref,
} from "cdktf";
import { Construct, IConstruct } from "constructs";
import { Value, known } from "./expression";

/** A resource or data source that a per-name body creates. */
export type Element = TerraformResource | TerraformDataSource;

/** What the body of `Names.each` gets, once per name (stacks) or once for all names (modules). */
export interface NameScope {
  /** The name: a literal such as `us-east-1a`, or `each.key` in a module. */
  readonly name: string;
  /**
   * A construct id from a pattern: `subnet-public-{}` is `subnet-public-us-east-1a`
   * for a known name, and `subnet-public` (one resource with `for_each`) in a module.
   */
  id(pattern: string): string;
  /** The name's position: a number, or `index(names, each.key)` in a module. */
  readonly index: number;
  /** An attribute of this name's instance of `element`, an element made in this same body. */
  attr(element: Element, attribute: string): string;
}

/** The per-name elements one `Names.each` call made, and references to their attributes. */
export interface PerName<T> {
  /**
   * The elements by name, for known names (stacks). In a module there is one element
   * with `for_each` and no instances to list: reading this throws; use `get`, `list` or `map`.
   */
  readonly instances: Readonly<Record<string, T>>;
  /** `attribute` of the instance for `name` (a name of the set, or the current name of an `each` body). */
  get(name: string, attribute: string): string;
  /** `attribute` of every instance, in the order of the names. */
  list(attribute: string): string[];
  /** `attribute` of every instance, keyed by name. */
  map(attribute: string): Record<string, string>;
}

/** An element made only when a set of names is not empty, and references to its attributes. */
export interface Optional<T> {
  readonly value: T;
  attr(element: Element, attribute: string): string;
}

/**
 * The names per-name resources are made for: availability zones, endpoint services.
 *
 * `Names.known([...])` is what stacks use: the names are known at synth time, so each
 * gets its own construct, id `<id>-<name>`, and Terraform addresses are keyed by name.
 *
 * `Names.of(list)` is what modules use: the names are a Terraform expression (a module
 * variable) unknown when the module is generated, so the same body runs once and every
 * element it makes gets `for_each` over the names: instances `<type>.<id>["<name>"]`,
 * keyed by the same names. Constructs written against this class therefore produce
 * both from one implementation, and stack output stays exactly what the loop gave.
 */
export abstract class Names {
  static known(names: readonly string[]): Names {
    return new KnownNames(names);
  }

  /** Names from a Terraform list expression, e.g. a module variable's `listValue`. */
  static of(list: string[]): Names {
    return new ExpressionNames(list);
  }

  /** The keys of a Terraform map expression; per-name elements get `for_each` over `iterator`, the map's. */
  static ofMap(map: unknown, iterator: MapTerraformIterator): Names {
    return new ExpressionNames(Token.asList(Fn.keys(map)), iterator);
  }

  /** Known names as given, or names already wrapped. */
  static from(names: readonly string[] | Names): Names {
    return names instanceof Names ? names : Names.known(names);
  }

  /** The names in order: a literal list or a Terraform list expression. */
  abstract readonly list: string[];
  /** The first name. */
  abstract readonly first: string;
  /** Whether the names are known at synth time. */
  abstract readonly isKnown: boolean;
  /**
   * These names when `condition` holds, otherwise none: the condition is known
   * (stacks; no names means nothing is made) or a Terraform expression (modules).
   */
  onlyIf(condition: Value<boolean>): Names {
    if (known(condition)) return condition ? this : Names.known([]);
    return new ExpressionNames(Token.asList(conditional(condition, this.list, [])));
  }

  /** Only the first name when `value` equals `expected`, otherwise all of them. */
  abstract firstOnlyWhen(value: string, expected: string): Names;
  /** `name` when it is one of these names, otherwise the first name. */
  abstract nameOrFirst(name: string): string;
  /** Lists joined in order (literal lists, or Terraform's `concat`). */
  abstract concat(...lists: string[][]): string[];
  /** Runs `body` per name (known) or once with `for_each` on what it makes (expression). */
  abstract each<T extends Element>(scope: Construct, body: (name: NameScope) => T): PerName<T>;
  /** Runs `body` when there is at least one name (known), or once with `count` on what it makes. */
  abstract ifAny<T>(scope: Construct, body: (optional: Pick<NameScope, "attr">) => T): Optional<T> | undefined;
}

class KnownNames extends Names {
  readonly isKnown = true;
  constructor(private readonly names: readonly string[]) {
    super();
  }

  get list(): string[] {
    return [...this.names];
  }

  get first(): string {
    return this.names[0];
  }

  firstOnlyWhen(value: string, expected: string): Names {
    return value === expected ? new KnownNames([this.first]) : this;
  }

  nameOrFirst(name: string): string {
    return this.names.includes(name) ? name : this.first;
  }

  concat(...lists: string[][]): string[] {
    return lists.flat();
  }

  each<T extends Element>(_scope: Construct, body: (name: NameScope) => T): PerName<T> {
    const instances: Record<string, T> = {};
    for (const [index, name] of this.names.entries()) {
      instances[name] = body({
        name,
        index,
        id: (pattern) => pattern.replace(/\{\}/g, name),
        attr: (element, attribute) => element.getStringAttribute(attribute),
      });
    }
    return {
      instances,
      get: (name, attribute) => instances[name].getStringAttribute(attribute),
      list: (attribute) => this.names.map((name) => instances[name].getStringAttribute(attribute)),
      map: (attribute) => Object.fromEntries(this.names.map((name) => [name, instances[name].getStringAttribute(attribute)])),
    };
  }

  ifAny<T>(_scope: Construct, body: (optional: Pick<NameScope, "attr">) => T): Optional<T> | undefined {
    if (this.names.length === 0) return undefined;
    const attr = (element: Element, attribute: string) => element.getStringAttribute(attribute);
    return { value: body({ attr }), attr };
  }
}

/** `aws_subnet.subnet_public` or `data.aws_iam_policy_document.trust`, for index expressions. */
function addressOf(element: Element): string {
  const prefix = TerraformDataSource.isTerraformDataSource(element) ? "data." : "";
  return `${prefix}${element.terraformResourceType}.${element.friendlyUniqueId}`;
}

const address = (element: Element) => ref(addressOf(element), element.cdktfStack);

/** `<address>[index].<attribute>`: a name expression, or a `count` index. */
export function indexed(element: Element, index: string | number, attribute: string): string {
  if (typeof index === "number") return Token.asString(ref(`${addressOf(element)}[${index}].${attribute}`, element.cdktfStack));
  return Token.asString(propertyAccess(address(element), [index, attribute]));
}

/** Every resource and data source `body` adds under `scope`. */
export function elementsMadeBy<T>(scope: Construct, body: () => T): { value: T; elements: Element[] } {
  const before = new Set<IConstruct>(scope.node.children);
  const value = body();
  const elements = scope.node.children
    .filter((child) => !before.has(child))
    .flatMap((child) => child.node.findAll())
    .filter((c): c is Element => TerraformResource.isTerraformResource(c) || TerraformDataSource.isTerraformDataSource(c));
  return { value, elements };
}

class ExpressionNames extends Names {
  readonly isKnown = false;
  /**
   * `iterator`: what `for_each` goes over. Default: the names (`toset(list)`); a map
   * iterator when the names are a map's keys, so bodies can read `each.value`.
   */
  constructor(
    readonly list: string[],
    private readonly iterator?: MapTerraformIterator,
  ) {
    super();
  }

  get first(): string {
    return Token.asString(Fn.element(this.list, 0));
  }

  firstOnlyWhen(value: string, expected: string): Names {
    return new ExpressionNames(Token.asList(conditional(Op.eq(value, expected), [this.first], this.list)));
  }

  nameOrFirst(name: string): string {
    return Token.asString(conditional(Fn.contains(this.list, name), name, this.first));
  }

  concat(...lists: string[][]): string[] {
    return Fn.concat(lists);
  }

  each<T extends Element>(scope: Construct, body: (name: NameScope) => T): PerName<T> {
    const iterator = this.iterator ?? TerraformIterator.fromList(this.list);
    const name = Token.asString(iterator.key);
    const { value: element, elements } = elementsMadeBy(scope, () =>
      body({
        name,
        index: Token.asNumber(Fn.index(this.list, name)),
        id: (pattern) => pattern.replace(/-\{\}/g, ""),
        attr: (made, attribute) => indexed(made, name, attribute),
      }),
    );
    for (const made of elements) made.forEach = iterator;
    const each = (attribute: string) => propertyAccess(address(element), [FOR_EXPRESSION_VALUE, attribute]);
    return {
      get instances(): Readonly<Record<string, T>> {
        // eslint-disable-next-line local/no-throw-plain-error -- a programming error: module code must use get, list or map
        throw new Error("PerName.instances: the names are a Terraform expression (a module), so the instances are not known at synth; use get, list or map");
      },
      get: (key, attribute) => indexed(element, key, attribute),
      list: (attribute) => Token.asList(forExpression(this.list, each(attribute))),
      map: (attribute) => Token.asStringMap(forExpression(this.list, each(attribute), FOR_EXPRESSION_VALUE)),
    };
  }

  ifAny<T>(scope: Construct, body: (optional: Pick<NameScope, "attr">) => T): Optional<T> {
    const attr = (element: Element, attribute: string) => indexed(element, 0, attribute);
    const { value, elements } = elementsMadeBy(scope, () => body({ attr }));
    // min(1, length(names)): 1 when there is any name, else 0.
    const count = Fn.min([1, Fn.lengthOf(this.list)]);
    for (const made of elements) made.count = count;
    return { value, attr };
  }
}
