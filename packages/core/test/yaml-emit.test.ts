import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { yamlFiles } from "../testing/yaml-agreement.ts";
import { emitYaml } from "../src/yaml-emit.ts";
import { canonicalize, compareKeys, libraryYaml, toYaml } from "../src/yaml.ts";

const root = resolve(import.meta.dirname, "../../..");
const emit = (value: unknown) => emitYaml(value, compareKeys);

/**
 * What the restricted emitter writes must be the `yaml` package's text byte for byte, read back as
 * the same data, and be written again the same (byte-stable).
 */
function holds(value: unknown): "fast" | "library" {
  const fast = emit(value);
  if (fast === undefined) return "library";
  const library = libraryYaml(value);
  expect(fast, library).toBe(library);
  const back = parse(fast) as unknown;
  expect(back).toEqual(canonicalize(value));
  expect(emit(back)).toBe(fast);
  return "fast";
}

// Strings with what YAML treats specially: indicators, comments, colons, quotes, blank and
// indented lines, trailing spaces, typed words, document markers, escapes, non-ASCII.
// Those the emitter leaves to the package are rarer, so that most values take the fast path.
const piece = fc.oneof(
  { weight: 100, arbitrary: fc.constantFrom(..."ab Z09-_:#'\"|>[]{},.?!&*%@`\n\t/\\~é中😀", "true", "null", "0x1F", "1e3", ".inf", "  ", " \n", "\n ") },
  { weight: 1, arbitrary: fc.constantFrom("---", "...", "\u0085", "\u2028", "\x7f", "\x00", "\ud800", "\n\n") },
);
const text = fc.oneof(fc.string({ unit: piece, maxLength: 8 }), fc.constantFrom("", "yes", "No", "~", "-", "- a", "a: b", "a #b", "x:", "12", "-0", "1.5", "1_000", "0o17"));
const number = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(-0, 0, 1e21, 2 ** 53, 0.1, Number.NaN, Number.POSITIVE_INFINITY));
const data = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: "small" }, text, number, fc.boolean(), fc.constant(null), tie("map"), tie("list")),
  // undefined members are dropped (canonicalize); in a sequence, one is the package's to write.
  map: fc.dictionary(fc.oneof(text, fc.constantFrom("apiVersion", "kind", "metadata", "name", "namespace", "__proto__")), fc.oneof({ weight: 20, arbitrary: tie("node") }, { weight: 1, arbitrary: fc.constant(undefined) }), { maxKeys: 6 }),
  list: fc.array(fc.oneof({ weight: 50, arbitrary: tie("node") }, { weight: 1, arbitrary: fc.constant(undefined) }), { maxLength: 4 }),
}));

describe("the restricted YAML emitter writes what the yaml package writes", () => {
  it("for every committed file, all of which it takes, byte for byte", () => {
    const files = yamlFiles(join(root, "clusters"));
    expect(files.length).toBeGreaterThan(100);
    for (const f of files) {
      const written = readFileSync(f, "utf8");
      const body = written.replace(/^(#.*\n)*/, "");
      const value = parse(written) as unknown;
      expect(holds(value), f).toBe("fast");
      expect(emit(value), f).toBe(body);
    }
  });

  it.each([
    ["an empty mapping", {}, "{}\n"],
    ["an empty sequence", [], "[]\n"],
    ["a sequence at the root", [{ a: 1 }, ["x"]], "- a: 1\n- - x\n"],
    ["canonical key order, undefined dropped", { z: 1, metadata: { name: "n" }, kind: "K", apiVersion: "v1", u: undefined }, "apiVersion: v1\nkind: K\nmetadata:\n  name: n\nz: 1\n"],
    ["typed words quoted", { a: "true", b: "12", c: "", d: "null", e: 'say "hi"', f: '"hi"', g: "it's" }, "a: \"true\"\nb: \"12\"\nc: \"\"\nd: \"null\"\ne: say \"hi\"\nf: '\"hi\"'\ng: it's\n"],
    ["array indices first, as objects order them", { b: 1, 10: 2, 9: 3, a: 4 }, "\"9\": 3\n\"10\": 2\na: 4\nb: 1\n"],
    ["block literals with and without a final newline", { a: "x\ny\n", b: [" lead\nz"] }, "a: |\n  x\n  y\nb:\n  - |2-\n     lead\n    z\n"],
  ])("%s", (_, value, expected) => {
    expect(emit(value)).toBe(expected);
    expect(holds(value)).toBe("fast");
  });

  it("leaves to the package what it does not write itself", () => {
    for (const value of [{ a: "\x00" }, { a: "x\n\n" }, { a: Number.NaN }, { a: 1n }, { ["k".repeat(1025)]: 1 }, { a: "---" }, [undefined], "scalar"]) expect(emit(value)).toBeUndefined();
  });

  it("on fuzzed data, taking most of it", () => {
    const seen = { fast: 0, library: 0 };
    fc.assert(
      fc.property(fc.oneof(data.map, data.list), (value) => {
        seen[holds(value)]++;
      }),
      { numRuns: 4000, seed: 20261127 },
    );
    expect(seen.fast).toBeGreaterThan(2000);
    expect(seen.library).toBeGreaterThan(100);
  });

  it("writes names, labels and paths as the package does (its plain-word shortcut)", () => {
    const word = fc.string({ unit: fc.constantFrom(..."aAnNtTfFyYoOeEzZ019_./$-:# ", "null", "true", "False", "~", ".inf", "0x1F") });
    let fast = 0;
    fc.assert(
      fc.property(fc.dictionary(word, word, { maxKeys: 4 }), (value) => {
        if (holds(value) === "fast") fast++;
      }),
      { numRuns: 3000, seed: 20261127 },
    );
    expect(fast).toBeGreaterThan(2500); // a document marker (`---`, `...`) is the package's to write
  });

  it("toYaml puts the header before either text", () => {
    expect(toYaml({ a: 1 }, ["h"])).toBe("# h\na: 1\n");
    expect(toYaml({ a: "\x00" }, ["h"])).toBe(`# h\n${libraryYaml({ a: "\x00" })}`);
  });
});
