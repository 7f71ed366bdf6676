import { exitCodeOf } from "../../src/cli";
import { UserInputError } from "../../src/config";
import { DataServiceAccessRules } from "../../src/constructs/eks";
import { ConstructError } from "../../src/constructs/errors";
import { ScopedStack } from "../support/aws-stack";

describe("ConstructError", () => {
  const build = () =>
    new DataServiceAccessRules(new ScopedStack(undefined, "dev-cluster"), "data-access", {
      nodeSecurityGroupId: "sg-nodes",
      services: [{ name: "cache", securityGroupId: "sg-cache", port: 70000 }],
    });

  it("names the construct's path (environment and layer first) and is bad input, not a bug", () => {
    expect(build).toThrow(ConstructError);
    expect(build).toThrow(UserInputError);
    expect(build).toThrow('dev-cluster/data-access: data service "cache": port 70000 is not a TCP port (1-65535)');
  });

  it("reaches the user as one line from the CLI, exit code 1, no stack trace", () => {
    const written: string[] = [];
    const code = exitCodeOf(() => build(), { write: (text: string) => written.push(text) });
    expect(code).toBe(1);
    expect(written).toEqual(['dev-cluster/data-access: data service "cache": port 70000 is not a TCP port (1-65535)\n']);
  });
});
