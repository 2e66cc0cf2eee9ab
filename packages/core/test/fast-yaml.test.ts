import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Document, parseAllDocuments, stringify, type ScalarTag } from "yaml";
import { describe, expect, it } from "vitest";
import { fastDocuments, fastParser, OUTSIDE, plainString } from "../src/fast-yaml.ts";

// YAML 1.2's core schema, as `parseAllDocuments(text)` reads by default (kustomize's build.ts).
const parseFast = fastParser();

/** The full parser's reading: its one document's data, or undefined (errors, several documents). */
function library(text: string): { value: unknown } | undefined {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs) || docs.length !== 1 || docs[0]!.errors.length) return undefined;
  try {
    return { value: docs[0]!.toJS({ maxAliasCount: 100 }) };
  } catch {
    return undefined;
  }
}

function agrees(text: string): "fast" | "outside" {
  const fast = parseFast(text);
  if (fast === OUTSIDE) return "outside";
  const full = library(text);
  expect(full, text).toBeDefined();
  expect(fast, text).toEqual(full!.value);
  expect(JSON.stringify(fast), text).toBe(JSON.stringify(full!.value)); // same keys in the same order
  return "fast";
}

const root = resolve(import.meta.dirname, "../../..");
const yamlFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? yamlFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : []));

describe("the fast YAML path with the core schema reads what the full parser reads", () => {
  it("on every committed file of clusters/, all of which it takes", () => {
    const files = yamlFiles(join(root, "clusters"));
    expect(files.length).toBeGreaterThan(100);
    for (const f of files) expect(agrees(readFileSync(f, "utf8")), f).toBe("fast");
  });

  it.each([
    ["YAML 1.2 booleans only", "a: yes\nb: true\nc: off\n", { a: "yes", b: true, c: "off" }],
    ["YAML 1.2 numbers", "a: 0o17\nb: 017\nc: 0x1F\nd: 1_000\ne: .5\n", { a: 15, b: 17, c: 31, d: "1_000", e: 0.5 }],
    ["a << key is a plain key", "<<: a\n", { "<<": "a" }],
  ])("%s", (_, text, expected) => {
    expect(agrees(text)).toBe("fast");
    expect(parseFast(text)).toEqual(expected);
  });

  it("takes a plain scalar as a string without tests only where no core tag's test matches it", () => {
    const tags = (new Document(null).schema.tags as ScalarTag[]).filter((t) => (t.default === true || t.default === "key") && t.test);
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."aAnNyYtTfFoOzZ_/$~.+-019eExX: ") }), (s) => {
        if (plainString(s)) expect(tags.filter((t) => t.test!.test(s)).map((t) => t.tag)).toEqual([]);
      }),
      { numRuns: 3000 },
    );
  });

  const word = fc.oneof(
    fc.constantFrom("yes", "No", "True", "null", "~", "", "1_000", "0o17", "017", "0x1F", ".5", "-1", "1e3", ".inf", "<<", "__proto__", "a: b", "a #b", "- x", "|", "'q'", '"d"', "[]", "x:", "é", " lead"),
    fc.string({ unit: fc.constantFrom(..."abcXYZ019 -_:#'\"|>[]{}.,/\\\n") }),
  );
  const value = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: "small" }, word, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), tie("map"), tie("list")),
    map: fc.dictionary(word, tie("node"), { maxKeys: 5 }),
    list: fc.array(tie("node"), { maxLength: 4 }),
  }));
  const style = fc.record({ lineWidth: fc.constantFrom(0, 20, 80), indentSeq: fc.boolean(), singleQuote: fc.boolean(), blockQuote: fc.constantFrom(true, false, "literal" as const) });
  const edit = fc.record({ at: fc.nat(), text: fc.constantFrom(" ", "#", ": ", "- ", "\n", "\n  ", "|", "'", '"', "\t", "---"), remove: fc.nat(3) });

  it("agrees on fuzzed documents as the yaml library writes them, and on edits of them", () => {
    const seen = { fast: 0, outside: 0 };
    fc.assert(
      fc.property(value.map, style, fc.array(edit, { maxLength: 3 }), (object, s, edits) => {
        let text = stringify(object, s);
        seen[agrees(text)]++;
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.text + text.slice(at + e.remove);
        }
        seen[agrees(text)]++;
      }),
      { numRuns: 2000, seed: 20261127 },
    );
    expect(seen.fast).toBeGreaterThan(1000);
    expect(seen.outside).toBeGreaterThan(200);
  });
});

describe("a stream of documents through the fast path", () => {
  const full = (text: string) => {
    const docs = parseAllDocuments(text);
    return Array.isArray(docs) && docs.every((d) => !d.errors.length) ? docs.map((d) => d.toJS() as unknown).filter((v) => v !== null) : undefined;
  };

  it("reads every file of the schema mirror's YAML (CRDs by the megabyte) as the full parser does", () => {
    const mirror = process.env.LLM_GITOPS_SCHEMA_MIRROR ?? join(root, "../shared/crds");
    let files: string[];
    try {
      files = yamlFiles(mirror);
    } catch {
      return; // no mirror on this machine: the fuzz below still runs
    }
    let taken = 0;
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      const fast = fastDocuments(parseFast, text);
      if (fast === OUTSIDE) continue;
      taken++;
      expect(fast, f).toEqual(full(text));
    }
    expect(taken).toBeGreaterThan(0);
  });

  it("agrees on fuzzed streams, with blank and comment-only documents and markers", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.dictionary(fc.string({ unit: fc.constantFrom(..."ab:# -") }), fc.oneof(fc.string(), fc.integer(), fc.array(fc.string(), { maxLength: 2 }))).map((o) => stringify(o)), fc.constantFrom("", "# only a comment\n", "\n")), { maxLength: 4 }), fc.boolean(), (pieces, leading) => {
        const text = `${leading ? "---\n" : ""}${pieces.join("---\n")}`;
        const fast = fastDocuments(parseFast, text);
        if (fast !== OUTSIDE) expect(fast, text).toEqual(full(text));
      }),
      { numRuns: 1000, seed: 20261127 },
    );
  });
});
