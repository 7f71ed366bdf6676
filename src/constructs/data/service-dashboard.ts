import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { Construct } from "constructs";

export interface ServiceDashboardProps {
  /** Dashboard name, e.g. `llm-platform-dev-llm-api`. */
  readonly name: string;
  readonly region: string;
  /** `DBClusterIdentifier` (Aurora) or `DBInstanceIdentifier` of the database. */
  readonly databaseDimensions: Record<string, string>;
  /** The cache's member clusters (`CacheClusterId`). */
  readonly cacheClusterIds: string[];
  /** DynamoDB table names. */
  readonly tableNames: string[];
  /** Default: 60 seconds. */
  readonly periodSeconds?: number;
}

/** One CloudWatch metric line: namespace, metric, dimension pairs, then options. */
type MetricLine = (string | { readonly [option: string]: string | boolean })[];
type ExpressionLine = [{ readonly expression: string; readonly id: string; readonly label: string }];

interface Widget {
  readonly title: string;
  readonly metrics: (MetricLine | ExpressionLine)[];
  readonly stat?: string;
}

const WIDTH = 12;
const HEIGHT = 6;

/**
 * The load balancer's metrics by search: its name is chosen by the AWS Load
 * Balancer Controller, and each environment's account runs this one ALB.
 */
function albSearch(id: string, metricName: string, stat: string, period: number, label: string): ExpressionLine {
  return [
    {
      expression: `SEARCH('{AWS/ApplicationELB,LoadBalancer} MetricName="${metricName}"', '${stat}', ${period})`,
      id,
      label,
    },
  ];
}

/**
 * One CloudWatch dashboard per environment for the LLM API and its data
 * services: request rate, latency percentiles and 5xx at the load balancer,
 * database and cache load, and DynamoDB throttles.
 */
export class ServiceDashboard extends Construct {
  readonly dashboard: CloudwatchDashboard;

  constructor(scope: Construct, id: string, props: ServiceDashboardProps) {
    super(scope, id);
    const period = props.periodSeconds ?? 60;
    const [dimension, database] = Object.entries(props.databaseDimensions)[0];
    const widgets: Widget[] = [
      { title: "Requests (per period)", metrics: [albSearch("requests", "RequestCount", "Sum", period, "requests")] },
      {
        title: "Target response time (s): p50, p90, p99",
        metrics: ["p50", "p90", "p99"].map((p) => albSearch(`latency${p}`, "TargetResponseTime", p, period, p)),
      },
      {
        title: "5xx responses: application and load balancer",
        metrics: [
          albSearch("target5xx", "HTTPCode_Target_5XX_Count", "Sum", period, "application 5xx"),
          albSearch("elb5xx", "HTTPCode_ELB_5XX_Count", "Sum", period, "load balancer 5xx (incl. 504 idle timeouts)"),
        ],
      },
      {
        title: "Database: CPU (%) and connections",
        stat: "Average",
        metrics: [
          ["AWS/RDS", "CPUUtilization", dimension, database],
          ["AWS/RDS", "DatabaseConnections", dimension, database, { yAxis: "right", stat: "Maximum" }],
        ],
      },
      {
        title: "Cache: engine CPU and memory (%)",
        stat: "Average",
        metrics: props.cacheClusterIds.flatMap((cluster) => [
          ["AWS/ElastiCache", "EngineCPUUtilization", "CacheClusterId", cluster],
          ["AWS/ElastiCache", "DatabaseMemoryUsagePercentage", "CacheClusterId", cluster],
        ]),
      },
      {
        title: "DynamoDB throttled requests",
        stat: "Sum",
        metrics: props.tableNames.flatMap((table) => [
          ["AWS/DynamoDB", "ReadThrottleEvents", "TableName", table],
          ["AWS/DynamoDB", "WriteThrottleEvents", "TableName", table],
        ]),
      },
    ];
    this.dashboard = new CloudwatchDashboard(this, "dashboard", {
      dashboardName: props.name,
      dashboardBody: JSON.stringify({
        widgets: widgets.map((widget, index) => ({
          type: "metric",
          x: (index % 2) * WIDTH,
          y: Math.floor(index / 2) * HEIGHT,
          width: WIDTH,
          height: HEIGHT,
          properties: {
            title: widget.title,
            region: props.region,
            view: "timeSeries",
            period,
            ...(widget.stat ? { stat: widget.stat } : {}),
            metrics: widget.metrics,
          },
        })),
      }),
    });
  }
}
