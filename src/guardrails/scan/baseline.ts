import { z } from "zod";
import { UserInputError } from "../../config";
import { MIN_REASON_LENGTH } from "../suppressions";

/** `CKV_AWS_109`, `CKV2_AWS_12`, ... */
const CHECK_ID = /^CKV2?_[A-Z0-9]+_\d+$/;

const skipSchema = z.strictObject({
  /** The checkov check id. */
  check: z.string().regex(CHECK_ID, { message: "must be a checkov check id such as CKV_AWS_109 or CKV2_AWS_12" }),
  /** Stack id (`prod-network`); `*` matches any characters, so `*-network` covers every environment. */
  stack: z.string().min(1, { message: "must name the stack (or a `*` pattern of stacks)" }),
  /** The resource as checkov reports it (`aws_vpc.network_vpc_1A2B3C4D`, `data.<logical id>`); `*` patterns allowed. */
  resource: z.string().min(1, { message: "must name the resource as checkov reports it" }),
  /** Why the check does not apply to this resource. */
  reason: z.string().refine((reason) => reason.trim().length >= MIN_REASON_LENGTH, {
    message: `must say why the check does not apply (at least ${MIN_REASON_LENGTH} characters)`,
  }),
});

export const baselineSchema = z.strictObject({
  $comment: z.string().optional(),
  skips: z.array(skipSchema),
});

export type BaselineSkip = z.infer<typeof skipSchema>;

/** Parses and validates the checkov baseline; every problem is reported at once. */
export function parseBaseline(input: unknown, source = "checkov-baseline.json"): BaselineSkip[] {
  const result = baselineSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  - ${issue.path.join(".") || "(top level)"}: ${issue.message}`);
    throw new UserInputError([`Invalid checkov baseline ${source}:`, ...problems].join("\n"));
  }
  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (const skip of result.data.skips) {
    const key = `${skip.check} ${skip.stack} ${skip.resource}`;
    if (seen.has(key)) duplicates.push(`  - ${key}: listed twice`);
    seen.add(key);
  }
  if (duplicates.length > 0) throw new UserInputError([`Invalid checkov baseline ${source}:`, ...duplicates].join("\n"));
  return result.data.skips;
}

function glob(pattern: string): RegExp {
  return new RegExp(
    `^${pattern
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
}

/** The baseline entry that accepts a failed check, if any. */
export function matchingSkip(skips: readonly BaselineSkip[], failure: { check: string; stack: string; resource: string }): BaselineSkip | undefined {
  return skips.find((skip) => skip.check === failure.check && glob(skip.stack).test(failure.stack) && glob(skip.resource).test(failure.resource));
}
