import { z } from "zod";
import { ipv4Cidr, logRetentionDays } from "./primitives";

/** Windows a WAF rate-based rule can count requests over, in seconds. */
export const RATE_LIMIT_WINDOWS = [60, 120, 300, 600] as const;

export const rateLimitSchema = z.strictObject({
  /** Requests one client IP may send per window before it is blocked. */
  requests: z.number().int().min(10, { message: "must be at least 10, the smallest limit WAF accepts" }).max(2_000_000_000),
  /** Default: 300 seconds (WAF's own default, set explicitly so plans stay clean). */
  windowSeconds: z.literal(RATE_LIMIT_WINDOWS).default(300),
});

/** A URI path prefix as WAF matches it: starts with '/'. */
const pathPrefix = z.string().regex(/^\/[\w\-./~]*$/, { message: "must be a URI path prefix starting with '/'" });

/** A lower-case HTTP header name. */
const headerName = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { message: "must be a lower-case HTTP header name, e.g. x-api-key" });

export const rateLimitPerKeySchema = z.strictObject({
  /** The header whose value identifies the caller, e.g. the API key header `x-api-key`. */
  header: headerName,
  /** Requests one header value may send per window (the per-IP window) before it is blocked. */
  requests: rateLimitSchema.shape.requests,
});

export const adminAllowListSchema = z.strictObject({
  /** URI path prefixes of the admin surface, e.g. `/admin`. */
  pathPrefixes: z.array(pathPrefix).min(1, { message: "list at least one path prefix" }),
  /** Only these CIDRs may reach the admin paths; everyone else is blocked there. */
  cidrs: z.array(ipv4Cidr(8, 32)).min(1, { message: "list at least one CIDR allowed to reach the admin paths" }),
});

export const edgeSchema = z.strictObject({
  waf: z.strictObject({
    /** Per-client-IP rate limit. */
    rateLimit: rateLimitSchema,
    /** A second rate limit per caller, keyed by a header such as the API key. Default: none. */
    rateLimitPerKey: rateLimitPerKeySchema.optional(),
    /**
     * Path prefixes (the prompt endpoints) whose bodies may exceed the 8 KB WAF
     * inspects; every other path is blocked above 8 KB. Default: none.
     */
    largeBodyPathPrefixes: z.array(pathPrefix).default([]),
    /** Block requests from VPNs, proxies, Tor and hosting providers (AWSManagedRulesAnonymousIpList). Default: false. */
    blockAnonymousIps: z.boolean().default(false),
    /** Restrict admin paths to known networks. Default: no admin rule. */
    adminAllowList: adminAllowListSchema.optional(),
    /** WAF logs in CloudWatch Logs. */
    logs: z
      .strictObject({
        retentionDays: logRetentionDays.default(365),
        /** Headers redacted besides authorization and cookie (the query string always is), e.g. API keys. Default: x-api-key. */
        redactedHeaders: z.array(headerName).default(["x-api-key"]),
      })
      .prefault({}),
  }),
});

export type EdgeConfig = z.output<typeof edgeSchema>;
