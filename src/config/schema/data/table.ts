import { z } from "zod";
import { reportDuplicates } from "../primitives";
import { componentName } from "./common";

export const ATTRIBUTE_TYPES = ["S", "N", "B"] as const;
export const PROJECTION_TYPES = ["ALL", "KEYS_ONLY", "INCLUDE"] as const;
export const STREAM_VIEW_TYPES = ["NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY"] as const;
export const BILLING_MODES = ["PAY_PER_REQUEST", "PROVISIONED"] as const;

const capacityRange = z.strictObject({ min: z.number().int().min(1), max: z.number().int().min(1) });

const secondaryIndexSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, { message: "must be 3-255 letters, digits, '_', '-' or '.'" }),
  /** Partition key attribute (GSI) ; for an LSI it must be the table's own partition key. */
  partitionKey: z.string().min(1),
  sortKey: z.string().min(1).optional(),
  /** Default: ALL. */
  projection: z.enum(PROJECTION_TYPES).default("ALL"),
  /** With projection INCLUDE only. */
  nonKeyAttributes: z.array(z.string().min(1)).optional(),
});
type SecondaryIndex = z.output<typeof secondaryIndexSchema>;

export const tableSchema = z
  .strictObject({
    /** Config name: keys the construct id and outputs; the table is named `<project>-<env>-<name>`. */
    name: componentName("table name"),
    partitionKey: z.string().min(1),
    sortKey: z.string().min(1).optional(),
    /** Type of every key attribute (table and indexes): S, N or B. Only key attributes may be declared. */
    attributes: z.record(z.string(), z.enum(ATTRIBUTE_TYPES)),
    /** Default: none. */
    globalSecondaryIndexes: z.array(secondaryIndexSchema).max(20).default([]),
    /** Default: none. */
    localSecondaryIndexes: z.array(secondaryIndexSchema).max(5).default([]),
    /** Attribute holding the expiry epoch second. Default: no TTL. */
    ttlAttribute: z.string().min(1).optional(),
    /** Stream view type. Default: no stream. */
    stream: z.enum(STREAM_VIEW_TYPES).optional(),
    /** Default: PAY_PER_REQUEST. */
    billingMode: z.enum(BILLING_MODES).default("PAY_PER_REQUEST"),
    /** PROVISIONED only (and required there): starting capacity of the table and each GSI. */
    capacity: z.strictObject({ read: z.number().int().min(1), write: z.number().int().min(1) }).optional(),
    /** PROVISIONED only: target tracking for the table and each GSI. Default: no autoscaling. */
    autoscaling: z
      .strictObject({
        read: capacityRange,
        write: capacityRange,
        /** Default: 70. */
        targetUtilizationPercent: z.number().int().min(20).max(90).default(70),
      })
      .optional(),
    /** Default: STANDARD. */
    tableClass: z.enum(["STANDARD", "STANDARD_INFREQUENT_ACCESS"]).default("STANDARD"),
    /**
     * A global table: a replica in `data.disasterRecovery.region`, encrypted with a
     * key of that region. Needs stream NEW_AND_OLD_IMAGES, and autoscaling with
     * PROVISIONED billing. Default: false.
     */
    global: z.boolean().optional(),
  })
  .superRefine((table, ctx) => checkTable(table, ctx));

type TableOutput = z.output<typeof tableSchema>;

function checkTable(table: TableOutput, ctx: z.RefinementCtx): void {
  if (table.global && table.stream !== "NEW_AND_OLD_IMAGES") {
    ctx.addIssue({
      code: "custom",
      path: ["stream"],
      input: table.stream,
      message: "must be NEW_AND_OLD_IMAGES for a global table (global: true): DynamoDB replicates through it",
    });
  }
  if (table.global && table.billingMode === "PROVISIONED" && !table.autoscaling) {
    ctx.addIssue({
      code: "custom",
      path: ["autoscaling"],
      message: "is required for a global table with PROVISIONED billing: DynamoDB needs write autoscaling on every replica",
    });
  }
  const declared = new Set(Object.keys(table.attributes));
  const used = new Set<string>();
  const requireKey = (attribute: string | undefined, path: (string | number)[]) => {
    if (attribute === undefined) return;
    used.add(attribute);
    if (!declared.has(attribute)) {
      ctx.addIssue({
        code: "custom",
        path,
        input: attribute,
        message: `key attribute is not declared in attributes; declared: ${[...declared].join(", ") || "none"}`,
      });
    }
  };
  requireKey(table.partitionKey, ["partitionKey"]);
  requireKey(table.sortKey, ["sortKey"]);
  const checkIndex = (index: SecondaryIndex, path: (string | number)[]) => {
    requireKey(index.partitionKey, [...path, "partitionKey"]);
    requireKey(index.sortKey, [...path, "sortKey"]);
    if ((index.projection === "INCLUDE") !== (index.nonKeyAttributes !== undefined)) {
      ctx.addIssue({
        code: "custom",
        path: [...path, "nonKeyAttributes"],
        input: index.nonKeyAttributes,
        message: "must be given with projection INCLUDE, and only then",
      });
    }
  };
  table.globalSecondaryIndexes.forEach((index, i) => checkIndex(index, ["globalSecondaryIndexes", i]));
  table.localSecondaryIndexes.forEach((index, i) => {
    checkIndex(index, ["localSecondaryIndexes", i]);
    if (index.partitionKey !== table.partitionKey || !index.sortKey || !table.sortKey) {
      ctx.addIssue({
        code: "custom",
        path: ["localSecondaryIndexes", i],
        input: index.name,
        message: `a local index needs a table with a sort key, the table's partition key (${table.partitionKey}) and its own sort key`,
      });
    }
  });
  for (const attribute of declared) {
    if (!used.has(attribute)) {
      ctx.addIssue({
        code: "custom",
        path: ["attributes", attribute],
        input: attribute,
        message: "is declared but is no key of the table or an index; DynamoDB accepts key attributes only, so remove it",
      });
    }
  }
  reportDuplicates(
    ctx,
    [...table.globalSecondaryIndexes, ...table.localSecondaryIndexes].map((index) => index.name),
    ["globalSecondaryIndexes+localSecondaryIndexes"],
    "index name",
  );
  const provisioned = table.billingMode === "PROVISIONED";
  if (provisioned && !table.capacity) {
    ctx.addIssue({ code: "custom", path: ["capacity"], message: "is required with billingMode PROVISIONED: give read and write" });
  }
  for (const field of ["capacity", "autoscaling"] as const) {
    if (!provisioned && table[field]) {
      ctx.addIssue({ code: "custom", path: [field], message: "is only used with billingMode PROVISIONED" });
    }
  }
  if (table.autoscaling) {
    for (const direction of ["read", "write"] as const) {
      const range = table.autoscaling[direction];
      if (range.min > range.max) {
        ctx.addIssue({
          code: "custom",
          path: ["autoscaling", direction, "min"],
          input: range.min,
          message: `must not exceed max (${range.max})`,
        });
      }
      const start = table.capacity?.[direction];
      if (start !== undefined && (start < range.min || start > range.max)) {
        ctx.addIssue({
          code: "custom",
          path: ["capacity", direction],
          input: start,
          message: `must lie within autoscaling.${direction} (${range.min}-${range.max})`,
        });
      }
    }
  }
}
