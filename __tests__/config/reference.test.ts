import { readFileSync } from "fs";
import { join } from "path";
import { CONFIG_DOCS_FILE, renderConfigReference } from "../../src/config/reference";

describe("the configuration reference", () => {
  const rendered = renderConfigReference();

  it("is up to date with the schema: run `npm run docs:config` after changing it", () => {
    expect(readFileSync(join(__dirname, "..", "..", CONFIG_DOCS_FILE), "utf8")).toBe(rendered);
  });

  it("lists nested fields with their type, default and doc comment", () => {
    expect(rendered).toContain('| `data.tables[].billingMode` | "PAY_PER_REQUEST" \\| "PROVISIONED" | `"PAY_PER_REQUEST"` | Default: PAY_PER_REQUEST. |');
    expect(rendered).toContain("| `cluster.nodeGroups.<name>.diskSizeGiB` | number | `50` | Root volume (encrypted gp3) in GiB. Default: 50. |");
    expect(rendered).toContain("| `workloads.applications.<name>[kind: api].tables` | list of string | `[]` |");
  });

  it("marks required fields and optional ones without a default", () => {
    expect(rendered).toContain("| `aws.accountId` | string | required |");
    expect(rendered).toContain("| `data.tables[].stream` | ");
    expect(rendered).toMatch(/\| `data\.tables\[\]\.stream` \| [^|]+(\\\|[^|]+)* \| optional \|/);
  });
});
