import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "@llm-gitops/core";
import { buildOverlay, kustomizeBuild, readManagedTree, writeTree } from "@llm-gitops/kustomize";
import { generateFiles, overlayDir, readSources } from "../src/project.ts";
import { copyRepo, REPO_ROOT } from "./repo.ts";

const fresh = generateFiles(await readSources(REPO_ROOT));
const rendered = new Map(fresh.files.map((f) => [f.path, f.content]));
const committed = await readManagedTree(REPO_ROOT);
const paths = [...new Set([...rendered.keys(), ...committed.keys()])].sort();

// The committed clusters/ and docker/ are the golden files: a failure shows the YAML diff.
// When the change is intended, run `npm run generate` and commit the result.
describe("golden: committed files equal a fresh render", () => {
  it.each(paths)("%s", (path) => {
    expect(committed.get(path), `${path} is stale, missing or extra; run npm run generate`).toBe(rendered.get(path));
  });

  it("renders byte-identically on a second run", async () => {
    expect(generateFiles(await readSources(REPO_ROOT)).files).toEqual(fresh.files);
  });
});

describe("kubectl kustomize reproduces every overlay exactly", async () => {
  const root = await copyRepo();
  await writeTree(root, fresh.files);
  it.each(fresh.truths.map((t) => [overlayDir(t), t] as const))("%s", async (dir, truth) => {
    const built = await kustomizeBuild(join(root, dir));
    expect(built.map(canonicalJson).sort()).toEqual(truth.objects.map((r) => canonicalJson(r.object)).sort());
  });

  // check reads the committed tree without kubectl to find changes the live cluster would refuse
  // (the kustomize package holds it equal to kubectl on a tree of the older shared-bases layout too).
  it.each(fresh.truths.map((t) => [overlayDir(t)] as const))("the in-memory build of committed %s agrees with kubectl", async (dir) => {
    const built = await kustomizeBuild(join(REPO_ROOT, dir));
    expect(buildOverlay(committed, dir).map(canonicalJson).sort()).toEqual(built.map(canonicalJson).sort());
  });

  // The layout by environment: reviewers and CODEOWNERS own an environment by two path patterns.
  it("puts every file in an environment's base, an environment's overlay, or a cluster's platform overlay", () => {
    const environments = new Set(fresh.inputs.environments.map((e) => e.name));
    const overlays = new Set(fresh.truths.map(overlayDir));
    const stray = fresh.files
      .map((f) => f.path.split("/"))
      .filter(([root]) => root === "clusters")
      .filter(([, dir, sub]) => !(dir === "base" ? environments.has(sub!) : overlays.has(`clusters/${dir}/${sub}`)));
    expect(stray.map((p) => p.join("/"))).toEqual([]);
  });

  // Argo CD's git directories generator: `clusters/<cluster>/*` minus the excluded argocd overlay
  // (a path.Match glob over directories, argo-cd v3.5.1 applicationset/services/repo_service.go).
  it("gives Argo CD an Application for exactly the overlays of each cluster, each one that kubectl builds above", () => {
    const dirs = [...new Set(fresh.files.map((f) => f.path.split("/").slice(0, 3).join("/")))];
    for (const t of fresh.truths.filter((x) => x.environment === "argocd")) {
      const set = t.objects.find((o) => o.object.kind === "ApplicationSet")!.object as unknown as { spec: { generators: { git: { directories: { path: string; exclude?: boolean }[] } }[] } };
      const globs = set.spec.generators[0]!.git.directories;
      const match = (glob: string, dir: string) => new RegExp(`^${glob.replaceAll("*", "[^/]+")}$`).test(dir);
      const picked = dirs.filter((d) => globs.some((g) => !g.exclude && match(g.path, d)) && !globs.some((g) => g.exclude && match(g.path, d)));
      const expected = fresh.truths.filter((x) => x.cluster === t.cluster && x.environment !== "argocd").map(overlayDir);
      expect(picked.sort(), t.cluster).toEqual(expected.sort());
    }
  });

  it("covers every overlay directory in the tree", () => {
    const overlays = [...new Set(fresh.files.map((f) => f.path).filter((p) => p.endsWith("/kustomization.yaml") && !p.startsWith("clusters/base/")))];
    expect(overlays.map((p) => p.replace(/\/kustomization\.yaml$/, "")).sort()).toEqual(fresh.truths.map(overlayDir).sort());
  });
});
