import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import {
  MIN_REASON_LENGTH,
  PolicyReport,
  PolicySuppression,
  covers,
  formatSummary,
  formatViolations,
  suppressPolicy,
  validateSuppression,
} from "../../src/guardrails";
import { findingsOf, guardedStack } from "../support/guardrails";
import { SynthesizedStack } from "../support/synth";

const REASON = "public website assets, served through CloudFront only";
const PUBLIC_ACCESS = "aws_s3_bucket_public_access_block";
const assets = (path = "dev-test/assets", appliesTo: PolicySuppression["appliesTo"] = [PUBLIC_ACCESS]): PolicySuppression => ({
  path,
  ruleId: "NET002",
  appliesTo,
  reason: REASON,
});

describe("policy suppressions", () => {
  it("silence the listed findings of one rule on one construct path, and the report lists them with the reason", () => {
    const stack = guardedStack("dev", [assets()]);
    new S3Bucket(stack, "assets", { bucket: "a" });
    new S3Bucket(stack, "documents", { bucket: "d" });
    const { violations, suppressed } = findingsOf(stack);
    expect(violations.filter((v) => v.ruleId === "NET002").map((v) => v.path)).toEqual(["dev-test/documents"]);
    expect(suppressed.map((s) => [s.path, s.ruleId, s.finding, s.suppression?.reason])).toEqual([["dev-test/assets", "NET002", PUBLIC_ACCESS, REASON]]);
    expect(formatSummary(PolicyReport.of(stack))).toContain(
      `  - suppressed [NET002[${PUBLIC_ACCESS}]] dev-test/assets: no aws_s3_bucket_public_access_block blocks all public access to it (reason: ${REASON})`,
    );
    expect(PolicyReport.of(stack).toJson()).toMatchObject({
      suppressed: [{ ruleId: "NET002", finding: PUBLIC_ACCESS, path: "dev-test/assets", suppression: { appliesTo: [PUBLIC_ACCESS], reason: REASON } }],
    });
  });

  it("do not silence another finding of the same rule on the same construct", () => {
    const cluster = (suppression: PolicySuppression) => {
      const stack = guardedStack("dev", [suppression]);
      new EksCluster(stack, "cluster", {
        name: "c",
        roleArn: "arn:aws:iam::123456789012:role/c",
        vpcConfig: { subnetIds: ["s"], endpointPrivateAccess: false, endpointPublicAccess: true },
      });
      const { violations, suppressed } = findingsOf(stack);
      return { violations: violations.filter((v) => v.ruleId === "NET003").map((v) => v.finding), suppressed: suppressed.map((s) => s.finding) };
    };
    const publicOnly = { path: "dev-test/cluster", ruleId: "NET003", appliesTo: ["vpc_config.endpoint_public_access"], reason: REASON };
    expect(cluster(publicOnly)).toEqual({
      violations: ["vpc_config.endpoint_private_access"],
      suppressed: ["vpc_config.endpoint_public_access"],
    });
    expect(cluster({ ...publicOnly, appliesTo: "all" })).toEqual({
      violations: [],
      suppressed: ["vpc_config.endpoint_private_access", "vpc_config.endpoint_public_access"],
    });
  });

  it("are recorded in the `//` metadata of the resource in the synthesized output, and nowhere else", () => {
    const stack = guardedStack("dev", [assets()]);
    new S3Bucket(stack, "assets", { bucket: "a" });
    new S3Bucket(stack, "documents", { bucket: "d" });
    findingsOf(stack);
    const json = stack.toTerraform() as SynthesizedStack; // with cdktf's `//` metadata, as written to cdk.tf.json
    expect(json.resource!.aws_s3_bucket.assets["//"].policy_suppressions).toEqual([{ rule: "NET002", finding: PUBLIC_ACCESS, reason: REASON }]);
    expect(json.resource!.aws_s3_bucket.assets["//"].metadata.path).toBe("dev-test/assets");
    expect(json.resource!.aws_s3_bucket.documents["//"].policy_suppressions).toBeUndefined();
  });

  it("match `*` within a path segment, so one entry can cover every environment", () => {
    const stack = guardedStack("dev", [assets("*-test/assets")]);
    new S3Bucket(stack, "assets", { bucket: "a" });
    expect(findingsOf(stack).suppressed.map((s) => s.path)).toEqual(["dev-test/assets"]);
  });

  it("can be attached in code with suppressPolicy, covering the construct and everything under it", () => {
    const stack = guardedStack("dev");
    const bucket = new S3Bucket(stack, "assets", { bucket: "a" });
    suppressPolicy(bucket, "NET002", REASON, [PUBLIC_ACCESS]);
    expect(findingsOf(stack).violations.filter((v) => v.ruleId === "NET002")).toEqual([]);
  });

  it("do not silence other rules on the same construct", () => {
    const stack = guardedStack("dev", [assets("dev-test/assets", "all")]);
    new S3Bucket(stack, "assets", { bucket: "a" });
    expect(findingsOf(stack).violations.map((v) => v.ruleId)).toContain("ENC001");
  });

  it("must carry a reason, a known rule id and the findings they apply to", () => {
    expect(() => guardedStack("dev", [{ ...assets(), reason: "" }])).toThrow(
      "policy suppression of NET002 at dev-test/assets: needs a reason of at least 20 characters",
    );
    expect(() => guardedStack("dev", [{ ...assets(), ruleId: "NET999" }])).toThrow(/unknown rule id; known rules: ENC001, /);
    expect(() => guardedStack("dev", [{ ...assets(), path: "" }])).toThrow("policy suppression of NET002 at (no path): needs the construct path");
    for (const appliesTo of [[], [""], undefined, "every"]) {
      expect(() => guardedStack("dev", [{ ...assets(), appliesTo: appliesTo as PolicySuppression["appliesTo"] }])).toThrow(
        'policy suppression of NET002 at dev-test/assets: appliesTo must list the finding ids it accepts, or be "all"',
      );
    }
    const stack = guardedStack("dev");
    suppressPolicy(new S3Bucket(stack, "assets", { bucket: "a" }), "NET002", "because", [PUBLIC_ACCESS]);
    expect(() => findingsOf(stack)).toThrow(/needs a reason/);
  });

  it("that match nothing are reported as unused, with what they apply to", () => {
    const stack = guardedStack("dev", [assets("dev-test/gone"), assets("dev-test/assets", ["a-finding-that-never-happens"])]);
    new S3Bucket(stack, "assets", { bucket: "a" });
    findingsOf(stack);
    const report = PolicyReport.of(stack);
    expect(report.unusedSuppressions.map((s) => s.path)).toEqual(["dev-test/assets", "dev-test/gone"]);
    expect(formatSummary(report)).toContain("  - unused suppression [NET002: a-finding-that-never-happens] dev-test/assets: matches nothing; remove it");
    expect(formatSummary(report)).toContain(`  - unused suppression [NET002: ${PUBLIC_ACCESS}] dev-test/gone: matches nothing; remove it`);
  });

  it("are named by rule and finding in the violation text, so the suppression to write is plain", () => {
    const stack = guardedStack("dev");
    new S3Bucket(stack, "assets", { bucket: "a" });
    const { violations } = findingsOf(stack);
    expect(formatViolations(violations.filter((v) => v.ruleId === "NET002"))).toContain(
      `  - [NET002[${PUBLIC_ACCESS}] critical] dev-test/assets (aws_s3_bucket.assets): no aws_s3_bucket_public_access_block`,
    );
  });

  it("count each finding once however often the aspects run", () => {
    const stack = guardedStack("dev", [assets()]);
    new S3Bucket(stack, "assets", { bucket: "a" });
    findingsOf(stack);
    const before = PolicyReport.of(stack).toJson();
    findingsOf(stack);
    expect(PolicyReport.of(stack).toJson()).toEqual(before);
    expect((stack.toTerraform() as SynthesizedStack).resource!.aws_s3_bucket.assets["//"].policy_suppressions).toHaveLength(1);
  });

  it("need a reason of MIN_REASON_LENGTH characters not counting surrounding spaces, and every listed finding id a non-empty string", () => {
    const known = ["NET002"];
    expect(() => validateSuppression({ ...assets(), reason: "r".repeat(MIN_REASON_LENGTH) }, known)).not.toThrow();
    for (const reason of ["r".repeat(MIN_REASON_LENGTH - 1), ` ${"r".repeat(MIN_REASON_LENGTH - 1)} `, undefined]) {
      expect(() => validateSuppression({ ...assets(), reason: reason as string }, known)).toThrow("needs a reason of at least 20 characters");
    }
    for (const appliesTo of [[PUBLIC_ACCESS, ""], [42]]) {
      expect(() => validateSuppression({ ...assets(), appliesTo: appliesTo as string[] }, known)).toThrow("appliesTo must list the finding ids");
    }
    expect(() => validateSuppression({ ...assets(), ruleId: "" }, known)).toThrow("policy suppression of (no rule id) at dev-test/assets: unknown rule id");
  });

  it("match a path literally apart from `*`: a dot is a dot", () => {
    expect(covers(assets("dev-test/assets.v1"), "dev-test/assets.v1/bucket")).toBe(true);
    expect(covers(assets("dev-test/assets.v1"), "dev-test/assetsXv1")).toBe(false);
  });
});
