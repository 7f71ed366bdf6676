import { AppautoscalingPolicy } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { Construct } from "constructs";
import type { TableConfig } from "../../config/schema/data";

export interface DynamoTableProps {
  /** Full table name, e.g. `llm-platform-dev-chats`. */
  readonly tableName: string;
  /** Keys, indexes, TTL, stream and billing; defaults are those of the `data.tables[]` schema. */
  readonly settings: TableConfig;
  /** Server-side encryption key. */
  readonly kmsKeyArn: string;
  /** Default: false. */
  readonly deletionProtection?: boolean;
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
export class DynamoTable extends Construct {
  readonly table: DynamodbTable;

  constructor(scope: Construct, id: string, props: DynamoTableProps) {
    super(scope, id);
    const { settings } = props;
    const capacity = settings.billingMode === "PROVISIONED" ? settings.capacity : undefined;
    this.table = new DynamodbTable(this, "table", {
      name: props.tableName,
      billingMode: settings.billingMode,
      tableClass: settings.tableClass,
      hashKey: settings.partitionKey,
      rangeKey: settings.sortKey,
      readCapacity: capacity?.read,
      writeCapacity: capacity?.write,
      attribute: Object.entries(settings.attributes).map(([name, type]) => ({ name, type })),
      globalSecondaryIndex: settings.globalSecondaryIndexes.map((index) => ({
        name: index.name,
        hashKey: index.partitionKey,
        rangeKey: index.sortKey,
        projectionType: index.projection,
        nonKeyAttributes: index.nonKeyAttributes,
        readCapacity: capacity?.read,
        writeCapacity: capacity?.write,
      })),
      localSecondaryIndex: settings.localSecondaryIndexes.map((index) => ({
        name: index.name,
        rangeKey: index.sortKey!,
        projectionType: index.projection,
        nonKeyAttributes: index.nonKeyAttributes,
      })),
      ttl: settings.ttlAttribute ? { enabled: true, attributeName: settings.ttlAttribute } : undefined,
      streamEnabled: settings.stream !== undefined,
      streamViewType: settings.stream,
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn: props.kmsKeyArn },
      deletionProtectionEnabled: props.deletionProtection ?? false,
      // Autoscaling owns the table's capacity once it is on.
      lifecycle: settings.autoscaling ? { ignoreChanges: ["read_capacity", "write_capacity"] } : undefined,
    });
    if (!settings.autoscaling) return;
    const scaling = settings.autoscaling;
    const scaled = [
      { id: "table", resourceId: `table/${props.tableName}`, dimension: "table" },
      ...settings.globalSecondaryIndexes.map((index) => ({
        id: `index-${index.name}`,
        resourceId: `table/${props.tableName}/index/${index.name}`,
        dimension: "index",
      })),
    ];
    for (const target of scaled) {
      for (const direction of ["read", "write"] as const) {
        const scalable = new AppautoscalingTarget(this, `scaling-${target.id}-${direction}`, {
          serviceNamespace: "dynamodb",
          resourceId: target.resourceId,
          scalableDimension: `dynamodb:${target.dimension}:${CAPITALIZED[direction]}CapacityUnits`,
          minCapacity: scaling[direction].min,
          maxCapacity: scaling[direction].max,
          dependsOn: [this.table],
        });
        new AppautoscalingPolicy(this, `scaling-policy-${target.id}-${direction}`, {
          name: `${props.tableName}-${target.id}-${direction}`,
          policyType: "TargetTrackingScaling",
          serviceNamespace: scalable.serviceNamespace,
          resourceId: scalable.resourceId,
          scalableDimension: scalable.scalableDimension,
          targetTrackingScalingPolicyConfiguration: {
            targetValue: scaling.targetUtilizationPercent,
            predefinedMetricSpecification: {
              predefinedMetricType: `DynamoDB${CAPITALIZED[direction]}CapacityUtilization`,
            },
          },
        });
      }
    }
  }
}
