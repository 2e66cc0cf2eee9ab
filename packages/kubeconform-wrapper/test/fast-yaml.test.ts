import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { join, resolve } from "node:path";
import { Document, parseAllDocuments, stringify, type ScalarTag } from "yaml";
import { describe, expect, it } from "vitest";
import { parseDocuments } from "../src/documents.ts";
import { OUTSIDE, parseFast, plainString } from "../src/fast-yaml.ts";
import { PARSE } from "../src/yaml-options.ts";

/** The full parser's reading of a text: its one document's data, or undefined (errors, several documents). */
function library(text: string): { value: unknown } | undefined {
  const docs = parseAllDocuments(text, { ...PARSE, uniqueKeys: true });
  if (!Array.isArray(docs) || docs.length !== 1 || docs[0]!.errors.length) return undefined;
  try {
    return { value: docs[0]!.toJS({ maxAliasCount: 100 }) };
  } catch {
    return undefined;
  }
}

/** What the fast path accepts, the full parser reads without error as the same data. */
function agrees(text: string): "fast" | "outside" {
  const fast = parseFast(text);
  if (fast === OUTSIDE) return "outside";
  const full = library(text);
  expect(full, text).toBeDefined();
  if (!isDeepStrictEqual(fast, full!.value)) expect(fast, text).toEqual(full!.value);
  // Same own keys in the same order, prototype names included.
  expect(JSON.stringify(fast), text).toBe(JSON.stringify(full!.value));
  return "fast";
}

const root = resolve(import.meta.dirname, "../../..");
function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? yamlFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : []));
}

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
    if (text.includes("h: [ ]")) {
      expect(parseFast(text)).toBe(OUTSIDE); // `[ ]` is flow: the full parser's
      return;
    }
    expect(agrees(text)).toBe("fast");
    if (expected) expect(parseFast(text)).toEqual(expected);
  });

  it.each([
    ["an anchor and alias", "a: &x 1\nb: *x\n"],
    ["a merge key", "a: {}\n<<: {}\n"],
    ["a tag", "a: !!binary aGk=\n"],
    ["a flow collection", "a: [1, 2]\n"],
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

  it("takes a plain scalar as a string without tests only where no tag's test matches it", () => {
    const tags = (new Document(null, PARSE).schema.tags as ScalarTag[]).filter((t) => (t.default === true || t.default === "key") && t.test);
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."aAnNyYtTfFoOzZ_/$~.+-019<eExX: ") }), (s) => {
        if (plainString(s)) expect(tags.filter((t) => t.test!.test(s)).map((t) => t.tag)).toEqual([]);
      }),
      { numRuns: 5000 },
    );
  });

  // Keys and values a manifest may hold, and the words and characters YAML treats specially.
  const word = fc.oneof(
    fc.constantFrom("yes", "No", "on", "OFF", "y", "null", "~", "", "1_000", "0x1F", "017", ".5", "-1", "1e3", ".inf", "<<", "__proto__", "toString", "a: b", "a #b", "#c", "- x", "|", "'q'", '"d"', "[]", "{}", "x:", "@a", "%p", "*a", "&b", "!t", "é", "\t", " lead", "trail "),
    fc.string({ unit: fc.constantFrom(..."abcXYZ019 -_:#'\"|>[]{}.,/\\\n") }),
  );
  const value = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: "small" }, word, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), tie("map"), tie("list")),
    map: fc.dictionary(word, tie("node"), { maxKeys: 5 }),
    list: fc.array(tie("node"), { maxLength: 4 }),
  }));
  const styles = fc.record({
    lineWidth: fc.constantFrom(0, 20, 80),
    indentSeq: fc.boolean(),
    indent: fc.constantFrom(2, 4),
    singleQuote: fc.boolean(),
    blockQuote: fc.constantFrom(true, false, "literal" as const, "folded" as const),
    version: fc.constantFrom("1.1" as const, "1.2" as const),
  });
  const edit = fc.record({ at: fc.nat(), text: fc.constantFrom(" ", "  ", "#", ": ", "- ", "\n", "\n  ", "|", "'", '"', "\t", "---", "&a ", "*a", "[", "{"), remove: fc.nat(3) });

  it("agrees with the full parser on fuzzed documents in every style the yaml library writes, and on edits of them", () => {
    const seen = { fast: 0, outside: 0 };
    fc.assert(
      fc.property(value.map, styles, fc.array(edit, { maxLength: 3 }), (object, style, edits) => {
        let text = stringify(object, style);
        seen[agrees(text)]++;
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.text + text.slice(at + e.remove);
        }
        seen[agrees(text)]++;
      }),
      { numRuns: 3000, seed: 20261127 },
    );
    // Not vacuous: both paths are taken, the fast one often.
    expect(seen.fast).toBeGreaterThan(1500);
    expect(seen.outside).toBeGreaterThan(300);
  });

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
