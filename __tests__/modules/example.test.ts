import { readFileSync, readdirSync } from "fs";
import { join } from "path";
import { EXAMPLE_DIR, MODULES_DIR, moduleCallProblems, moduleNames, parseFolder } from "../support/modules";
import { parse } from "@cdktf/hcl2json";

describe("examples/plain-terraform", () => {
  it("calls the modules with every required input, no unknown one, and reads only outputs that exist", async () => {
    const parsed = await parseFolder(EXAMPLE_DIR);
    const text = readdirSync(EXAMPLE_DIR)
      .filter((file) => file.endsWith(".tf"))
      .map((file) => readFileSync(join(EXAMPLE_DIR, file), "utf8"))
      .join("\n");
    expect(Object.keys(parsed.module ?? {})).toContain("network");
    expect(await moduleCallProblems(parsed.module, text, EXAMPLE_DIR)).toEqual([]);
  });

  it("and the second consumer (__tests__/fixtures/module-consumer) call the modules as correctly", async () => {
    const dir = join(__dirname, "..", "fixtures", "module-consumer");
    const parsed = await parseFolder(dir);
    const text = readdirSync(dir)
      .filter((file) => file.endsWith(".tf"))
      .map((file) => readFileSync(join(dir, file), "utf8"))
      .join("\n");
    expect(Object.keys(parsed.module ?? {}).sort()).toEqual(["cluster", "database", "network", "search", "sessions", "spot_workers"]);
    expect(await moduleCallProblems(parsed.module, text, dir)).toEqual([]);
  });

  it("is a root module: it configures its own backend and provider", async () => {
    const parsed = await parseFolder(EXAMPLE_DIR);
    expect(parsed.terraform[0].backend).toBeDefined();
    expect(parsed.provider.aws).toHaveLength(1);
  });

  it("the check catches a missing input, an unknown input and a missing output", async () => {
    const text = 'module "network" {\n  source = "../../modules/network"\n  vpc_cidr = "10.0.0.0/16"\n  colour = "red"\n}\noutput "x" { value = module.network.nope }\n';
    const parsed = (await parse("bad.tf", text)) as any;
    const problems = await moduleCallProblems(parsed.module, text, EXAMPLE_DIR);
    expect(problems).toEqual(
      expect.arrayContaining([
        "module.network misses required input name_prefix",
        "module.network passes unknown input colour",
        "module.network has no output nope",
      ]),
    );
  });
});

describe("module README usage examples", () => {
  it.each(moduleNames())("%s: names real inputs (all required ones) and real outputs", async (name) => {
    const readme = readFileSync(join(MODULES_DIR, name, "README.md"), "utf8");
    const usage = /```hcl\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(usage).toBeDefined();
    const parsed = (await parse("usage.tf", usage as string)) as any;
    expect(Object.keys(parsed.module)).toHaveLength(1);
    expect(await moduleCallProblems(parsed.module, usage as string, MODULES_DIR)).toEqual([]);
  });
});
