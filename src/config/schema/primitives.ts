import { z } from "zod";
import { parseCidr } from "../cidr";

/** Lower-case DNS-label style identifier, used in resource and workspace names. */
export const slug = (what: string, maxLength: number) =>
  z
    .string()
    .regex(/^[a-z][a-z0-9-]*[a-z0-9]$/, {
      message: `${what} must be lower-case letters, digits and hyphens, starting with a letter`,
    })
    .max(maxLength, { message: `${what} must be at most ${maxLength} characters` });

/** An IPv4 CIDR block whose prefix length lies in [minPrefix, maxPrefix]. */
export const ipv4Cidr = (minPrefix: number, maxPrefix: number) =>
  z.string().refine(
    (value) => {
      const cidr = parseCidr(value);
      return cidr !== undefined && cidr.prefixLength >= minPrefix && cidr.prefixLength <= maxPrefix;
    },
    {
      message: `must be an IPv4 CIDR block a.b.c.d/n with no host bits set ` + `and a prefix length from /${minPrefix} to /${maxPrefix}`,
    },
  );

/** Retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

export const logRetentionDays = z.number().refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
  message: `must be one of the retention periods CloudWatch Logs accepts: ${LOG_RETENTION_DAYS.join(", ")}`,
});

/** Adds an issue for every value that appears more than once in `values`. */
export function reportDuplicates(ctx: z.RefinementCtx, values: readonly string[], path: (string | number)[], what: string): void {
  const seen = new Map<string, number>();
  values.forEach((value, index) => {
    const first = seen.get(value);
    if (first === undefined) {
      seen.set(value, index);
      return;
    }
    ctx.addIssue({
      code: "custom",
      path: [...path, index],
      input: value,
      message: `duplicate ${what}: already given at index ${first}; each ${what} must be unique`,
    });
  });
}
