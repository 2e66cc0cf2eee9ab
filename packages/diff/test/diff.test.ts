import type { KubernetesObject } from "@llm-gitops/core";
import { describe, expect, it } from "vitest";
import { COMMENT_LIMIT, diffObjects, diffOverlays, fieldChanges, formatMarkdown, formatText, summarize, type DiffResult } from "../src/index.ts";
import { isvc, obj } from "./objects.ts";

const cm = (name: string, data: Record<string, string>) => obj("v1", "ConfigMap", name, { data });
const secret = (data: Record<string, string>) => obj("v1", "Secret", "key", { data });
const deploy = (containers: object[]) => obj("apps/v1", "Deployment", "d", { spec: { template: { spec: { containers } } } });

describe("fieldChanges", () => {
  it.each<[string, KubernetesObject, KubernetesObject, { path: string; before?: string; after?: string }[]]>([
    ["equal", cm("c", { a: "1" }), cm("c", { a: "1" }), []],
    ["value changed", cm("c", { a: "1" }), cm("c", { a: "2" }), [{ path: ".data.a", before: '"1"', after: '"2"' }]],
    ["key added and removed", cm("c", { a: "1" }), cm("c", { b: "1" }), [{ path: ".data.a", before: '"1"' }, { path: ".data.b", after: '"1"' }]],
    ["dotted keys quoted", isvc("a"), isvc("a", { model: "m" }), [{ path: '.metadata.labels["llm-gitops.io/model"]', before: '"qwen"', after: '"m"' }]],
    ["named items paired by name", deploy([{ name: "a", image: "x" }, { name: "b", image: "y" }]), deploy([{ name: "b", image: "z" }]), [
      { path: '.spec.template.spec.containers[name="a"]', before: '{"name":"a","image":"x"}' },
      { path: '.spec.template.spec.containers[name="b"].image', before: '"y"', after: '"z"' },
    ]],
    ["unnamed lists by index", obj("v1", "X", "x", { spec: { l: [1, 2] } }), obj("v1", "X", "x", { spec: { l: [1, 3, 4] } }), [{ path: ".spec.l[1]", before: "2", after: "3" }, { path: ".spec.l[2]", after: "4" }]],
    ["long values clipped to 80", cm("c", { a: "x".repeat(500) }), cm("c", { a: "y" }), [{ path: ".data.a", before: `"${"x".repeat(78)}…`, after: '"y"' }]],
    ["newlines stay escaped", cm("c", { a: "1" }), cm("c", { a: "1\n::error::forged" }), [{ path: ".data.a", before: '"1"', after: '"1\\n::error::forged"' }]],
    ["a Secret's data is never shown", secret({ k: "czNjcmV0" }), secret({ k: "bmV3" }), [{ path: ".data.k", before: "(hidden)", after: "(hidden)" }]],
  ])("%s", (_name, before, after, expected) => {
    expect(fieldChanges(before, after)).toEqual(expected);
  });

  it("never prints a Secret's value, even added", () => {
    const text = JSON.stringify(fieldChanges(secret({}), secret({ token: "czNjcmV0" })));
    expect(text).not.toContain("czNjcmV0");
  });
});

describe("diffObjects / diffOverlays", () => {
  it("matches objects by group, kind, namespace and name", () => {
    const changes = diffObjects([isvc("a"), isvc("gone"), cm("c", { a: "1" })], [isvc("a", { max: 3 }), isvc("new"), cm("c", { a: "1" })]);
    expect(changes.map((c) => [c.change, c.kind, c.name, c.fields.map((f) => f.path)])).toEqual([
      ["changed", "InferenceService", "a", [".spec.predictor.maxReplicas"]],
      ["removed", "InferenceService", "gone", []],
      ["added", "InferenceService", "new", []],
    ]);
  });

  it("leaves unchanged overlays out and marks new ones", () => {
    const base = [{ cluster: "c1", environment: "dev", objects: [isvc("a")] }];
    const head = [...base, { cluster: "c2", environment: "dev", objects: [isvc("a")] }];
    expect(diffOverlays(base, head).map((o) => [o.cluster, o.status, o.changes.length])).toEqual([["c2", "added", 1]]);
  });
});

/** A diff with thousands of changes across overlays. */
function huge(): DiffResult {
  const many = (v: string) => Array.from({ length: 3000 }, (_, i) => cm(`cm-${i}`, { value: `${v}-${i}`.padEnd(60, "x") }));
  const base = ["a", "b", "c"].map((c) => ({ cluster: c, environment: "dev", objects: many("old") }));
  const head = ["a", "b", "c"].map((c) => ({ cluster: c, environment: "dev", objects: [...many("new"), isvc("big", { max: 10 })] }));
  return { base: "main", head: "HEAD", notes: [], summary: summarize(base, head), overlays: diffOverlays(base, head) };
}

describe("formatMarkdown", () => {
  it("stays under GitHub's comment limit and says it was cut", () => {
    const result = huge();
    const full = formatMarkdown(result, { limit: Infinity });
    expect(full.length).toBeGreaterThan(COMMENT_LIMIT);
    const md = formatMarkdown(result, { fullDiffPath: "diff.md" });
    expect(md.length).toBeLessThan(COMMENT_LIMIT);
    expect(md).toContain("Cut to fit a GitHub comment (3 overlays truncated); the full diff is in `diff.md`");
    expect(md.match(/<details>/g)).toHaveLength(3); // every overlay keeps its block
    expect(md.match(/more lines cut/g)).toHaveLength(3);
    expect(md).toContain('- a/dev: "big": new, 1–10 replicas × 1 GPU = 1–10 GPUs');
  });

  it("keeps a small diff whole, with the summary as bullets", () => {
    const base = [{ cluster: "c", environment: "dev", objects: [isvc("a")] }];
    const head = [{ cluster: "c", environment: "dev", objects: [isvc("a", { image: "img:v2" })] }];
    const md = formatMarkdown({ base: "main", head: "HEAD", notes: [], summary: summarize(base, head), overlays: diffOverlays(base, head) });
    expect(md).not.toContain("Cut to fit");
    expect(md).toContain("**Models and images**\n\n- c/dev: \"a\": image \"img:v1\" → \"img:v2\"");
    expect(md).toContain("<details><summary>c/dev: 0 added, 0 removed, 1 changed</summary>");
  });

  it("neutralises Markdown and HTML from the input", () => {
    const base = [{ cluster: "c", environment: "dev", objects: [isvc("a")] }];
    const head = [{ cluster: "c", environment: "dev", objects: [isvc("a", { image: "<img src=x>@team `x` [l](u)" })] }];
    const result = { base: "main", head: "HEAD", notes: [], summary: summarize(base, head), overlays: diffOverlays(base, head) };
    const md = formatMarkdown(result);
    const summary = md.slice(0, md.indexOf("<details>"));
    expect(summary).not.toMatch(/<img|@team|\[l\]\(u\)/);
    expect(summary).toContain("&lt;img src=x&gt;&#64;team \\`x\\` \\[l\\](u)");
    expect(formatText(result)).toContain('image "img:v1" → "<img src=x>@team `x` [l](u)"');
  });
});
