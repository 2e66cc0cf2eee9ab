import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { agreement, checkFuzzed, checkPlainStrings, yamlFiles } from "@llm-gitops/core/testing/yaml-agreement";
import { parseDocuments } from "../src/documents.ts";
import { OUTSIDE, parseFast } from "../src/fast-yaml.ts";
import { PARSE } from "../src/yaml-options.ts";

const agrees = agreement(parseFast, PARSE);
const root = resolve(import.meta.dirname, "../../..");

describe("the fast YAML path reads what the full parser reads", () => {
  it("on every committed file of clusters/, all of which it takes", () => {
    const files = yamlFiles(join(root, "clusters"));
    expect(files.length).toBeGreaterThan(100);
    for (const f of files) expect(agrees(readFileSync(f, "utf8")), f).toBe("fast");
  });

  it.each([
    ["booleans and nulls, YAML 1.1", "a: yes\nb: Off\nc: ~\nd:\ne: NULL\nf: y\n", { a: true, b: false, c: null, d: null, e: null, f: true }],
    ["go-yaml numbers", "a: 1_000\nb: 0x1F\nc: 017\nd: .5\ne: 1e3\nf: 1.2.3\ng: 2001-12-14\n", { a: 1000, b: 31, c: 15, d: 0.5, e: 1000, f: "1.2.3", g: "2001-12-14" }],
    ["keys that are not strings", "1: a\ntrue: b\n~: c\n", { "1": "a", true: "b", "": "c" }],
    ["quotes and escapes", `a: "x\\ty\\u00e9\\"z"\nb: 'it''s'\nc: "yes"\n`, { a: 'x\tyé"z', b: "it's", c: "yes" }],
    ["comments", "# top\na: b # after\nc: # none\n  d: e\n", { a: "b", c: { d: "e" } }],
    ["literals", "a: |\n  x\n    y\n\n  z\n\nb: |-\n  q\nc: |\nd: e\n", { a: "x\n  y\n\nz\n", b: "q", c: "", d: "e" }],
    ["sequences, compact and nested", "a:\n- b\n- c: d\n  e: f\n-\n  - g\n- []\n- {}\nh: [ ]\n", undefined],
    ["prototype names as keys", "__proto__: a\ntoString: b\nconstructor: c\n", undefined],
    ["a leading document marker", "---\na: b\n", { a: "b" }],
  ])("%s", (_, text, expected) => {
    expect(agrees(text)).toBe("fast");
    if (expected) expect(parseFast(text)).toEqual(expected);
  });

  it.each([
    ["an anchor and alias", "a: &x 1\nb: *x\n"],
    ["a merge key", "a: {}\n<<: {}\n"],
    ["a tag", "a: !!binary aGk=\n"],
    ["a flow collection over lines", "a: [1,\n  2]\n"],
    ["a flow collection with a merge key", "a: { <<: {} }\n"],
    ["a folded scalar", "a: >\n  x\n"],
    ["a kept literal", "a: |+\n  x\n\n"],
    ["a multi-line plain scalar", "a: x\n  y\n"],
    ["a multi-line quoted scalar", 'a: "x\n  y"\n'],
    ["two documents", "a: 1\n---\nb: 2\n"],
    ["a tab", "a:\tb\n"],
    ["CRLF line ends", "a: b\r\nc: d\r\n"],
    ["a duplicate key", "a: 1\na: 2\n"],
    ["a top-level sequence", "- a\n"],
    ["a scalar document", "a\n"],
    ["only comments", "# nothing\n"],
    ["non-finite numbers", "a: .inf\n"],
    ["a directive", "%YAML 1.1\n---\na: b\n"],
    ["an unknown escape", 'a: "\\q"\n'],
  ])("leaves %s to the full parser", (_, text) => {
    expect(parseFast(text)).toBe(OUTSIDE);
  });

  it("takes a plain scalar as a string without tests only where no tag's test matches it", () => checkPlainStrings(PARSE, 5000));

  it("agrees with the full parser on fuzzed documents in every style the yaml library writes, and on edits of them", () => checkFuzzed(agrees, 3000));

  it("resources of the fast path equal the full path's, and locate the same places", () => {
    const files = yamlFiles(join(root, "clusters")).slice(0, 60);
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      const fast = parseDocuments(f, text, true);
      // A separator forces the full parser; the empty document after it is dropped (kubeconform's rule).
      const full = parseDocuments(f, `${text}\n---\n`, true);
      expect(fast.map((r) => [r.index, r.object])).toEqual(full.map((r) => [r.index, r.object]));
      for (const pointer of ["", "/metadata/name", "/kind", "/spec"]) expect(fast[0]!.locate!(pointer)).toEqual(full[0]!.locate!(pointer));
    }
  });
});
