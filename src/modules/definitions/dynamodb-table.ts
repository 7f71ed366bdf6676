import { MapTerraformIterator } from "cdktf";
import { ATTRIBUTE_TYPES, BILLING_MODES, PROJECTION_TYPES, STREAM_VIEW_TYPES } from "../../config/schema/data";
import { Table, TableIndex, TableSettings } from "../../constructs/data/dynamodb-table";
import { Items } from "../../constructs/expressions/items";
import { expr } from "../../constructs/expressions/expression";
import { CustomerManagedKey } from "../../constructs/kms/kms-key";
import { Rejection, VariableRule, defineModule } from "../definition";
import { oneOf, optionalOneOf } from "../validation";

const TABLE_CLASSES = ["STANDARD", "STANDARD_INFREQUENT_ACCESS"] as const;

/**
 * Every declared attribute is a key of the table or an index. It reads four
 * variables, each of whose validations reads `attributes`: as a validation it
 * would make Terraform's `Error: Cycle`, so it is a precondition of the table.
 */
const ONLY_KEY_ATTRIBUTES: VariableRule = {
  condition:
    "length(setsubtract(keys(var.attributes), compact(concat([var.partition_key, var.sort_key == null ? \"\" : var.sort_key], " +
    "flatten([for index in values(var.global_secondary_indexes) : [index.partition_key, index.sort_key == null ? \"\" : index.sort_key]]), " +
    "[for index in values(var.local_secondary_indexes) : index.sort_key])))) == 0",
  errorMessage: "Every attribute must be a key of the table or an index; DynamoDB accepts key attributes only, so remove the others.",
};

const INDEX_NAME = "^[A-Za-z0-9_.-]{3,255}$";

/** A rule over every index of `variable` (a map keyed by index name). */
const eachIndex = (variable: string, condition: string, errorMessage: string, rejects: Rejection): VariableRule => ({
  condition: `alltrue([for name, index in var.${variable} : ${condition}])`,
  errorMessage,
  rejects,
});

/**
 * How the generated tests build index maps: the attributes of one valid index, and
 * the other inputs such an index needs (beside the usage example's).
 */
interface IndexFixture {
  readonly index: string;
  readonly with: Readonly<Record<string, string>>;
}
const GSI: IndexFixture = { index: 'partition_key = "conversation_id"', with: {} };
const LSI: IndexFixture = {
  index: 'sort_key = "created_at"',
  with: { sort_key: '"updated_at"', attributes: '{ conversation_id = "S", created_at = "N", updated_at = "N" }' },
};
/** A rejection of `variable`: one index named `name` with the fixture's attributes plus `extra`. */
const oneIndex = (fixture: IndexFixture, extra = "", name = "by-time"): Rejection => ({
  value: `{ "${name}" = { ${fixture.index}${extra} } }`,
  with: fixture.with,
});

const indexRules = (variable: string, max: number, fixture: IndexFixture): VariableRule[] => [
  {
    condition: `length(var.${variable}) <= ${max}`,
    errorMessage: `${variable} may hold at most ${max} indexes.`,
    rejects: { value: `{ for i in range(${max + 1}) : "index-\${i}" => { ${fixture.index} } }`, with: fixture.with },
  },
  eachIndex(
    variable,
    `can(regex(${JSON.stringify(INDEX_NAME)}, name))`,
    `Every key of ${variable} must be an index name of 3-255 letters, digits, '_', '-' or '.'.`,
    oneIndex(fixture, "", "ix"),
  ),
  eachIndex(
    variable,
    `contains(${JSON.stringify(PROJECTION_TYPES)}, index.projection)`,
    `Every projection in ${variable} must be one of: ${PROJECTION_TYPES.join(", ")}.`,
    oneIndex(fixture, ', projection = "EVERYTHING"'),
  ),
  eachIndex(
    variable,
    `(index.projection == "INCLUDE") == (index.non_key_attributes != null)`,
    `In ${variable}, non_key_attributes must be given with projection INCLUDE, and only then.`,
    oneIndex(fixture, ', projection = "INCLUDE"'),
  ),
];

const PROVISIONED = { billing_mode: '"PROVISIONED"', capacity: "{ read = 5, write = 5 }" };
/** A KMS key ARN of us-west-2, for the replica tests. */
const REPLICA_KEY = ["arn", "aws", "kms", "us-west-2", "123456789012", "key/1234abcd-12ab-34cd-56ef-1234567890ab"].join(":");

const AUTOSCALING = "{ read = { min = 1, max = 10 }, write = { min = 1, max = 10 } }";

export default defineModule({
  name: "dynamodb-table",
  purpose: `
One DynamoDB table: point-in-time recovery always on, server-side encryption with its
own customer-managed KMS key (rotation on), deletion protection on by default, and
optional TTL, stream, global and local secondary indexes, and replicas in other
regions (a global table, \`replicas\`, each with a KMS key of its region). With \`PROVISIONED\`
billing the table and every global index get target-tracking autoscaling.

Key attributes, indexes and capacity are checked like the TypeScript schema checks
\`data.tables[]\`: every key attribute is declared, every declared attribute is a key
(a precondition of the table, so \`terraform plan\` reports it),
\`INCLUDE\` projections name their attributes, capacity only with \`PROVISIONED\`. Indexes
are maps keyed by index name (\`dynamic\` blocks), and autoscaling targets use
\`for_each\` keyed by index name, so adding an index never moves another.

Module-only rule: \`PROVISIONED\` needs \`autoscaling\`. The table ignores changes to
its capacity once autoscaling owns it, and Terraform's \`lifecycle\` cannot depend on
a variable; the stacks, which know the config at synth time, also allow fixed capacity.`,
  variables: {
    table_name: {
      type: "string",
      description: "Full table name, e.g. `acme-dev-chats`; the KMS key alias is `alias/<table_name>/dynamodb`.",
      validation: [
        {
          condition: `can(regex("^[A-Za-z0-9_-]{3,200}$", var.table_name))`,
          errorMessage: "table_name must be 3-200 letters, digits, '_' or '-' (it is also part of the KMS alias).",
          rejects: '"ab"',
        },
      ],
      example: '"acme-dev-chats"',
    },
    partition_key: {
      type: "string",
      description: "Partition (hash) key attribute; declare its type in `attributes`.",
      validation: [
        {
          condition: "contains(keys(var.attributes), var.partition_key)",
          errorMessage: "partition_key must be declared in attributes.",
          rejects: '"tenant_id"',
        },
      ],
      example: '"conversation_id"',
    },
    sort_key: {
      type: "string",
      description: "Sort (range) key attribute; declare its type in `attributes`. `null`: no sort key.",
      default: null,
      validation: [
        {
          condition: "var.sort_key == null ? true : contains(keys(var.attributes), var.sort_key)",
          errorMessage: "sort_key must be declared in attributes.",
          rejects: '"created_at"',
        },
      ],
    },
    attributes: {
      type: "map(string)",
      description: "Type (S, N or B) of every key attribute of the table and its indexes, by name. Only key attributes may be declared.",
      validation: [
        {
          condition: `alltrue([for name, type in var.attributes : contains(${JSON.stringify(ATTRIBUTE_TYPES)}, type)])`,
          errorMessage: `Every attribute type must be one of: ${ATTRIBUTE_TYPES.join(", ")}.`,
          rejects: '{ conversation_id = "STRING" }',
        },
      ],
      example: '{ conversation_id = "S" }',
    },
    global_secondary_indexes: {
      rules: "At most 20; names of 3-255 characters; projection ALL, KEYS_ONLY or INCLUDE (with non_key_attributes); key attributes declared in attributes.",
      type: "map(object({ partition_key = string, sort_key = optional(string), projection = optional(string, \"ALL\"), non_key_attributes = optional(list(string)) }))",
      description: "Global secondary indexes by name; their key attributes must be declared in `attributes`.",
      default: {},
      validation: [
        ...indexRules("global_secondary_indexes", 20, GSI),
        eachIndex(
          "global_secondary_indexes",
          "contains(keys(var.attributes), index.partition_key) && (index.sort_key == null ? true : contains(keys(var.attributes), index.sort_key))",
          "Every key attribute of global_secondary_indexes must be declared in attributes.",
          oneIndex(GSI, ', sort_key = "created_at"'),
        ),
      ],
    },
    local_secondary_indexes: {
      rules: "At most 5, only with a sort_key; names of 3-255 characters, unique across both index maps; projection as for global indexes; sort_key declared in attributes.",
      type: "map(object({ sort_key = string, projection = optional(string, \"ALL\"), non_key_attributes = optional(list(string)) }))",
      description: "Local secondary indexes by name: the table's partition key with another sort key. Needs a table with a sort key.",
      default: {},
      validation: [
        ...indexRules("local_secondary_indexes", 5, LSI),
        {
          condition: "length(var.local_secondary_indexes) == 0 || var.sort_key != null",
          errorMessage: "local_secondary_indexes need a table with a sort_key.",
          rejects: { value: `{ "by-time" = { ${LSI.index} } }`, with: { attributes: LSI.with.attributes } },
        },
        eachIndex(
          "local_secondary_indexes",
          "contains(keys(var.attributes), index.sort_key)",
          "Every sort_key of local_secondary_indexes must be declared in attributes.",
          { value: '{ "by-time" = { sort_key = "deleted_at" } }', with: LSI.with },
        ),
        {
          condition: "length(setintersection(keys(var.local_secondary_indexes), keys(var.global_secondary_indexes))) == 0",
          errorMessage: "Index names must be unique across global_secondary_indexes and local_secondary_indexes.",
          rejects: { value: `{ "by-time" = { ${LSI.index} } }`, with: { ...LSI.with, global_secondary_indexes: `{ "by-time" = { ${GSI.index} } }` } },
        },
      ],
    },
    ttl_attribute: {
      type: "string",
      description: "Attribute holding the expiry epoch second. `null`: no TTL.",
      default: null,
      validation: [
        { condition: "var.ttl_attribute == null ? true : length(var.ttl_attribute) > 0", errorMessage: "ttl_attribute must not be empty.", rejects: '""' },
      ],
    },
    stream: {
      type: "string",
      description: "Stream view type. `null`: no stream.",
      default: null,
      validation: [optionalOneOf("stream", STREAM_VIEW_TYPES)],
    },
    billing_mode: {
      type: "string",
      description: "`PAY_PER_REQUEST`, or `PROVISIONED` with `capacity` and `autoscaling`.",
      default: "PAY_PER_REQUEST",
      validation: [oneOf("billing_mode", BILLING_MODES)],
    },
    capacity: {
      type: "object({ read = number, write = number })",
      description: "PROVISIONED only (and required there): starting read and write capacity of the table and each global index.",
      default: null,
      validation: [
        {
          condition: '(var.billing_mode == "PROVISIONED") == (var.capacity != null)',
          errorMessage: "capacity is required with billing_mode PROVISIONED and only used there.",
          rejects: PROVISIONED.capacity,
        },
        {
          condition: "var.capacity == null ? true : var.capacity.read >= 1 && var.capacity.write >= 1 && floor(var.capacity.read) == var.capacity.read && floor(var.capacity.write) == var.capacity.write",
          errorMessage: "capacity read and write must be whole numbers of at least 1.",
          rejects: { value: "{ read = 1.5, write = 5 }", with: { billing_mode: PROVISIONED.billing_mode, autoscaling: AUTOSCALING } },
        },
      ],
    },
    autoscaling: {
      rules: "Given exactly with PROVISIONED; 1 <= min <= max for read and write, capacity within them; target 20-90 %.",
      type: "object({ read = object({ min = number, max = number }), write = object({ min = number, max = number }), target_utilization_percent = optional(number, 70) })",
      description: "PROVISIONED only (and required there in this module): target tracking of the table and each global index.",
      default: null,
      validation: [
        {
          condition: '(var.billing_mode == "PROVISIONED") == (var.autoscaling != null)',
          errorMessage: "autoscaling is required with billing_mode PROVISIONED and only used there.",
          rejects: AUTOSCALING,
        },
        {
          condition: "var.autoscaling == null ? true : alltrue([for range in [var.autoscaling.read, var.autoscaling.write] : range.min >= 1 && range.min <= range.max])",
          errorMessage: "autoscaling read and write need 1 <= min <= max.",
          rejects: { value: "{ read = { min = 0, max = 10 }, write = { min = 1, max = 10 } }", with: PROVISIONED },
        },
        {
          condition: "var.autoscaling == null ? true : var.autoscaling.target_utilization_percent >= 20 && var.autoscaling.target_utilization_percent <= 90",
          errorMessage: "autoscaling target_utilization_percent must be from 20 to 90.",
          rejects: { value: "{ read = { min = 1, max = 10 }, write = { min = 1, max = 10 }, target_utilization_percent = 95 }", with: PROVISIONED },
        },
        {
          condition:
            "var.autoscaling == null || var.capacity == null ? true : alltrue([for direction in [\"read\", \"write\"] : " +
            "var.capacity[direction] >= var.autoscaling[direction].min && var.capacity[direction] <= var.autoscaling[direction].max])",
          errorMessage: "capacity read and write must lie within the autoscaling ranges.",
          rejects: { value: "{ read = { min = 10, max = 20 }, write = { min = 1, max = 10 } }", with: PROVISIONED },
        },
      ],
    },
    table_class: {
      type: "string",
      description: "Storage class of the table.",
      default: "STANDARD",
      validation: [oneOf("table_class", TABLE_CLASSES)],
    },
    deletion_protection: {
      type: "bool",
      description: "Whether DynamoDB refuses to delete the table. Turn off only for throw-away environments.",
      default: true,
    },    replicas: {
      rules: "Keys are region names; each kms_key_arn is a KMS key ARN of that region; replicas need stream NEW_AND_OLD_IMAGES.",
      type: "map(object({ kms_key_arn = string }))",
      description:
        "Replicas in other regions (a global table), keyed by region name, each encrypted with a KMS key of that region (create it there with an aliased provider). Each has point-in-time recovery, tags propagated and the table's deletion protection. Needs `stream = \"NEW_AND_OLD_IMAGES\"`; with `PROVISIONED` billing the autoscaling above.",
      default: {},
      validation: [
        {
          condition: 'alltrue([for region in keys(var.replicas) : can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", region))])',
          errorMessage: "Every replicas key must be a region name such as us-west-2.",
          rejects: '{ "US West" = { kms_key_arn = "x" } }',
        },
        {
          condition: 'alltrue([for region, replica in var.replicas : can(regex("^arn:[a-z-]+:kms:${region}:[0-9]{12}:key/.+$", replica.kms_key_arn))])',
          errorMessage: "Every replicas kms_key_arn must be the ARN of a KMS key in the replica's own region (arn:<partition>:kms:<region>:<account>:key/<id>).",
          rejects: '{ "us-west-2" = { kms_key_arn = "alias/other" } }',
        },
        {
          condition: 'length(var.replicas) == 0 || var.stream == "NEW_AND_OLD_IMAGES"',
          errorMessage: "replicas need stream NEW_AND_OLD_IMAGES: DynamoDB global tables replicate through it.",
          rejects: { value: `{ "us-west-2" = { kms_key_arn = "${REPLICA_KEY}" } }`, with: { stream: '"KEYS_ONLY"' } },
        },
      ],
    },
  },
  tests: [
    {
      name: "secure_defaults",
      asserts: [
        { condition: 'aws_dynamodb_table.table.billing_mode == "PAY_PER_REQUEST"', errorMessage: "On-demand billing by default." },
        { condition: "aws_dynamodb_table.table.deletion_protection_enabled", errorMessage: "Deletion protection is on by default." },
        { condition: "aws_dynamodb_table.table.point_in_time_recovery[0].enabled", errorMessage: "Point-in-time recovery is always on." },
        { condition: "aws_kms_key.key.enable_key_rotation", errorMessage: "The table key rotates." },
        { condition: "length(aws_appautoscaling_target.scaling_read) == 0", errorMessage: "No autoscaling without PROVISIONED." },
      ],
    },
    {
      name: "global_indexes_and_their_autoscaling_keyed_by_name",
      variables: {
        attributes: '{ conversation_id = "S", user_id = "S", created_at = "N" }',
        global_secondary_indexes: '{ "by-user" = { partition_key = "user_id" }, "by-time" = { partition_key = "conversation_id", sort_key = "created_at" } }',
        ...PROVISIONED,
        autoscaling: AUTOSCALING,
      },
      asserts: [
        { condition: 'join(",", keys(aws_appautoscaling_target.scaling_index_read)) == "by-time,by-user"', errorMessage: "Index autoscaling targets are keyed by index name." },
        { condition: 'join(",", keys(aws_appautoscaling_target.scaling_read)) == "table"', errorMessage: "The table scales too." },
      ],
    },
    {
      name: "replicas_keyed_by_region",
      variables: { stream: '"NEW_AND_OLD_IMAGES"', replicas: `{ "us-west-2" = { kms_key_arn = "${REPLICA_KEY}" } }` },
      asserts: [
        { condition: 'one(aws_dynamodb_table.table.replica).region_name == "us-west-2"', errorMessage: "One replica per region key." },
        { condition: `one(aws_dynamodb_table.table.replica).kms_key_arn == "${REPLICA_KEY}"`, errorMessage: "The replica uses its region's key." },
        { condition: "one(aws_dynamodb_table.table.replica).point_in_time_recovery", errorMessage: "Replicas keep point-in-time recovery." },
        {
          condition: "one(aws_dynamodb_table.table.replica).deletion_protection_enabled",
          errorMessage: "Replicas have the table's deletion protection.",
        },
      ],
    },
    {
      name: "no_replicas_by_default",
      asserts: [{ condition: "length(aws_dynamodb_table.table.replica) == 0", errorMessage: "No replica unless asked for." }],
    },
    {
      name: "attributes_must_be_keys",
      variables: { attributes: '{ conversation_id = "S", title = "S" }' },
      expectFailures: ["aws_dynamodb_table.table"],
    },
  ],
  build(scope, inputs) {
    const tableName = inputs.table_name.stringValue;
    const key = new CustomerManagedKey(scope, "key", {
      alias: `${tableName}/dynamodb`,
      description: `DynamoDB table ${tableName}, its backups and stream`,
    });
    const index = (entry: MapTerraformIterator): TableIndex => ({
      name: entry.key as string,
      partitionKey: entry.getString("partition_key"),
      sortKey: entry.getString("sort_key"),
      projection: entry.getString("projection") as TableIndex["projection"],
      nonKeyAttributes: entry.getList("non_key_attributes"),
    });
    const settings: TableSettings = {
      name: tableName,
      partitionKey: inputs.partition_key.stringValue,
      sortKey: inputs.sort_key.stringValue,
      attributes: Items.of(inputs.attributes.value, (entry) => ({ name: entry.key as string, type: entry.value })),
      globalSecondaryIndexes: Items.of(inputs.global_secondary_indexes.value, index),
      localSecondaryIndexes: Items.of(inputs.local_secondary_indexes.value, index),
      ttlAttribute: inputs.ttl_attribute.stringValue,
      stream: inputs.stream.stringValue as TableSettings["stream"],
      billingMode: inputs.billing_mode.stringValue as TableSettings["billingMode"],
      capacity: inputs.capacity.value as TableSettings["capacity"],
      autoscaling: inputs.autoscaling.value as TableSettings["autoscaling"],
      tableClass: inputs.table_class.stringValue as TableSettings["tableClass"],
    };
    const { table } = new Table(scope, "table", {
      tableName,
      settings,
      kmsKeyArn: key.arn,
      deletionProtection: expr(inputs.deletion_protection.booleanValue),
      replicas: Items.of(inputs.replicas.value, (entry) => ({ name: entry.key as string, kmsKeyArn: entry.getString("kms_key_arn") })),
    });
    table.addOverride("lifecycle.precondition", [{ condition: `\${${ONLY_KEY_ATTRIBUTES.condition}}`, error_message: ONLY_KEY_ATTRIBUTES.errorMessage }]);
    return {
      table_name: { value: table.name, description: "Table name" },
      table_arn: { value: table.arn, description: "Table ARN, for IAM policies" },
      stream_arn: { value: table.streamArn, description: "Stream ARN; empty when the table has no stream" },
      kms_key_arn: { value: key.arn, description: "ARN of the KMS key that encrypts the table; readers and writers need kms:Decrypt on it" },
    };
  },
});
