import type { EnvironmentInput } from "../src/config";

type DataInput = EnvironmentInput["data"];

/** The configuration service's tables (PK/SK with one overloaded GSI; seed 000). */
const singleTableDesign = (name: string): NonNullable<DataInput["tables"]>[number] => ({
  name,
  partitionKey: "PK",
  sortKey: "SK",
  attributes: { PK: "S", SK: "S", GSI1PK: "S", GSI1SK: "S" },
  globalSecondaryIndexes: [{ name: "GSI1", partitionKey: "GSI1PK", sortKey: "GSI1SK", projection: "ALL" }],
});

/**
 * What the applications store, the same in every environment so code promoted
 * from dev finds the same tables in prod: the configuration and template tables
 * and the template bucket of the LLM configuration service (seed 000), and the
 * chat application's users and chats tables (seed 001; the chats stream feeds analytics).
 */
export const applicationTables: NonNullable<DataInput["tables"]> = [
  singleTableDesign("configurations"),
  singleTableDesign("templates"),
  {
    name: "users",
    partitionKey: "id",
    attributes: { id: "S", email: "S" },
    globalSecondaryIndexes: [{ name: "email-index", partitionKey: "email", projection: "ALL" }],
  },
  {
    name: "chats",
    partitionKey: "id",
    attributes: { id: "S", user_id: "S", updated_at: "S" },
    globalSecondaryIndexes: [{ name: "user-id-index", partitionKey: "user_id", sortKey: "updated_at", projection: "ALL" }],
    stream: "NEW_AND_OLD_IMAGES",
  },
];

/**
 * The same tables and buckets with disaster recovery in a second region (prod):
 * the chat history becomes a global table (its stream already carries new and
 * old images) and the configuration service's templates bucket is replicated.
 */
export const replicatedApplicationTables: NonNullable<DataInput["tables"]> = applicationTables.map((table) =>
  table.name === "chats" ? { ...table, global: true } : table,
);

export const applicationBuckets: NonNullable<DataInput["buckets"]> = [{ name: "templates", noncurrentVersionExpirationDays: 90 }];

export const replicatedApplicationBuckets: NonNullable<DataInput["buckets"]> = applicationBuckets.map((bucket) => ({
  ...bucket,
  replicate: true,
}));
