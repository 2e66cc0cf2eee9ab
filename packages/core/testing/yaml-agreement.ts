// Test harness shared by the fast YAML path's tests (core's schema, Kubernetes' YAML 1.1): the
// fast path against the `yaml` library, over real files and fuzzed documents.
import fc from "fast-check";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { Document, isMap, isScalar, parseAllDocuments, stringify, visit, type ScalarTag } from "yaml";
import { expect } from "vitest";
import { OUTSIDE, plainString, type FastParseOptions } from "../src/fast-yaml.ts";

/** Every .yaml/.yml file under dir. */
export const yamlFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? yamlFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : []));

/**
 * A check that what `parse` accepts, the full parser reads without error or warning (one document, unique
 * keys) as the same data, same keys in the same order; "outside" when the fast path declines.
 */
export function agreement(parse: (text: string) => unknown, options: FastParseOptions = {}): (text: string) => "fast" | "outside" {
  return (text) => {
    const fast = parse(text);
    if (fast === OUTSIDE) return "outside";
    const docs = parseAllDocuments(text, { ...options, uniqueKeys: true });
    const ok = Array.isArray(docs) && docs.length === 1 && !docs[0]!.errors.length && !docs[0]!.warnings.length;
    expect(ok, text).toBe(true);
    const full = docs[0]!.toJS({ maxAliasCount: 100 }) as unknown;
    expect(fast, text).toEqual(full);
    expect(JSON.stringify(fast), text).toBe(JSON.stringify(full)); // prototype names included
    return "fast";
  };
}

/** The plain-string shortcut never skips a scalar one of `options`' tags would resolve. */
export function checkPlainStrings(options: FastParseOptions = {}, runs = 3000): void {
  const tags = (new Document(null, options).schema.tags as ScalarTag[]).filter((t) => (t.default === true || t.default === "key") && t.test);
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom(..."aAnNyYtTfFoOzZ_/$~.+-019<eExX: ") }), (s) => {
      if (plainString(s)) expect(tags.filter((t) => t.test!.test(s)).map((t) => t.tag)).toEqual([]);
    }),
    { numRuns: runs },
  );
}

// Keys and values a manifest may hold, and the words and characters YAML treats specially.
const word = fc.oneof(
  fc.constantFrom("yes", "No", "on", "OFF", "y", "True", "null", "~", "", "1_000", "0x1F", "0o17", "017", ".5", "-1", "1e3", ".inf", "<<", "__proto__", "toString", "a: b", "a #b", "#c", "- x", "|", "'q'", '"d"', "[]", "{}", "x:", "@a", "%p", "*a", "&b", "!t", "é", "\t", " lead", "trail "),
  fc.string({ unit: fc.constantFrom(..."abcXYZ019 -_:#'\"|>[]{}.,/\\\n") }),
);
const tree = (key: fc.Arbitrary<string>) =>
  fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: "small" }, word, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), tie("map"), tie("list")),
    map: fc.dictionary(key, tie("node"), { maxKeys: 5 }),
    list: fc.array(tie("node"), { maxLength: 4 }),
  }));
const value = tree(word);
// Keys as manifests have them: plain, never quoted (with the names every object inherits).
const manifestKey = fc.oneof(fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9._/-]{0,10}$/), fc.constantFrom("__proto__", "toString", "1", "true", "~"));
const style = fc.record({
  lineWidth: fc.constantFrom(0, 20, 80),
  indentSeq: fc.boolean(),
  indent: fc.constantFrom(2, 4),
  singleQuote: fc.boolean(),
  blockQuote: fc.constantFrom(true, false, "literal" as const, "folded" as const),
  version: fc.constantFrom("1.1" as const, "1.2" as const),
});
const edit = fc.record({ at: fc.nat(), text: fc.constantFrom(" ", "  ", "#", ": ", "- ", "\n", "\n  ", "|", "'", '"', "\t", "---", "&a ", "*a", "[", "{", "]", "}", ",", ", ", ":", "[]", "{ a: b }"), remove: fc.nat(3) });

/**
 * Collections written in flow style, as people write small ones in block files: none, those
 * holding only scalars, or every one below the root (nested flows).
 */
const flowStyle = fc.constantFrom("none" as const, "leaves" as const, "inner" as const);
function written(object: unknown, s: object, flow: "none" | "leaves" | "inner"): string {
  const doc = new Document(object, s);
  if (flow !== "none") {
    visit(doc, {
      Collection(_, node, path) {
        if (path.length <= 1) return; // the root (below the Document) stays block
        if (flow === "inner" || (node as { items: unknown[] }).items.every((i) => (isMap(node) ? isScalar((i as { value: unknown }).value) : isScalar(i)))) node.flow = true;
      },
    });
  }
  return doc.toString(s);
}

/** A mapping the yaml library writes in some style, then up to three edits of the text. */
export const fuzzedDocument = edited(value.map, flowStyle);

/** The same with keys as manifests have them, in block style: mostly what generators write. */
export const manifestDocument = edited(tree(manifestKey).map, fc.constant("none" as const));

function edited(map: fc.Arbitrary<Record<string, unknown>>, flows: fc.Arbitrary<"none" | "leaves" | "inner">) {
  return fc.record({ object: map, style, flow: flows, edits: fc.array(edit, { maxLength: 3 }) }).map(({ object, style: s, flow, edits }) => {
    const text0 = written(object, s, flow);
    let text = text0;
    for (const e of edits) {
      const at = e.at % (text.length + 1);
      text = text.slice(0, at) + e.text + text.slice(at + e.remove);
    }
    return { written: text0, edited: text };
  });
}

/** A small mapping as the yaml library writes it by default (for document streams). */
export const writtenMapping = value.map.map((o) => stringify(o));

/**
 * Runs `agrees` on fuzzed documents and their edits; both paths must be taken, the fast one
 * often (by default, in more than half the runs; `least` says otherwise for a narrower path).
 */
export function checkFuzzed(
  agrees: (text: string) => "fast" | "outside",
  runs: number,
  documents: fc.Arbitrary<{ written: string; edited: string }> = fuzzedDocument,
  least = { fast: runs / 2, outside: runs / 10 },
): void {
  const seen = { fast: 0, outside: 0 };
  fc.assert(
    fc.property(documents, ({ written, edited }) => {
      seen[agrees(written)]++;
      seen[agrees(edited)]++;
    }),
    { numRuns: runs, seed: 20261127 },
  );
  expect(seen.fast).toBeGreaterThan(least.fast);
  expect(seen.outside).toBeGreaterThan(least.outside);
}
