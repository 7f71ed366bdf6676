// The project's own lint rules (docs/contributing.md, "Lint and format"). Each is
// enabled for its own files in eslint.config.mjs; an exception in place is an
// `eslint-disable-next-line local/<rule> -- <reason>` comment. CommonJS, so the
// tests (__tests__/scripts/lint-rules.test.ts) load it as they load any script.

/** A string or template literal that contains `arn:aws:`. */
const noLiteralPartition = {
  meta: {
    type: "problem",
    docs: { description: "ARNs go through formatArn (src/constructs/iam/arn.ts), which takes the partition from the stack's scope" },
    messages: {
      literal: "`arn:aws:` hard-codes the partition (GovCloud and China differ): build the ARN with formatArn and friends from src/constructs/iam/arn.ts",
    },
    schema: [],
  },
  create(context) {
    const check = (node, text) => {
      if (typeof text === "string" && text.includes("arn:aws:")) context.report({ node, messageId: "literal" });
    };
    return {
      Literal: (node) => check(node, node.value),
      TemplateElement: (node) => check(node, node.value.cooked ?? node.value.raw),
    };
  },
};

/** `throw new Error(...)` / `throw Error(...)`. */
const noThrowPlainError = {
  meta: {
    type: "problem",
    docs: { description: "bad input is a schema rule or a ConstructError; a plain Error is for programming errors only" },
    messages: {
      plain:
        "A plain Error reaches the user as a stack trace. Bad input belongs in the config schema (ConfigError) or is a ConstructError (src/constructs/errors.ts); a programming error may stay, with `// eslint-disable-next-line local/no-throw-plain-error -- <why it is a programming error>`",
    },
    schema: [],
  },
  create(context) {
    const check = (node) => {
      const thrown = node.argument;
      if ((thrown?.type === "NewExpression" || thrown?.type === "CallExpression") && thrown.callee.type === "Identifier" && thrown.callee.name === "Error") {
        context.report({ node, messageId: "plain" });
      }
    };
    return { ThrowStatement: check };
  },
};

/** `x as unknown as T`. */
const noDoubleCast = {
  meta: {
    type: "problem",
    docs: { description: "`as unknown as` turns off the type checker; Terraform expressions have their own helpers" },
    messages: {
      cast: "`as unknown as` hides a type error. Fix the types, or say why the cast holds: `// eslint-disable-next-line local/no-double-cast -- <reason>`",
    },
    schema: [],
  },
  create(context) {
    return {
      TSAsExpression(node) {
        const inner = node.expression;
        if (inner.type === "TSAsExpression" && inner.typeAnnotation.type === "TSUnknownKeyword") {
          context.report({ node, messageId: "cast" });
        }
      },
    };
  },
};

module.exports = {
  meta: { name: "local" },
  rules: {
    "no-literal-partition": noLiteralPartition,
    "no-throw-plain-error": noThrowPlainError,
    "no-double-cast": noDoubleCast,
  },
};
