import fastJsonPatch from "fast-json-patch";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalize, canonicalJson, cloneJson, type KubernetesObject } from "@llm-gitops/core";
import { patchFromShared, sameJson, sharedForm } from "../src/common.ts";

const obj = (spec: unknown, apiVersion = "v1"): KubernetesObject => ({ apiVersion, kind: "Thing", metadata: { name: "t", namespace: "n" }, spec } as KubernetesObject);
const meta = { apiVersion: "v1", kind: "Thing", metadata: { name: "t", namespace: "n" } };

describe("sharedForm: what every cluster's form of one object has in common", () => {
  it.each([
    ["equal forms are kept whole", [{ a: 1, b: [1, 2] }, { a: 1, b: [1, 2] }], { ...meta, spec: { a: 1, b: [1, 2] } }],
    ["a key one form sets differently is left out", [{ a: 1, b: 2 }, { a: 1, b: 3 }], { ...meta, spec: { a: 1 } }],
    ["a key one form lacks is left out", [{ a: 1, b: 2 }, { a: 1 }], { ...meta, spec: { a: 1 } }],
    ["a map with nothing in common is left out, never kept empty", [{ a: 1, m: { x: 1 } }, { a: 1, m: { y: 1 } }], { ...meta, spec: { a: 1 } }],
    ["lists of maps of equal length keep each item's common part", [{ c: [{ n: "x", i: "v1" }] }, { c: [{ n: "x", i: "v2" }] }], { ...meta, spec: { c: [{ n: "x" }] } }],
    ["lists of different length are left out", [{ a: 1, l: [1] }, { a: 1, l: [1, 2] }], { ...meta, spec: { a: 1 } }],
    ["lists whose scalar items differ are left out", [{ a: 1, l: ["--x=1"] }, { a: 1, l: ["--x=2"] }], { ...meta, spec: { a: 1 } }],
    ["a spec with nothing shared is left out", [{ a: 1 }, { a: 2 }], meta],
  ])("%s", (_, specs, expected) => {
    expect(sharedForm(specs.map((s) => obj(s)))).toEqual(canonicalize(expected));
  });

  it("shares nothing when the apiVersion differs by cluster", () => {
    expect(sharedForm([obj({}, "example.com/v1"), obj({}, "example.com/v2")])).toBeUndefined();
  });

  it("is the same whatever the order of the clusters", () => {
    const forms = [obj({ a: 1, b: { c: 2, d: 3 } }), obj({ b: { d: 3, c: 4 }, a: 1 }), obj({ a: 1, b: { c: 2, d: 3 } })];
    expect(JSON.stringify(sharedForm(forms))).toBe(JSON.stringify(sharedForm([...forms].reverse())));
  });
});

describe("patchFromShared: each cluster's patch only adds its own values", () => {
  const json = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: "small" }, fc.constantFrom(0, 1, "a", "b", true, null), tie("map"), tie("list")),
    map: fc.dictionary(fc.constantFrom("a", "b", "c", "x/y", "m~n"), tie("value"), { maxKeys: 3 }),
    list: fc.array(tie("value"), { maxLength: 2 }),
  }));

  it("rebuilds every form exactly from the shared form (property)", () => {
    fc.assert(
      fc.property(fc.array(json.map, { minLength: 1, maxLength: 4 }), (specs) => {
        const forms = specs.map((s) => obj(s));
        const shared = sharedForm(forms)!;
        for (const form of forms) {
          const ops = patchFromShared(shared, form);
          expect(ops.every((op) => op.op === "add")).toBe(true);
          expect(fastJsonPatch.applyPatch(cloneJson(shared), ops, true, false).newDocument).toEqual(canonicalize(form));
        }
      }),
      { numRuns: 500, seed: 20261126 },
    );
  });
});

describe("sameJson: canonical JSON text equality without the text", () => {
  const leaf = fc.oneof(fc.constantFrom(0, -0, 1, "", "a", "1", true, false, null, undefined, Number.NaN), fc.string({ maxLength: 3 }));
  const data = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: "small" }, leaf, tie("map"), tie("list")),
    map: fc.dictionary(fc.constantFrom("a", "b", "1", "10", "kind", "metadata"), tie("node"), { maxKeys: 4 }),
    list: fc.array(tie("node"), { maxLength: 3 }),
  }));
  // Pairs that are often equal: a value and an edit of it, or two independent values.
  const pair = fc.oneof(fc.tuple(data.node, data.node), data.node.chain((a) => fc.tuple(fc.constant(a), fc.oneof(fc.constant(cloneJson(a ?? null)), data.node))));

  it("agrees with comparing canonicalJson texts (property)", () => {
    let equal = 0;
    fc.assert(
      fc.property(pair, ([a, b]) => {
        const same = canonicalJson(a) === canonicalJson(b);
        if (same) equal++;
        expect(sameJson(canonicalize(a), canonicalize(b))).toBe(same);
      }),
      { numRuns: 3000 },
    );
    expect(equal).toBeGreaterThan(300);
  });
});
