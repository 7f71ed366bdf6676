import { AppautoscalingPolicy } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import {
  DynamodbTable,
  DynamodbTableAttribute,
  DynamodbTableGlobalSecondaryIndex,
  DynamodbTableLocalSecondaryIndex,
  DynamodbTableReplica,
  dynamodbTableAttributeToTerraform,
  dynamodbTableGlobalSecondaryIndexToTerraform,
  dynamodbTableLocalSecondaryIndexToTerraform,
  dynamodbTableReplicaToTerraform,
} from "@cdktf/provider-aws/lib/dynamodb-table";
import { Construct } from "constructs";
import type { TableConfig } from "../../config/schema/data";
import type { TableRef } from "../../contracts";
import { Items } from "../expressions/items";
import { Names } from "../expressions/names";
import { Value, isKnown } from "../expressions/expression";
import { fieldOf, isSet, path } from "../expressions/values";
import { TableGrants } from "./grants";

/** One secondary index of {@link TableSettings}. */
export type TableIndex = TableConfig["globalSecondaryIndexes"][number];
/** One key attribute: name and type (S, N or B). */
export interface TableAttribute {
  readonly name: string;
  readonly type: TableConfig["attributes"][string];
}

/**
 * A table's settings: the parsed `data.tables[]` config (stacks), or the same
 * shape with module variables in it (modules), where the collections are
 * {@link Items} keyed by name and optional fields may be `null` at apply time.
 */
export type TableSettings = Omit<TableConfig, "attributes" | "globalSecondaryIndexes" | "localSecondaryIndexes"> & {
  readonly attributes: TableConfig["attributes"] | Items<TableAttribute>;
  readonly globalSecondaryIndexes: readonly TableIndex[] | Items<TableIndex>;
  readonly localSecondaryIndexes: readonly TableIndex[] | Items<TableIndex>;
};

export interface TableProps {
  /** Full table name, e.g. `llm-platform-dev-chats`. */
  readonly tableName: string;
  /** Keys, indexes, TTL, stream and billing; defaults are those of the `data.tables[]` schema. */
  readonly settings: TableSettings;
  /** Server-side encryption key. */
  readonly kmsKeyArn: string;
  /**
   * AWS refuses to delete the table while this is on. Default: true. The data
   * stack passes `data.deletionProtection` (default: on in prod only), the
   * module its `deletion_protection` variable (default: true).
   */
  readonly deletionProtection?: Value<boolean>;
  /**
   * Replicas in other regions (a global table), each with its own region's key,
   * keyed by region: a list in stacks, `Items.of(var.replicas)` in a module.
   * Default: none.
   */
  readonly replicas?: readonly TableReplica[] | Items<TableReplica>;
}

/** A replica of a global table: `name` is its region. */
export interface TableReplica {
  /** The region, e.g. `us-west-2`. */
  readonly name: string;
  /** A KMS key of that region. */
  readonly kmsKeyArn: string;
}

type Direction = "read" | "write";
const CAPITALIZED: Record<Direction, string> = { read: "Read", write: "Write" };

/**
 * A DynamoDB table: point-in-time recovery always on, SSE with the CMK,
 * optional deletion protection, stream and TTL, and with PROVISIONED billing
 * optional target-tracking autoscaling of the table and every GSI. The table
 * is one resource whatever the billing mode, so turning autoscaling on or off
 * never moves it to another address.
 */
export class Table extends Construct {
  readonly table: DynamodbTable;
  /** What grants and other layers need: ARN, key, indexes, stream. */
  readonly ref: TableRef;

  constructor(scope: Construct, id: string, props: TableProps) {
    super(scope, id);
    const { settings } = props;
    const attributes =
      settings.attributes instanceof Items ? settings.attributes : Items.known(Object.entries(settings.attributes).map(([name, type]) => ({ name, type })));
    const globalIndexes = Items.from(settings.globalSecondaryIndexes);
    const localIndexes = Items.from(settings.localSecondaryIndexes);
    // Known billing: capacity only with PROVISIONED; in a module the variables' validation ties them together.
    const capacity = isKnown(settings.billingMode) && settings.billingMode !== "PROVISIONED" ? undefined : settings.capacity;
    const autoscaling = settings.autoscaling;
    this.table = new DynamodbTable(this, "table", {
      name: props.tableName,
      billingMode: settings.billingMode,
      tableClass: settings.tableClass,
      hashKey: settings.partitionKey,
      rangeKey: settings.sortKey,
      readCapacity: fieldOf(capacity, "read"),
      writeCapacity: fieldOf(capacity, "write"),
      attribute: attributes.blocks<DynamodbTableAttribute>(({ name, type }) => ({ name, type }), dynamodbTableAttributeToTerraform),
      globalSecondaryIndex: globalIndexes.blocks<DynamodbTableGlobalSecondaryIndex>(
        (index) => ({
          name: index.name,
          hashKey: index.partitionKey,
          rangeKey: index.sortKey,
          projectionType: index.projection,
          nonKeyAttributes: index.nonKeyAttributes,
          readCapacity: fieldOf(capacity, "read"),
          writeCapacity: fieldOf(capacity, "write"),
        }),
        dynamodbTableGlobalSecondaryIndexToTerraform,
      ),
      localSecondaryIndex: localIndexes.blocks<DynamodbTableLocalSecondaryIndex>(
        (index) => ({
          name: index.name,
          rangeKey: index.sortKey!,
          projectionType: index.projection,
          nonKeyAttributes: index.nonKeyAttributes,
        }),
        dynamodbTableLocalSecondaryIndexToTerraform,
      ),
      ttl: isKnown(settings.ttlAttribute)
        ? settings.ttlAttribute
          ? { enabled: true, attributeName: settings.ttlAttribute }
          : undefined
        : { enabled: isSet(settings.ttlAttribute), attributeName: settings.ttlAttribute },
      streamEnabled: isSet(settings.stream),
      streamViewType: settings.stream,
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn: props.kmsKeyArn },
      deletionProtectionEnabled: props.deletionProtection ?? true,
      replica:
        props.replicas &&
        Items.from(props.replicas).blocks<DynamodbTableReplica>(
          (replica) => ({
            regionName: replica.name,
            kmsKeyArn: replica.kmsKeyArn,
            pointInTimeRecovery: true,
            propagateTags: true,
            deletionProtectionEnabled: props.deletionProtection ?? true,
          }),
          dynamodbTableReplicaToTerraform,
        ),
      // Autoscaling owns the table's capacity once it is on. Terraform's lifecycle
      // cannot depend on a variable, so a module that may autoscale always ignores it.
      lifecycle: autoscaling ? { ignoreChanges: ["read_capacity", "write_capacity"] } : undefined,
    });
    this.ref = {
      name: this.table.name,
      arn: this.table.arn,
      key: { arn: props.kmsKeyArn },
      // A module's indexes are a variable: assume some.
      hasIndexes: [settings.globalSecondaryIndexes, settings.localSecondaryIndexes].some((indexes) => !Array.isArray(indexes) || indexes.length > 0),
      streamArn: settings.stream === undefined ? undefined : this.table.streamArn,
    };
    if (!autoscaling) return;
    const scaled = isSet(autoscaling);
    // Targets keyed `table` and `index-<name>`; in a module, only when var.autoscaling is set.
    this.scale(props.tableName, autoscaling, Names.known(["table"]).onlyIf(scaled), "table");
    this.scale(props.tableName, autoscaling, globalIndexes.names.onlyIf(scaled), "index");
  }

  /** Grants on the table's data and stream. */
  get grants(): TableGrants {
    return new TableGrants(this.ref);
  }

  /** Read and write target tracking of the table or of each index (`kind`), per name. */
  private scale(tableName: string, scaling: TableAutoscaling, names: Names, kind: "table" | "index"): void {
    names.each(this, (target) => {
      const id = kind === "table" ? target.name : `index-${target.name}`;
      const idPattern = kind === "table" ? "{}" : "index-{}";
      const resourceId = kind === "table" ? `table/${tableName}` : `table/${tableName}/index/${target.name}`;
      let policy: AppautoscalingPolicy | undefined;
      for (const direction of ["read", "write"] as const) {
        const scalable = new AppautoscalingTarget(this, target.id(`scaling-${idPattern}-${direction}`), {
          serviceNamespace: "dynamodb",
          resourceId,
          scalableDimension: `dynamodb:${kind}:${CAPITALIZED[direction]}CapacityUnits`,
          minCapacity: path(scaling, direction, "min"),
          maxCapacity: path(scaling, direction, "max"),
          dependsOn: [this.table],
        });
        policy = new AppautoscalingPolicy(this, target.id(`scaling-policy-${idPattern}-${direction}`), {
          name: `${tableName}-${id}-${direction}`,
          policyType: "TargetTrackingScaling",
          serviceNamespace: target.attr(scalable, "service_namespace"),
          resourceId: target.attr(scalable, "resource_id"),
          scalableDimension: target.attr(scalable, "scalable_dimension"),
          targetTrackingScalingPolicyConfiguration: {
            targetValue: path(scaling, "targetUtilizationPercent"),
            predefinedMetricSpecification: {
              predefinedMetricType: `DynamoDB${CAPITALIZED[direction]}CapacityUtilization`,
            },
          },
        });
      }
      return policy!;
    });
  }
}

type TableAutoscaling = NonNullable<TableConfig["autoscaling"]>;
