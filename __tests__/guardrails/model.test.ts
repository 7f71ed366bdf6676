import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DataAwsKmsKey } from "@cdktf/provider-aws/lib/data-aws-kms-key";
import { DataAwsS3Bucket } from "@cdktf/provider-aws/lib/data-aws-s3-bucket";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { App, TerraformOutput, TerraformStack } from "cdktf";
import { StackModel, blocks, isReference, list, numberOf, references, synthesizedElement } from "../../src/guardrails";

describe("the synthesized model the rules read", () => {
  it("holds the resources and data sources of its own stack only, with providers by type and alias", () => {
    const app = new App();
    const [stack, other] = ["dev-a", "dev-b"].map((id) => new TerraformStack(app, id));
    new AwsProvider(stack, "aws", { region: "us-east-1" });
    new AwsProvider(stack, "east", { region: "us-east-2", alias: "east" });
    new S3Bucket(stack, "bucket", {});
    new S3Bucket(other, "elsewhere", {});
    new TerraformOutput(stack, "out", { value: "x" });
    new DataAwsS3Bucket(stack, "looked-up", { bucket: "other" });
    new DataAwsKmsKey(stack, "key", { keyId: "alias/aws/s3" });
    const model = StackModel.of(stack);
    expect(model.ofType("aws_s3_bucket").map((element) => element.address)).toEqual(["aws_s3_bucket.bucket", "data.aws_s3_bucket.looked-up"]);
    expect(model.ofType("aws_kms_key")).toEqual([expect.objectContaining({ kind: "data", config: expect.objectContaining({ key_id: "alias/aws/s3" }) })]);
    expect(model.ofType("aws_vpc")).toEqual([]);
    // Resolved once per type, on the first question.
    expect(model.ofType("aws_s3_bucket")).toBe(model.ofType("aws_s3_bucket"));
    expect(model.providers).toBe(model.providers);
    expect([...model.providers.keys()]).toEqual(["aws", "aws.east"]);
    expect(model.providers.get("aws.east")).toMatchObject({ region: "us-east-2" });
  });

  it("leaves out the elements of a stack nested in it, and a resource moved away", () => {
    const stack = new TerraformStack(new App(), "dev-a");
    new S3Bucket(stack, "bucket", {});
    new S3Bucket(new TerraformStack(stack, "nested"), "inner", {});
    new S3Bucket(stack, "renamed", {}).addMoveTarget("new-home");
    new S3Bucket(stack, "old", {}).moveTo("new-home");
    // toStrictEqual: toEqual passes a list with an extra undefined address.
    expect(
      StackModel.of(stack)
        .ofType("aws_s3_bucket")
        .map((element) => element.address),
    ).toStrictEqual(["aws_s3_bucket.bucket", "aws_s3_bucket.renamed"]);
  });

  it("has no element for what is not a resource or data source, or a resource moved away", () => {
    const stack = new TerraformStack(new App(), "dev-a");
    expect(synthesizedElement(new TerraformOutput(stack, "out", { value: "x" }))).toBeUndefined();
    expect(synthesizedElement(stack)).toBeUndefined();
    const bucket = new S3Bucket(stack, "bucket", {});
    bucket.addOverride("count", 0);
    expect(synthesizedElement(bucket)).toMatchObject({ address: "aws_s3_bucket.bucket", kind: "resource" });
  });
});

describe("the model's value helpers", () => {
  it("isReference: only strings holding ${", () => {
    expect(isReference("${aws_s3_bucket.b.id}")).toBe(true);
    expect(isReference("plain")).toBe(false);
    expect(isReference(["${aws_s3_bucket.b.id}"])).toBe(false);
    expect(isReference({ a: "${x}" })).toBe(false);
  });

  it("references: finds the address in any string of nested lists and objects, not in a literal or a longer name", () => {
    const address = "aws_s3_bucket.b";
    expect(references({ a: [{ b: ["x", "${aws_s3_bucket.b.id}"] }] }, address)).toBe(true);
    expect(references(["x", "${aws_s3_bucket.b.id}"], address)).toBe(true);
    expect(references({ a: "${aws_s3_bucket.bb.id}" }, address)).toBe(false);
    expect(references("aws_s3_bucket.b", address)).toBe(false);
    expect(references([null, 1, true], address)).toBe(false);
    expect(references(null, address)).toBe(false);
  });

  it("blocks: a block or a list of blocks as a list, without scalars", () => {
    expect(blocks(undefined)).toEqual([]);
    expect(blocks(null)).toEqual([]);
    expect(blocks({ a: 1 })).toEqual([{ a: 1 }]);
    expect(blocks([{ a: 1 }, "x", null, 0, { b: 2 }])).toEqual([{ a: 1 }, { b: 2 }]);
    expect(blocks("x")).toEqual([]);
  });

  it("list: a scalar or a list as a list", () => {
    expect(list(undefined)).toEqual([]);
    expect(list(null)).toEqual([]);
    expect(list("a")).toEqual(["a"]);
    expect(list(["a", "b"])).toEqual(["a", "b"]);
    expect(list(0)).toEqual([0]);
  });

  it("numberOf: numbers and digit strings; references, other text and absence are no number", () => {
    expect(numberOf(7)).toBe(7);
    expect(numberOf("14")).toBe(14);
    for (const value of [undefined, "${var.days}", "7 days", "x7", "", true, ["7"]]) expect(numberOf(value)).toBeUndefined();
  });
});
