import { z } from "zod";
import { ipv4Cidr, logRetentionDays } from "./primitives";

/** Windows a WAF rate-based rule can count requests over, in seconds. */
export const RATE_LIMIT_WINDOWS = [60, 120, 300, 600] as const;

export const rateLimitSchema = z.strictObject({
  /** Requests one client IP may send per window before it is blocked. */
  requests: z
    .number()
    .int()
    .min(10, { message: "must be at least 10, the smallest limit WAF accepts" })
    .max(2_000_000_000),
  /** Default: 300 seconds (WAF's own default, set explicitly so plans stay clean). */
  windowSeconds: z.literal(RATE_LIMIT_WINDOWS).default(300),
});

export const adminAllowListSchema = z.strictObject({
  /** URI path prefixes of the admin surface, e.g. `/admin`. */
  pathPrefixes: z
    .array(z.string().regex(/^\/[\w\-./~]*$/, { message: "must be a URI path prefix starting with '/'" }))
    .min(1, { message: "list at least one path prefix" }),
  /** Only these CIDRs may reach the admin paths; everyone else is blocked there. */
  cidrs: z.array(ipv4Cidr(8, 32)).min(1, { message: "list at least one CIDR allowed to reach the admin paths" }),
});

export const edgeSchema = z.strictObject({
  waf: z.strictObject({
    /** Per-client-IP rate limit. */
    rateLimit: rateLimitSchema,
    /** Block requests from VPNs, proxies, Tor and hosting providers (AWSManagedRulesAnonymousIpList). Default: false. */
    blockAnonymousIps: z.boolean().default(false),
    /** Restrict admin paths to known networks. Default: no admin rule. */
    adminAllowList: adminAllowListSchema.optional(),
    /** WAF logs in CloudWatch Logs. */
    logs: z.strictObject({ retentionDays: logRetentionDays.default(365) }).prefault({}),
  }),
});

export type EdgeConfig = z.output<typeof edgeSchema>;
