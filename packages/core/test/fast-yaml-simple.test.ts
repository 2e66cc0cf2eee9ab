import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { agreement, checkFuzzed, checkPlainStrings, fuzzedDocument, manifestDocument, yamlFiles } from "../testing/yaml-agreement.ts";
import { fastParser, OUTSIDE } from "../src/fast-yaml.ts";
import { WARM_UP } from "../src/fast-yaml-simple.ts";

// The one-loop layer alone, and the block parser alone, with the core schema and with the yaml
// library's YAML 1.1 (the wrapper's own options are tested in its test/fast-yaml.test.ts): what
// the one-loop layer takes, both the block parser and the full parser must read the same.
const root = resolve(import.meta.dirname, "../../..");
const schemas = [
  ["core schema", {}],
  ["YAML 1.1", { version: "1.1" as const, merge: true }],
] as const;

describe.each(schemas)("the one-loop layer of the fast YAML path (%s)", (_, options) => {
  const simple = fastParser(options, "simple");
  const block = fastParser(options, "block");
  const agrees = agreement(simple, options);
  const same = (text: string) => {
    const got = simple(text);
    if (got === OUTSIDE) return "outside";
    expect(got, text).toEqual(block(text));
    expect(JSON.stringify(got), text).toBe(JSON.stringify(block(text)));
    return agrees(text);
  };

  it("takes the committed clusters/ files without a literal or a flow collection other than {} and [], and reads them as both parsers do", () => {
    const files = yamlFiles(join(root, "clusters"));
    let taken = 0;
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      const other = /: (\[(?!\])|\{(?!\})|\|)|^\s*- (\[(?!\])|\{(?!\}))/m.test(text); // flows other than {} and [], literals
      const result = same(text);
      if (!other) expect(result, f).toBe("fast");
      if (result === "fast") taken++;
    }
    expect(taken).toBeGreaterThan(files.length * 0.8);
  });

  it.each([
    ["a sequence at its key's column", "a:\n- b\n- c: d\n  e: f\ng: h\n", { a: ["b", { c: "d", e: "f" }], g: "h" }],
    ["compact mappings, nested", "a:\n  - b: 1\n    c:\n      - d: x\n        e: z\n  - f\n", { a: [{ b: 1, c: [{ d: "x", e: "z" }] }, "f"] }],
    ["a dash alone, then its block", "a:\n  -\n    b: 1\n  -\n    - c\n  -\n  - d\n", { a: [{ b: 1 }, ["c"], null, "d"] }],
    ["keys without values", "a:\nb:\n  c:\nd: # none\n", { a: null, b: { c: null }, d: null }],
    ["comments and blank lines anywhere", "# top\n\na: b # after\n   # indented\nc: 'it''s' # q\n\n", { a: "b", c: "it's" }],
    ["quoted values and plain ones with indicators inside", 'a: "x: y"\nb: x#y\nc: -1\nd: --port=8080\ne: a:b\n', undefined],
    ["keys that are not strings", "1: a\ntrue: b\n~: c\n", undefined],
    ["prototype names as keys", "__proto__: a\ntoString: b\n", undefined],
    ["no final newline", "a: b", { a: "b" }],
    ["empty flow collections", "status: {}\nargs: [] # none\nlist:\n  - {}\n  - []   \n", { status: {}, args: [], list: [{}, []] }],
  ])("%s", (_, text, expected) => {
    expect(same(text)).toBe("fast");
    if (expected) expect(simple(text)).toEqual(expected);
  });

  it.each([
    ["a literal", "a: |\n  x\n"],
    ["a flow collection", "a: [1, 2]\n"],
    ["an empty flow collection with a space inside", "a: { }\n"],
    ["an empty flow collection with something after it", "a: {}x\n"],
    ["an empty flow collection with a comment right after it", "a: []#c\n"],
    ["a quoted key", '"a": 1\n'],
    ["a quoted key in a sequence", '- "a": 1\n'],
    ["a leading marker", "---\na: b\n"],
    ["a tab", "a:\tb\n"],
    ["a duplicate key", "a: 1\nb: 2\na: 3\n"],
    ["a duplicate key in a compact mapping", "a:\n  - b: 1\n    b: 2\n"],
    ["a duplicate prototype name", "toString: 1\ntoString: 2\n"],
    ["a multi-line plain scalar", "a: x\n  y\n"],
    ["a dash where a key belongs", "a: 1\n- b\n"],
    ["a key after a sequence that is not its mapping's", "a:\n  -\n  - b\n  c: d\n"],
    ["an indentation that closes no block", "a:\n    b: 1\n  c: 2\n"],
    ["a sequence in a sequence item", "a:\n  - - b\n"],
    ["a top-level sequence", "- a\n"],
    ["only comments", "# nothing\n"],
    ["a mapping where a scalar belongs", "a: b: c\n"],
  ])("leaves %s to the block parser", (_, text) => {
    expect(simple(text)).toBe(OUTSIDE);
  });

  it("leaves a document nested deeper than its bound to the block parser, never overflowing the stack", () => {
    const text = Array.from({ length: 5_000 }, (_, i) => `${" ".repeat(i)}k:`).join("\n");
    expect(simple(text)).toBe(OUTSIDE);
  });

  // ": " and " #" are each searched in one forward pass: rare ones must not make it quadratic.
  it.each([
    ["keys ending in a colon, no \": \" anywhere", Array.from({ length: 100_000 }, (_, i) => `k${i}:`).join("\n"), 100_000],
    ["values, with the only comment at the end", `${Array.from({ length: 100_000 }, (_, i) => `k${i}: v`).join("\n")}\nlast: v #c`, 100_001],
  ])("reads in one pass: %s", (_, text, keys) => {
    expect(Object.keys(simple(text) as object)).toHaveLength(keys);
  });

  // The warm-up (V8 feedback on every common branch) is worthless if the loop leaves the sample early.
  it("takes the warm-up sample whole, as both parsers read it", () => {
    expect(same(WARM_UP)).toBe("fast");
    const value = simple(WARM_UP) as { spec: { list: unknown[] } };
    expect(value.spec.list.length).toBeGreaterThan(10);
  });

  // The shortcut both layers take for plain strings, held to these options' own tags (YAML 1.1's
  // float matches an exponent alone: `e3`).
  it("takes a plain scalar as a string without tests only where no tag's test matches it", () => checkPlainStrings(options, 3000));

  it("reads a << key as the block parser does: a merge key in YAML 1.1 (the full parser's), a plain key in the core schema", () => {
    expect(simple("<<: a\n")).toEqual(block("<<: a\n"));
  });

  it.each([
    ["as manifests have them", manifestDocument, 2000, 400],
    ["of any keys, in every style", fuzzedDocument, 1000, 20],
  ])("agrees with the block parser and the full parser on fuzzed documents %s, and on edits of them", (_, documents, runs, fast) => {
    checkFuzzed(same, runs, documents, { fast, outside: runs / 20 });
  });
});
