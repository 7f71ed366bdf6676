import { Fn, Op, Token, conditional } from "cdktf";
import { isKnown } from "../expressions/expression";

/**
 * WAFv2 web ACL rules as the provider expects them. The provider's `statement`
 * is untyped (`any`) in the CDKTF bindings, so these types keep its snake_case
 * shape checked for the statements this project uses.
 */

export interface TextTransformation {
  readonly priority: number;
  readonly type: "NONE" | "LOWERCASE" | "URL_DECODE" | "NORMALIZE_PATH";
}

export interface ByteMatchStatement {
  readonly byte_match_statement: {
    readonly search_string: string;
    readonly positional_constraint: "STARTS_WITH" | "EXACTLY" | "CONTAINS";
    readonly field_to_match: { readonly uri_path: Record<string, never> };
    readonly text_transformation: TextTransformation[];
  };
}

export interface IpSetReferenceStatement {
  readonly ip_set_reference_statement: { readonly arn: string };
}

export interface ManagedRuleGroupStatement {
  readonly managed_rule_group_statement: {
    readonly vendor_name: "AWS";
    readonly name: string;
    readonly rule_action_override?: {
      readonly name: string;
      readonly action_to_use: { readonly count: Record<string, never> };
    }[];
  };
}

export interface LabelMatchStatement {
  readonly label_match_statement: { readonly scope: "LABEL"; readonly key: string };
}

export interface RateBasedStatement {
  readonly rate_based_statement: {
    readonly limit: number;
    readonly aggregate_key_type: "IP" | "CUSTOM_KEYS";
    readonly evaluation_window_sec: number;
    /** With `CUSTOM_KEYS`: the request parts requests are counted by. */
    readonly custom_key?: { readonly header: { readonly name: string; readonly text_transformation: TextTransformation[] } }[];
  };
}

/** `dynamic "statement"` blocks (module mode): statements over a Terraform list. */
export interface DynamicStatements {
  readonly statement: readonly { readonly for_each: unknown; readonly iterator: string; readonly content: Statement }[];
}

export type Statement =
  | ByteMatchStatement
  | IpSetReferenceStatement
  | ManagedRuleGroupStatement
  | RateBasedStatement
  | LabelMatchStatement
  | { readonly and_statement: { readonly statement: Statement[]; readonly dynamic?: DynamicStatements } }
  | { readonly or_statement: { readonly statement: Statement[] } }
  | { readonly or_statement: { readonly dynamic: DynamicStatements } }
  | { readonly not_statement: { readonly statement: Statement } }
  | { readonly not_statement: { readonly dynamic: DynamicStatements } };

/**
 * The path, URL-decoded, normalized (`//`, `/./` and `/../` resolved, so
 * `/public/../admin` is `/admin`) and lower-cased, starts with `searchString`
 * (already lower case).
 */
function pathPrefixMatch(searchString: string): ByteMatchStatement {
  return {
    byte_match_statement: {
      search_string: searchString,
      positional_constraint: "STARTS_WITH",
      field_to_match: { uri_path: {} },
      text_transformation: [
        { priority: 0, type: "URL_DECODE" },
        { priority: 1, type: "NORMALIZE_PATH" },
        { priority: 2, type: "LOWERCASE" },
      ],
    },
  };
}

/**
 * `statement` blocks over a Terraform list of prefixes (a module variable): one
 * byte match for one prefix, an `or_statement` over them for more (WAF wants 2
 * or more statements in an OR). None for an empty list.
 */
function dynamicPathMatch(prefixes: readonly string[]): DynamicStatements {
  const count = Fn.lengthOf(prefixes);
  const eachPrefix = pathPrefixMatch("${lower(prefix.value)}");
  return {
    statement: [
      { for_each: conditional(Op.eq(count, 1), prefixes, []), iterator: "prefix", content: eachPrefix },
      {
        for_each: Token.asList(conditional(Op.gt(count, 1), ["any"], [])),
        iterator: "prefixes",
        content: { or_statement: { dynamic: { statement: [{ for_each: prefixes, iterator: "prefix", content: eachPrefix }] } } },
      },
    ],
  };
}

/** Matches requests whose (URL-decoded, normalized, lower-cased) path starts with one of the prefixes. */
export function pathStartsWith(prefixes: readonly string[]): Statement {
  const matches: Statement[] = prefixes.map((prefix) => pathPrefixMatch(prefix.toLowerCase()));
  return matches.length === 1 ? matches[0] : { or_statement: { statement: matches } };
}

/**
 * Requests to one of the path prefixes from outside the IP set. Known prefixes give
 * the statement of {@link pathStartsWith}; a Terraform list (a module variable) gives
 * the same shape with `dynamic "statement"` blocks: one byte match for one prefix,
 * an `or_statement` over them for more (WAF wants 2 or more statements in an OR).
 */
export function pathOutsideAllowList(prefixes: readonly string[], ipSetArn: string): Statement {
  const outside: Statement = { not_statement: { statement: { ip_set_reference_statement: { arn: ipSetArn } } } };
  if (isKnown(prefixes)) return { and_statement: { statement: [pathStartsWith(prefixes), outside] } };
  return { and_statement: { statement: [outside], dynamic: dynamicPathMatch(prefixes) } };
}

/**
 * Requests carrying `label` whose path starts with none of the prefixes. Known
 * prefixes only: with none, every request with the label. A Terraform list
 * (module) must not be empty; the caller adds the label-only rule for that case.
 */
export function labelOutsidePaths(label: string, prefixes: readonly string[]): Statement {
  const labelled: LabelMatchStatement = { label_match_statement: { scope: "LABEL", key: label } };
  if (!isKnown(prefixes)) {
    return { and_statement: { statement: [labelled, { not_statement: { dynamic: dynamicPathMatch(prefixes) } }] } };
  }
  if (prefixes.length === 0) return labelled;
  return { and_statement: { statement: [labelled, { not_statement: { statement: pathStartsWith(prefixes) } }] } };
}

/** An AWS managed rule group, with the named rules of the group switched to count. */
export function awsManagedRuleGroup(name: string, countOnly: readonly string[] = []): ManagedRuleGroupStatement {
  return {
    managed_rule_group_statement: {
      vendor_name: "AWS",
      name,
      ...(countOnly.length > 0 ? { rule_action_override: countOnly.map((rule) => ({ name: rule, action_to_use: { count: {} } })) } : {}),
    },
  };
}
