import { readFileSync } from "node:fs";
import path from "node:path";

const root = path.join(__dirname, "..", "..");
const ignoreFile = readFileSync(path.join(root, ".trivyignore.yaml"), "utf8");
const guardrails = readFileSync(path.join(root, "docs", "guardrails.md"), "utf8");

/** The entries of .trivyignore.yaml: id, and whether it has paths and a statement. */
function entries(): { id: string; hasPaths: boolean; hasStatement: boolean }[] {
  return ignoreFile
    .split(/\n(?=  - id: )/)
    .slice(1)
    .map((block) => ({
      id: /- id: (\S+)/.exec(block)![1],
      hasPaths: /\n    paths: \[".+"\]/.test(block),
      hasStatement: /\n    statement: >-\n\s+\S/.test(block),
    }));
}

describe("accepted trivy findings", () => {
  it("each name the stacks they apply to and a reason", () => {
    expect(entries().length).toBeGreaterThan(0);
    for (const entry of entries()) expect(entry).toEqual({ id: entry.id, hasPaths: true, hasStatement: true });
  });

  it("are exactly the ones docs/guardrails.md lists with their reasons", () => {
    const section = guardrails.slice(guardrails.indexOf("## trivy"), guardrails.indexOf("## State manifest"));
    const documented = [...section.matchAll(/^\| ([A-Z]+-\d{4}) \(/gm)].map((match) => match[1]);
    expect(documented).toEqual(entries().map((entry) => entry.id));
  });
});
