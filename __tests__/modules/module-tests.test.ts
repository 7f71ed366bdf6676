import { parse } from "@cdktf/hcl2json";
import { defineModule } from "../../src/modules/definition";
import { moduleTests } from "../../src/modules/tests";
import { oneOf } from "../../src/modules/validation";

const definition = (rejects?: string) =>
  defineModule({
    name: "sample",
    purpose: "A sample.",
    variables: {
      name: { type: "string", description: "Name.", example: '"acme"' },
      mode: {
        type: "string",
        description: "Mode.",
        default: "a",
        validation: [{ ...oneOf("mode", ["a", "b"]), ...(rejects === undefined ? { rejects: undefined } : { rejects }) }],
      },
      size: {
        type: "number",
        description: "Size.",
        default: null,
        validation: [{ condition: 'var.mode == "b" || var.size == null', errorMessage: "size only with mode b.", rejects: { value: "3", with: { mode: '"a"' } } }],
      },
    },
    tests: [{ name: "keys_by_name", asserts: [{ condition: "true", errorMessage: "x" }] }],
    build: () => ({}),
  });

describe("generated terraform test files", () => {
  it("mock the providers, accept the usage example and expect each rule to refuse its value", async () => {
    const text = moduleTests(definition('"c"'), ["aws"]);
    const parsed = (await parse("main.tftest.hcl", text)) as any;
    expect(Object.keys(parsed.mock_provider)).toEqual(["aws"]);
    expect(parsed.variables[0]).toEqual({ name: "acme" });
    expect(Object.keys(parsed.run).sort()).toEqual(["accepts_the_example_inputs", "keys_by_name", "mode_rule_1_refuses", "size_rule_1_refuses"]);
    expect(parsed.run.mode_rule_1_refuses[0].variables[0]).toEqual({ mode: "c" });
    expect(parsed.run.mode_rule_1_refuses[0].expect_failures).toEqual(["${var.mode}"]);
    expect(parsed.run.size_rule_1_refuses[0].variables[0]).toEqual({ mode: "a", size: 3 });
    expect(parsed.run.keys_by_name[0].assert).toHaveLength(1);
  });

  it("take the refused value of oneOf from outside the allowed values", () => {
    expect(oneOf("mode", ["a", "b"]).rejects).toBe('"not-an-allowed-value"');
    expect(oneOf("days", [1, 2, 3, 5]).rejects).toBe("4");
  });

  it("refuse a rule without a value it rejects: every validation gets its test", () => {
    expect(() => moduleTests(definition(undefined), ["aws"])).toThrow(/validation 1 of mode \("mode must be one of: a, b\."\) needs a rejects value/);
  });
});
