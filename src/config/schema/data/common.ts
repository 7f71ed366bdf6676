import { z } from "zod";

/** Building blocks shared by the data layer's schema files. */

/** Backup retention prod needs at least, in days. */
export const PROD_MIN_BACKUP_RETENTION_DAYS = 14;

/** `cache.t4g.micro` style: prefix, an allowed family, a size. */
export const instanceType = (what: string, prefix: string, families: readonly string[], suffix = "") =>
  z.string().refine(
    (value) => {
      const match = new RegExp(`^${prefix.replace(".", "\\.")}([a-z0-9]+)\\.([a-z0-9]+)${suffix.replace(".", "\\.")}$`).exec(value);
      return match !== null && families.includes(match[1]);
    },
    { message: `must be a ${what} like ${prefix}${families[0]}.large${suffix}; allowed families: ${families.join(", ")}` },
  );

/** `hh:mm-hh:mm` (UTC). */
export const dailyWindow = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, {
  message: "must be a daily UTC window hh:mm-hh:mm, e.g. 03:00-04:00",
});
/** `ddd:hh:mm-ddd:hh:mm` (UTC). */
export const weeklyWindow = z.string().regex(/^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$/, {
  message: "must be a weekly UTC window ddd:hh:mm-ddd:hh:mm, e.g. sun:04:30-sun:05:30",
});

export const identifier = (what: string, maxLength: number) =>
  z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, { message: `${what} must be lower-case letters, digits and '_', starting with a letter` })
    .max(maxLength, { message: `${what} must be at most ${maxLength} characters` });

/** A short resource name appended to `<project>-<env>-`. */
export const componentName = (what: string) =>
  z
    .string()
    .regex(/^[a-z][a-z0-9-]*[a-z0-9]$/, { message: `${what} must be lower-case letters, digits and hyphens, starting with a letter` })
    .max(24, { message: `${what} must be at most 24 characters` });

export const acuCapacity = z
  .number()
  .min(0, { message: "must be from 0 to 256 ACUs" })
  .max(256, { message: "must be from 0 to 256 ACUs" })
  .refine((acu) => Number.isInteger(acu * 2), { message: "must be a multiple of 0.5 ACU" });
