import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { PolicyReport, formatSummary, suppressPolicy } from "../../src/guardrails";
import { findingsOf, guardedStack } from "../support/guardrails";

const REASON = "public website assets, served through CloudFront only";

describe("policy suppressions", () => {
  it("silence one rule on one construct path, and the report lists them with the reason", () => {
    const stack = guardedStack("dev", [{ path: "dev-test/assets", ruleId: "NET002", reason: REASON }]);
    new S3Bucket(stack, "assets", { bucket: "a" });
    new S3Bucket(stack, "documents", { bucket: "d" });
    const { violations, suppressed } = findingsOf(stack);
    expect(violations.filter((v) => v.ruleId === "NET002").map((v) => v.path)).toEqual(["dev-test/documents"]);
    expect(suppressed.map((s) => [s.path, s.ruleId, s.suppression?.reason])).toEqual([["dev-test/assets", "NET002", REASON]]);
    expect(formatSummary(PolicyReport.of(stack))).toContain(`suppressed [NET002] dev-test/assets`);
  });

  it("match `*` within a path segment, so one entry can cover every environment", () => {
    const stack = guardedStack("dev", [{ path: "*-test/assets", ruleId: "NET002", reason: REASON }]);
    new S3Bucket(stack, "assets", { bucket: "a" });
    expect(findingsOf(stack).suppressed.map((s) => s.path)).toEqual(["dev-test/assets"]);
  });

  it("can be attached in code with suppressPolicy, covering the construct and everything under it", () => {
    const stack = guardedStack("dev");
    const bucket = new S3Bucket(stack, "assets", { bucket: "a" });
    suppressPolicy(bucket, "NET002", REASON);
    expect(findingsOf(stack).violations.filter((v) => v.ruleId === "NET002")).toEqual([]);
  });

  it("do not silence other rules on the same construct", () => {
    const stack = guardedStack("dev", [{ path: "dev-test/assets", ruleId: "NET002", reason: REASON }]);
    new S3Bucket(stack, "assets", { bucket: "a" });
    expect(findingsOf(stack).violations.map((v) => v.ruleId)).toContain("ENC001");
  });

  it("must carry a reason and a known rule id", () => {
    expect(() => guardedStack("dev", [{ path: "dev-test/assets", ruleId: "NET002", reason: "" }])).toThrow(
      "policy suppression of NET002 at dev-test/assets: needs a reason of at least 20 characters",
    );
    expect(() => guardedStack("dev", [{ path: "dev-test/assets", ruleId: "NET999", reason: REASON }])).toThrow(
      /unknown rule id; known rules: ENC001, /,
    );
    const stack = guardedStack("dev");
    suppressPolicy(new S3Bucket(stack, "assets", { bucket: "a" }), "NET002", "because");
    expect(() => findingsOf(stack)).toThrow(/needs a reason/);
  });

  it("that match nothing are reported as unused", () => {
    const stack = guardedStack("dev", [{ path: "dev-test/gone", ruleId: "NET002", reason: REASON }]);
    new S3Bucket(stack, "assets", { bucket: "a" });
    findingsOf(stack);
    expect(PolicyReport.of(stack).unusedSuppressions.map((s) => s.path)).toEqual(["dev-test/gone"]);
  });

});
