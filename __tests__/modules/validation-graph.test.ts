import { moduleDefinitions } from "../../src/modules/registry";
import { validationProblems, validationReferences } from "../../src/modules/validation";

const rule = (condition: string) => ({ condition, errorMessage: "x." });

describe("cross-variable validations", () => {
  it("form no cycle and read only declared variables, in every module", () => {
    for (const definition of moduleDefinitions()) {
      expect({ module: definition.name, problems: validationProblems(definition.variables) }).toEqual({ module: definition.name, problems: [] });
    }
  });

  it("lists which other variables each variable's validations read", () => {
    const references = validationReferences({
      mode: { validation: [rule('contains(["a", "b"], var.mode)')] },
      size: { validation: [rule('var.mode == "a" ? var.size > 0 : var.size == null')] },
    });
    expect(Object.fromEntries(references)).toEqual({ mode: [], size: ["mode"] });
  });

  it("reports the cycle Terraform refuses (dynamodb-table's attributes and keys, as they were)", () => {
    const problems = validationProblems({
      partition_key: { validation: [rule("contains(keys(var.attributes), var.partition_key)")] },
      attributes: { validation: [rule("length(setsubtract(keys(var.attributes), [var.partition_key])) == 0")] },
    });
    expect(problems).toEqual(['the validations of partition_key -> attributes -> partition_key read each other in a cycle (Terraform: "Error: Cycle")']);
  });

  it("reports a read of an undeclared variable", () => {
    expect(validationProblems({ a: { validation: [rule("var.a != var.b")] } })).toEqual(["the validation of a reads var.b, which is not declared"]);
  });
});
