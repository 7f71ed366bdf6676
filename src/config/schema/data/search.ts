import { z } from "zod";
import { logRetentionDays, reportDuplicates } from "../primitives";
import { instanceType } from "./common";

export const SEARCH_ENGINE_VERSIONS = ["OpenSearch_2.15", "OpenSearch_2.17", "OpenSearch_2.19"] as const;
export const SEARCH_INSTANCE_FAMILIES = ["t3", "m6g", "m7g", "r6g", "r7g", "c6g", "c7g", "or1"] as const;
/** TLS policies of OpenSearch domain endpoints; both require TLS 1.2 or newer. */
export const SEARCH_TLS_POLICIES = ["Policy-Min-TLS-1-2-PFS-2023-10", "Policy-Min-TLS-1-2-2019-07"] as const;

const roleName = z.string().regex(/^[\w+=,.@-]{1,64}$/, { message: "must be an IAM role name" });

/** An OpenSearch index pattern: an index name with `*` wildcards, not a system (dot) index. */
const indexPattern = z.string().regex(/^[a-z0-9*][a-z0-9_*+-]{0,254}$/, {
  message: "must be an index pattern: lower-case letters, digits, _ + - and * wildcards, not starting with . _ + or -",
});

/** What one client role may do in which indexes, as fine-grained access control grants it. */
export const searchClientAccessSchema = z
  .strictObject({
    /** Index patterns the role reads (search, get). */
    read: z.array(indexPattern).default([]),
    /** Index patterns the role reads and writes (documents, index creation, mappings). */
    readWrite: z.array(indexPattern).default([]),
  })
  .refine((access) => access.read.length + access.readWrite.length > 0, { message: "must grant read or readWrite on at least one index pattern" });
export type SearchClientAccess = z.infer<typeof searchClientAccessSchema>;

/** A client role's access when `clientAccess` does not name it: read and write on every (non-system) index, as its IAM grant allows. */
export const DEFAULT_SEARCH_CLIENT_ACCESS: SearchClientAccess = { read: [], readWrite: ["*"] };

export const searchSchema = z
  .strictObject({
    /** Pinned engine version; see {@link SEARCH_ENGINE_VERSIONS}. */
    engineVersion: z.enum(SEARCH_ENGINE_VERSIONS),
    /** Data node type, e.g. `t3.small.search`. */
    instanceType: instanceType("search instance type", "", SEARCH_INSTANCE_FAMILIES, ".search"),
    /** Data nodes; a multiple of `availabilityZoneCount`. */
    instanceCount: z.number().int().min(1).max(80),
    /** Zones the data nodes spread over: 1 (no zone awareness), 2 or 3. Default: 1. */
    availabilityZoneCount: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(1),
    /** Dedicated master nodes. Default: none (the data nodes elect a master). Required in prod. */
    dedicatedMasters: z
      .strictObject({
        instanceType: instanceType("search instance type", "", SEARCH_INSTANCE_FAMILIES, ".search"),
        /** Default: 3. */
        count: z.union([z.literal(3), z.literal(5)]).default(3),
      })
      .optional(),
    /** gp3 volume per data node, GiB. Default: 20. */
    volumeSizeGb: z.number().int().min(10).max(24576).default(20),
    /** Default: Policy-Min-TLS-1-2-PFS-2023-10. */
    tlsSecurityPolicy: z.enum(SEARCH_TLS_POLICIES).default("Policy-Min-TLS-1-2-PFS-2023-10"),
    /**
     * IAM role names (in this account) that may call the domain, besides its
     * admin role; fine-grained access control maps them to OpenSearch roles. Default: none.
     */
    clientRoleNames: z.array(roleName).default([]),
    /**
     * Index permissions per client role (a name of `clientRoleNames`): the
     * platform maps each client role to an OpenSearch role with these. Default
     * for a role not named here: readWrite on `*`.
     */
    clientAccess: z.record(roleName, searchClientAccessSchema).default({}),
    /**
     * IAM role names (in this account) of operators who may assume the domain's
     * admin (fine-grained access control master) role, besides the platform's
     * role-mapping job. Default: none.
     */
    adminRoleNames: z.array(roleName).default([]),
    /** Slow, error and audit log retention. Default: 365 days. */
    logRetentionDays: logRetentionDays.default(365),
  })
  .superRefine((search, ctx) => {
    if (search.instanceCount % search.availabilityZoneCount !== 0) {
      ctx.addIssue({
        code: "custom",
        path: ["instanceCount"],
        input: search.instanceCount,
        message: `must be a multiple of availabilityZoneCount (${search.availabilityZoneCount}) so every zone holds the same number of nodes`,
      });
    }
    reportDuplicates(ctx, search.clientRoleNames, ["clientRoleNames"], "client role");
    reportDuplicates(ctx, search.adminRoleNames, ["adminRoleNames"], "admin role");
    for (const role of Object.keys(search.clientAccess)) {
      if (!search.clientRoleNames.includes(role)) {
        ctx.addIssue({
          code: "custom",
          path: ["clientAccess", role],
          input: role,
          message: `is not one of clientRoleNames (${search.clientRoleNames.join(", ") || "none"})`,
        });
      }
    }
  });
