import { posix } from "path";

/** A request as the statements of our web ACL see it: its path and the labels earlier rules added. */
export interface WafRequest {
  readonly path: string;
  readonly labels?: readonly string[];
}

const TRANSFORMATIONS: Record<string, (text: string) => string> = {
  NONE: (text) => text,
  URL_DECODE: (text) => decodeURIComponent(text),
  LOWERCASE: (text) => text.toLowerCase(),
  // WAF's NORMALIZE_PATH: removes multiple slashes, self references (/./) and back references (/../).
  NORMALIZE_PATH: (text) => posix.normalize(text),
};

/**
 * Evaluates a synthesized WAFv2 statement (snake_case, as in cdk.tf.json) against a
 * request: byte matches on the URI path with their text transformations in priority
 * order, label matches, and/or/not. Other statement types are refused.
 */
export function matches(statement: any, request: WafRequest): boolean {
  if (statement.byte_match_statement) {
    const match = statement.byte_match_statement;
    if (!match.field_to_match.uri_path) throw new Error("only uri_path byte matches are modelled");
    const path = [...match.text_transformation]
      .sort((a: any, b: any) => a.priority - b.priority)
      .reduce((text: string, t: any) => TRANSFORMATIONS[t.type](text), request.path);
    if (match.positional_constraint === "STARTS_WITH") return path.startsWith(match.search_string);
    if (match.positional_constraint === "EXACTLY") return path === match.search_string;
    return path.includes(match.search_string);
  }
  if (statement.label_match_statement) return (request.labels ?? []).includes(statement.label_match_statement.key);
  if (statement.and_statement) return statement.and_statement.statement.every((s: any) => matches(s, request));
  if (statement.or_statement) return statement.or_statement.statement.some((s: any) => matches(s, request));
  if (statement.not_statement) return !matches(statement.not_statement.statement, request);
  throw new Error(`statement not modelled: ${Object.keys(statement).join(", ")}`);
}
