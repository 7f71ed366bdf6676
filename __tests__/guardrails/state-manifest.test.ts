import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { App, Aspects, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { PreventDestroyAspect } from "../../src/guardrails";
import { appState, manifestProblems, stackState, stackStateOf, updatedManifest } from "../../src/guardrails/state-manifest";
import { synthStack } from "../support/synth";

describe("a stack or environment that is no longer synthesized", () => {
  const recorded = updatedManifest(undefined, {
    "dev-data": { addresses: ["aws_dynamodb_table.a", "aws_s3_bucket.b"], moved: {} },
    "prod-data": { addresses: ["aws_dynamodb_table.a", "aws_s3_bucket.b"], moved: {} },
    "prod-network": { addresses: ["aws_vpc.vpc"], moved: {} },
  });

  it("fails the check with every stateful address it held", () => {
    const devOnly = { "dev-data": { addresses: ["aws_dynamodb_table.a", "aws_s3_bucket.b"], moved: {} } };
    expect(manifestProblems(recorded, devOnly)).toEqual([
      expect.stringMatching(
        /^prod-data: aws_dynamodb_table\.a is in a stack that is no longer synthesized .*--allow-destroy prod-data\/aws_dynamodb_table\.a`$/,
      ),
      expect.stringMatching(/^prod-data: aws_s3_bucket\.b is in a stack that is no longer synthesized/),
      expect.stringMatching(/^prod-network: aws_vpc\.vpc is in a stack that is no longer synthesized/),
    ]);
  });

  it("names each address it refuses to drop on its own line, and the way out", () => {
    let message = "";
    try {
      updatedManifest(recorded, {});
    } catch (error) {
      message = (error as Error).message;
    }
    const lines = message.split("\n");
    expect(lines[0]).toMatch(/^These stateful resources would be destroyed/);
    expect(lines.slice(1, -1).map((line) => line.split(" ").slice(0, 5).join(" "))).toEqual([
      "  - dev-data: aws_dynamodb_table.a",
      "  - dev-data: aws_s3_bucket.b",
      "  - prod-data: aws_dynamodb_table.a",
      "  - prod-data: aws_s3_bucket.b",
      "  - prod-network: aws_vpc.vpc",
    ]);
    expect(lines[lines.length - 1]).toBe(
      "Declare the move (resource.moveFromId / moveTo), or, if destroying them is intended, pass each one with --allow-destroy <stack>/<address>.",
    );
  });

  it("cannot be dropped from the manifest without allowing each address", () => {
    const withoutNetwork = {
      "dev-data": { addresses: ["aws_dynamodb_table.a", "aws_s3_bucket.b"], moved: {} },
      "prod-data": { addresses: ["aws_dynamodb_table.a", "aws_s3_bucket.b"], moved: {} },
    };
    expect(() => updatedManifest(recorded, withoutNetwork)).toThrow(/would be destroyed[\s\S]*prod-network: aws_vpc\.vpc is in a stack/);
    expect(updatedManifest(recorded, withoutNetwork, ["prod-network/aws_vpc.vpc"]).stacks).toEqual({
      "dev-data": ["aws_dynamodb_table.a", "aws_s3_bucket.b"],
      "prod-data": ["aws_dynamodb_table.a", "aws_s3_bucket.b"],
    });
  });
});

describe("the state of a stack", () => {
  it("keeps stateful types only, and no moves when there are none", () => {
    expect(stackState({ resource: { aws_security_group: { sg: {} }, aws_s3_bucket: { b: {} }, aws_kms_key: { k: {} } } })).toStrictEqual({
      addresses: ["aws_kms_key.k", "aws_s3_bucket.b"],
      moved: {},
    });
    const app = Testing.app();
    const stack = new TerraformStack(app, "dev-data");
    new S3Bucket(stack, "b", { bucket: "b" });
    expect(stackStateOf(stack)).toStrictEqual({ addresses: ["aws_s3_bucket.b"], moved: {} });
  });

  it("includes what the stack's aspects change, such as a move they declare", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "dev-data");
    new DynamodbTable(stack, "renamed", { name: "t", hashKey: "id", attribute: [{ name: "id", type: "S" }] });
    Aspects.of(stack).add({
      visit: (node) => {
        if (node instanceof DynamodbTable && !node.hasResourceMove()) node.moveFromId("aws_dynamodb_table.original");
      },
    });
    expect(appState(app)["dev-data"].moved).toEqual({ "aws_dynamodb_table.original": "aws_dynamodb_table.renamed" });
  });
});

describe("the manifest's order and the state's", () => {
  it("reports stacks and new addresses sorted, whatever order the state lists them in", () => {
    const state = {
      "prod-data": { addresses: ["aws_s3_bucket.z", "aws_s3_bucket.a"], moved: {} },
      "dev-data": { addresses: ["aws_s3_bucket.y"], moved: {} },
    };
    expect(manifestProblems({ stacks: {} }, state).map((line) => line.split(" ").slice(0, 2).join(" "))).toEqual([
      "dev-data: aws_s3_bucket.y",
      "prod-data: aws_s3_bucket.a",
      "prod-data: aws_s3_bucket.z",
    ]);
  });

  it("lists stacks and addresses sorted, whatever order they were created or recorded in", () => {
    const app = Testing.app();
    for (const id of ["prod-data", "dev-data"]) {
      const stack = new TerraformStack(app, id);
      new S3Bucket(stack, "z-bucket", { bucket: "z" });
      new S3Bucket(stack, "a-bucket", { bucket: "a" });
    }
    const state = appState(app);
    expect(Object.keys(state)).toEqual(["dev-data", "prod-data"]);
    const manifest = updatedManifest(undefined, state);
    expect(Object.keys(manifest.stacks)).toEqual(["dev-data", "prod-data"]);
    expect(manifest.stacks["dev-data"]).toEqual(["aws_s3_bucket.a-bucket", "aws_s3_bucket.z-bucket"]);
    expect(manifest.$comment).toContain("generated by `npm run state:manifest`");
  });

  it("reports removed addresses sorted even when the manifest is not", () => {
    const unsorted = { stacks: { "dev-data": ["aws_s3_bucket.z", "aws_s3_bucket.a"] } };
    expect(manifestProblems(unsorted, { "dev-data": { addresses: [], moved: {} } }).map((line) => line.split(" ")[1])).toEqual([
      "aws_s3_bucket.a",
      "aws_s3_bucket.z",
    ]);
  });
});

describe("a declared move", () => {
  it("from an address the manifest never had leaves its target a new address to record", () => {
    const recorded = { stacks: { "dev-data": [] as string[] } };
    const state = { "dev-data": { addresses: ["aws_dynamodb_table.new"], moved: { "aws_dynamodb_table.older": "aws_dynamodb_table.new" } } };
    expect(manifestProblems(recorded, state)).toEqual([
      "dev-data: aws_dynamodb_table.new is a new stateful resource missing from state/stateful-addresses.json: run `npm run state:manifest`",
    ]);
  });

  const recorded = updatedManifest(undefined, { "dev-data": { addresses: ["aws_dynamodb_table.old"], moved: {} } });

  it("must point at an address the stack has", () => {
    const toNowhere = { "dev-data": { addresses: ["aws_dynamodb_table.new"], moved: { "aws_dynamodb_table.old": "aws_dynamodb_table.nwe" } } };
    expect(manifestProblems(recorded, toNowhere)).toEqual([
      expect.stringMatching(
        /^dev-data: aws_dynamodb_table\.old has a `moved` block to aws_dynamodb_table\.nwe, which the synthesized stack does not have, so Terraform would DESTROY it/,
      ),
      "dev-data: aws_dynamodb_table.new is a new stateful resource missing from state/stateful-addresses.json: run `npm run state:manifest`",
    ]);
    expect(() => updatedManifest(recorded, toNowhere)).toThrow(/dev-data: aws_dynamodb_table\.old has a `moved` block to aws_dynamodb_table\.nwe/);
  });

  it("to an existing address is recorded under the new address", () => {
    const moved = { "dev-data": { addresses: ["aws_dynamodb_table.new"], moved: { "aws_dynamodb_table.old": "aws_dynamodb_table.new" } } };
    expect(updatedManifest(recorded, moved).stacks).toEqual({ "dev-data": ["aws_dynamodb_table.new"] });
  });

  it("made with moveTo is read from the constructs as cdktf synthesizes it", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "dev-data");
    const old = new DynamodbTable(stack, "sessions", { name: "s", hashKey: "id", attribute: [{ name: "id", type: "S" }] });
    new DynamodbTable(new Construct(stack, "tables"), "sessions", { name: "s", hashKey: "id", attribute: [{ name: "id", type: "S" }] });
    old.moveTo("moved-sessions");
    (stack.node.findChild("tables").node.findChild("sessions") as DynamodbTable).addMoveTarget("moved-sessions");
    expect(stackStateOf(stack)).toEqual(stackState(stack.toTerraform()));
    expect(stackStateOf(stack)).toEqual({
      addresses: ["aws_dynamodb_table.tables_sessions_468D5A92"],
      moved: { "aws_dynamodb_table.sessions": "aws_dynamodb_table.tables_sessions_468D5A92" },
    });
  });
});

/** A data-like stack: a table and a bucket under one construct whose id we rename. */
function dataStack(tableScopeId: string, declareMove: boolean): App {
  const app = Testing.app();
  const stack = new TerraformStack(app, "dev-data");
  const scope = new Construct(stack, tableScopeId);
  const table = new DynamodbTable(scope, "table", { name: "sessions", hashKey: "id", attribute: [{ name: "id", type: "S" }] });
  if (declareMove && tableScopeId !== "sessions") table.moveFromId("aws_dynamodb_table.sessions_table_1CD4FC2F");
  new S3Bucket(stack, "documents", { bucket: "documents" });
  return app;
}

describe("renaming a construct id that holds a table", () => {
  const original = updatedManifest(undefined, appState(dataStack("sessions", false)));

  it("records the table's address in the manifest", () => {
    expect(original.stacks["dev-data"]).toEqual(["aws_dynamodb_table.sessions_table_1CD4FC2F", "aws_s3_bucket.documents"]);
  });

  it("fails the check when the table's address changes without a declared move", () => {
    const renamed = appState(dataStack("user-sessions", false));
    expect(manifestProblems(original, renamed)).toEqual([
      expect.stringMatching(
        /^dev-data: aws_dynamodb_table\.sessions_table_1CD4FC2F is gone from the synthesized stack, so Terraform would DESTROY it\..*npm run state:manifest/,
      ),
      expect.stringMatching(/^dev-data: aws_dynamodb_table\.user-sessions_table_\w+ is a new stateful resource missing/),
    ]);
  });

  it("refuses to regenerate the manifest over it unless the destruction is explicitly allowed", () => {
    const renamed = appState(dataStack("user-sessions", false));
    expect(() => updatedManifest(original, renamed)).toThrow(/would be destroyed[\s\S]*dev-data\/aws_dynamodb_table\.sessions_table_1CD4FC2F/);
    const allowed = updatedManifest(original, renamed, ["dev-data/aws_dynamodb_table.sessions_table_1CD4FC2F"]);
    expect(manifestProblems(allowed, renamed)).toEqual([]);
  });

  it("still fails with the move declared until the manifest is updated, then passes", () => {
    const moved = appState(dataStack("user-sessions", true));
    expect(moved["dev-data"].moved).toEqual({
      "aws_dynamodb_table.sessions_table_1CD4FC2F": expect.stringMatching(/^aws_dynamodb_table\.user-sessions_table_/),
    });
    expect(manifestProblems(original, moved)).toEqual([
      expect.stringMatching(/moves to aws_dynamodb_table\.user-sessions_table_\w+ \(declared\): run `npm run state:manifest`/),
    ]);
    const updated = updatedManifest(original, moved);
    expect(manifestProblems(updated, moved)).toEqual([]);
  });

  it("fails when a new stateful resource is missing from the manifest", () => {
    const app = dataStack("sessions", false);
    const stack = app.node.findChild("dev-data") as TerraformStack;
    new CloudwatchLogGroup(stack, "audit-logs", { name: "audit" });
    expect(manifestProblems(original, appState(app))).toEqual([
      "dev-data: aws_cloudwatch_log_group.audit-logs is a new stateful resource missing from state/stateful-addresses.json: run `npm run state:manifest`",
    ]);
  });
});

describe("PreventDestroyAspect", () => {
  it("sets prevent_destroy on stateful resources only", () => {
    const stack = new TerraformStack(new App(), "prod-data");
    new S3Bucket(stack, "documents", { bucket: "documents" });
    new CloudwatchLogGroup(stack, "logs", { name: "x", lifecycle: { ignoreChanges: ["tags"] } });
    const { SecurityGroup } = require("@cdktf/provider-aws/lib/security-group");
    new SecurityGroup(stack, "sg", { vpcId: "v" });
    require("cdktf").Aspects.of(stack).add(new PreventDestroyAspect());
    const json = synthStack(stack);
    expect(json.resource!.aws_s3_bucket.documents.lifecycle).toEqual({ prevent_destroy: true });
    expect(json.resource!.aws_cloudwatch_log_group.logs.lifecycle).toEqual({ ignore_changes: ["tags"], prevent_destroy: true });
    expect(json.resource!.aws_security_group.sg.lifecycle).toBeUndefined();
  });
});
