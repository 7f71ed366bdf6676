import { Testing } from "cdktf";
import { addEnvironment } from "../../src/app";
import { patchErrorText, configOf } from "../support/environments";
import { dataAt, resourceAt, resourcesOf, synthStack } from "../support/synth";
import { FAKE_DATA, synthWorkloads } from "../support/workloads";

function alarmsByName(json: ReturnType<typeof synthStack>): Record<string, any> {
  return Object.fromEntries(Object.values(resourcesOf(json, "aws_cloudwatch_metric_alarm")).map((alarm) => [alarm.alarm_name, alarm]));
}

describe("service-level alarms", () => {
  describe("data layer", () => {
    const prod = alarmsByName(synthStack(addEnvironment(Testing.app(), configOf("prod")).data));

    it("alarms on a low cache hit rate and on cache read and write latency, per node", () => {
      for (const node of ["001", "002", "003"]) {
        expect(prod[`llm-platform-prod-cache-hit-rate-${node}`]).toMatchObject({
          metric_name: "CacheHitRate",
          namespace: "AWS/ElastiCache",
          comparison_operator: "LessThanThreshold",
          threshold: 90,
          dimensions: { CacheClusterId: `llm-platform-prod-cache-${node}` },
          treat_missing_data: "notBreaching",
        });
        expect(prod[`llm-platform-prod-cache-read-latency-${node}`]).toMatchObject({ metric_name: "SuccessfulReadRequestLatency", threshold: 1000 });
        expect(prod[`llm-platform-prod-cache-write-latency-${node}`]).toMatchObject({ metric_name: "SuccessfulWriteRequestLatency", threshold: 1000 });
      }
    });

    it("alarms on database read and write latency, in seconds as RDS reports them", () => {
      expect(prod["llm-platform-prod-database-read-latency"]).toMatchObject({
        metric_name: "ReadLatency",
        threshold: 0.02,
        dimensions: { DBClusterIdentifier: "llm-platform-prod-postgres" },
      });
      expect(prod["llm-platform-prod-database-write-latency"]).toMatchObject({ metric_name: "WriteLatency", threshold: 0.05 });
    });

    it("takes thresholds from config", () => {
      const dev = alarmsByName(
        synthStack(
          addEnvironment(
            Testing.app(),
            configOf("dev", { data: { alarms: { cache: { hitRatePercent: 75, requestLatencyMicroseconds: 500 }, database: { readLatencyMs: 5 } } } }),
          ).data,
        ),
      );
      expect(dev["llm-platform-dev-cache-hit-rate-001"].threshold).toBe(75);
      expect(dev["llm-platform-dev-cache-read-latency-001"].threshold).toBe(500);
      expect(dev["llm-platform-dev-database-read-latency"].threshold).toBe(0.005);
    });
  });

  describe("load balancer", () => {
    const json = synthWorkloads("prod");
    const alarms = alarmsByName(json);

    it("finds the controller's load balancer by its cluster and Ingress tags, after the Ingress waited for it", () => {
      const lb = dataAt(json, "aws_lb", "load-balancer-alarms/load-balancer");
      expect(lb.tags).toEqual({ "elbv2.k8s.aws/cluster": "llm-platform-test", "ingress.k8s.aws/stack": expect.stringMatching(/\/llm-api$/) });
      expect(lb.depends_on).toEqual([expect.stringMatching(/^kubernetes_ingress_v1\.application_exposure_ingress_/)]);
      expect(resourceAt(json, "kubernetes_ingress_v1", "application/exposure/ingress").wait_for_load_balancer).toBe(true);
    });

    it("alarms on the 5xx rate and the p95 and p99 target response time, notifying the data layer's topic", () => {
      const rate = alarms["llm-platform-prod-lb-5xx-rate"];
      expect(rate.threshold).toBe(1);
      const queries = Object.fromEntries(rate.metric_query.map((query: any) => [query.id, query]));
      expect(queries.total.expression).toBe("IF(requests > 0, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests, 0)");
      expect(queries.requests.metric).toMatchObject({ metric_name: "RequestCount", stat: "Sum" });
      expect(queries.elb5xx.metric.dimensions.LoadBalancer).toMatch(/data\.aws_lb\.load-balancer-alarms_load-balancer_.*\.arn_suffix/);
      expect(alarms["llm-platform-prod-lb-response-time-p95"]).toMatchObject({
        metric_name: "TargetResponseTime",
        extended_statistic: "p95",
        threshold: 1,
      });
      expect(alarms["llm-platform-prod-lb-response-time-p95"]).not.toHaveProperty("statistic");
      expect(alarms["llm-platform-prod-lb-response-time-p99"]).toMatchObject({ extended_statistic: "p99", threshold: 3 });
      for (const alarm of Object.values(alarms)) {
        expect(alarm.alarm_actions).toEqual([FAKE_DATA.alarms.arn]);
        expect(alarm.ok_actions).toEqual([FAKE_DATA.alarms.arn]);
      }
    });

    it("takes its thresholds from data.alarms.loadBalancer and rejects nonsense", () => {
      const custom = alarmsByName(synthWorkloads("dev", { data: { alarms: { loadBalancer: { error5xxPercent: 5, responseTimeP99Ms: 10000 } } } }));
      expect(custom["llm-platform-dev-lb-5xx-rate"].threshold).toBe(5);
      expect(custom["llm-platform-dev-lb-response-time-p99"].threshold).toBe(10);
      expect(patchErrorText("dev", { data: { alarms: { loadBalancer: { error5xxPercent: 0 } } } })).toContain(
        "data.alarms.loadBalancer.error5xxPercent: got 0",
      );
    });
  });
});
