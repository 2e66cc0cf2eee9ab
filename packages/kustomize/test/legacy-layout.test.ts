import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { buildOverlay } from "../src/build.ts";
import { kustomizeBuild } from "../src/kubectl.ts";
import { canonicalSet } from "./helpers.ts";

/**
 * A tree committed before the layout by environment (bases shared across environments by most
 * common form, NamespaceTransformer, `images:`), frozen as it was. `check --base` reads what is
 * deployed, and the first pull request after the change still compares against such a tree.
 */
const FIXTURE = join(import.meta.dirname, "fixtures/shared-bases");

async function readTree(dir: string): Promise<Map<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  return new Map(await Promise.all(files.map(async (f) => [relative(FIXTURE, f), await readFile(f, "utf8")] as [string, string])));
}

const tree = await readTree(join(FIXTURE, "clusters"));
const overlays = [...tree.keys()]
  .filter((p) => p.endsWith("/kustomization.yaml") && !p.startsWith("clusters/base/"))
  .map((p) => p.slice(0, -"/kustomization.yaml".length))
  .sort();

describe("buildOverlay still reads a tree of the shared-bases layout exactly as kubectl does", () => {
  it("has the features of that layout to read: images:, the NamespaceTransformer, patches, shared bases", () => {
    const text = overlays.map((o) => tree.get(`${o}/kustomization.yaml`)!).join("\n");
    for (const feature of ["images:", "namespace-transformer.yaml", "patches:", "../../base/deployments/"]) expect(text).toContain(feature);
  });

  it.each(overlays)("%s", async (dir) => {
    const built = await kustomizeBuild(join(FIXTURE, dir));
    expect(built.length).toBeGreaterThan(0);
    expect(canonicalSet(buildOverlay(tree, dir))).toEqual(canonicalSet(built));
  });
});
