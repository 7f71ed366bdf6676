import { existsSync, readFileSync, readdirSync } from "fs";
import { dirname, join, relative, resolve } from "path";

const ROOT = join(__dirname, "..");
const PAGES = [
  "README.md",
  ...readdirSync(join(ROOT, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];

/** Relative link targets of a markdown file (no URLs, no anchors-only), without their anchors. */
function linksOf(page: string): string[] {
  const text = readFileSync(join(ROOT, page), "utf8");
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1])
    .filter((target) => !/^[a-z]+:/.test(target) && !target.startsWith("#"))
    .map((target) => target.replace(/#.*$/, ""));
}

describe("the documentation", () => {
  it.each(PAGES)("%s links only to files that exist", (page) => {
    const missing = linksOf(page).filter((target) => !existsSync(resolve(ROOT, dirname(page), target)));
    expect(missing).toEqual([]);
  });

  it("is navigable from the README: every page under docs/ is linked from it", () => {
    const linked = new Set(linksOf("README.md").map((target) => relative(ROOT, resolve(ROOT, target))));
    expect(PAGES.filter((page) => page !== "README.md" && !linked.has(page))).toEqual([]);
  });
});
