/**
 * Terraform templates as they appear in Terraform JSON strings: literal text with
 * `${ expression }` interpolations and `%{ directive }` sequences; `$${` and `%%{`
 * are escaped (literal) openers, the same in JSON strings and in HCL quoted strings.
 */
export type TemplatePart = { readonly literal: string } | { readonly sequence: string };

const OPENERS = ["${", "%{"];

function opensSequence(text: string, at: number): boolean {
  return OPENERS.some((opener) => text.startsWith(opener, at)) && text[at - 1] !== text[at];
}

/** Index just past the quoted string that starts after `at` (which is just past its `"`). */
function skipQuoted(text: string, at: number): number {
  let i = at;
  while (i < text.length) {
    if (text[i] === "\\") i += 2;
    else if (text[i] === '"') return i + 1;
    else if (OPENERS.some((opener) => text.startsWith(opener, i))) i = closingBrace(text, i + 2) + 1;
    else i += 1;
  }
  throw new Error(`unterminated string in template: ${text}`);
}

/** Index of the `}` closing the sequence whose body starts at `at`. */
function closingBrace(text: string, at: number): number {
  let depth = 0;
  let i = at;
  while (i < text.length) {
    const char = text[i];
    if (char === '"') {
      i = skipQuoted(text, i + 1);
      continue;
    }
    if (char === "{") depth += 1;
    if (char === "}") {
      if (depth === 0) return i;
      depth -= 1;
    }
    i += 1;
  }
  throw new Error(`unterminated interpolation in template: ${text}`);
}

/** Splits a Terraform JSON string into literal text and `${...}` / `%{...}` sequences. */
export function parseTemplate(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = "";
  let i = 0;
  while (i < text.length) {
    if (OPENERS.some((opener) => text.startsWith(opener, i)) && opensSequence(text, i)) {
      const end = closingBrace(text, i + 2);
      if (literal) parts.push({ literal });
      literal = "";
      parts.push({ sequence: text.slice(i, end + 1) });
      i = end + 1;
    } else {
      literal += text[i];
      i += 1;
    }
  }
  if (literal) parts.push({ literal });
  return parts;
}

/** The expression of a string that is one `${...}` and nothing else, e.g. `var.x` for "${var.x}". */
export function soleExpression(text: string): string | undefined {
  const parts = parseTemplate(text);
  if (parts.length !== 1 || !("sequence" in parts[0]) || !parts[0].sequence.startsWith("${")) return undefined;
  return parts[0].sequence.slice(2, -1).trim();
}

function escapeLiteral(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this escapes
  return text.replace(/[\\"\n\r\t\u0000-\u001f]/g, (char) => {
    switch (char) {
      case "\\":
        return "\\\\";
      case '"':
        return '\\"';
      case "\n":
        return "\\n";
      case "\r":
        return "\\r";
      case "\t":
        return "\\t";
      default:
        return `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
    }
  });
}

/**
 * An HCL quoted string for a Terraform JSON string: literal parts escaped, sequences
 * copied verbatim (their expressions are already HCL native syntax, quotes and all).
 */
export function quotedTemplate(text: string): string {
  const body = parseTemplate(text)
    .map((part) => ("literal" in part ? escapeLiteral(part.literal) : part.sequence))
    .join("");
  return `"${body}"`;
}
