import { readFile } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { InputError } from "@llm-gitops/core";
import type { SourceFile } from "@llm-gitops/config";
import { main } from "../src/main.ts";
import { generateFiles } from "../src/project.ts";
import { captureIo, copyRepo, REPO_ROOT, snapshot } from "./repo.ts";
import { writeFile } from "node:fs/promises";

/** Cases per `npm test`; `npm run fuzz` (LLM_GITOPS_FUZZ_RUNS) runs many more. */
const RUNS = Number(process.env.LLM_GITOPS_FUZZ_RUNS ?? 2000);
const NAMES = ["platform.yaml", "dev.yaml", "staging.yaml", "prod.yaml"];
const originals: SourceFile[] = await Promise.all(
  NAMES.map(async (n) => ({ path: `environments/${n}`, text: await readFile(join(REPO_ROOT, "environments", n), "utf8") })),
);

/** Tokens that make YAML and our schema interesting: anchors, aliases, tags, flow, odd numbers. */
const TOKENS = ["&a ", "*a", "*nope", "!!binary ", "!!str ", "{", "}", "[", "]", ": ", "- ", "\n", "\r", "\t", "#", "'", '"', "\\", "<<: *a", ".nan", ".inf", "-.inf", "1e400", "2147483648", "-1", "0", "0.0001", "~", "null", "yes", "\u0000", "\ufeff", "é", "💥", "---\n", "...\n", "%YAML 1.1\n", "? ", "|\n  ", ">-\n  "];

/** A textual mutation at a random place: insert a token, delete a span, duplicate or swap lines. */
const textMutation = fc.oneof(
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), token: fc.constantFrom(...TOKENS) }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant("dupline" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("swaplines" as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ kind: fc.constant("garbage" as const), at: fc.nat(), text: fc.string({ maxLength: 12, unit: "binary" }) }),
);
type TextMutation = typeof textMutation extends fc.Arbitrary<infer T> ? T : never;

function mutateText(text: string, m: TextMutation): string {
  const at = text.length ? m.at % text.length : 0;
  const lines = text.split("\n");
  switch (m.kind) {
    case "insert":
      return text.slice(0, at) + m.token + text.slice(at);
    case "delete":
      return text.slice(0, at) + text.slice(at + m.length);
    case "garbage":
      return text.slice(0, at) + m.text + text.slice(at);
    case "dupline": {
      const i = m.at % lines.length;
      return [...lines.slice(0, i + 1), lines[i]!, ...lines.slice(i + 1)].join("\n");
    }
    case "swaplines": {
      const i = m.at % lines.length;
      const j = m.with % lines.length;
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      return lines.join("\n");
    }
  }
}

/** A structural mutation: one leaf of the parsed file set to a random JSON value. */
const valueMutation = fc.record({ pick: fc.nat(), value: fc.jsonValue({ maxDepth: 2 }) });

function mutateValue(text: string, m: { pick: number; value: unknown }): string {
  const doc = parse(text) as unknown;
  const leaves: [Record<string | number, unknown>, string | number][] = [];
  const walk = (node: unknown) => {
    if (node && typeof node === "object") {
      for (const [k, v] of Object.entries(node)) {
        leaves.push([node as Record<string, unknown>, Array.isArray(node) ? Number(k) : k]);
        walk(v);
      }
    }
  };
  walk(doc);
  if (!leaves.length) return text;
  const [parent, key] = leaves[m.pick % leaves.length]!;
  parent[key] = m.value;
  return stringify(doc);
}

const caseArb = fc.record({
  file: fc.nat({ max: NAMES.length - 1 }),
  text: fc.array(textMutation, { minLength: 0, maxLength: 4 }),
  value: fc.option(valueMutation, { nil: undefined }),
});

function mutated(c: { file: number; text: TextMutation[]; value?: { pick: number; value: unknown } }): SourceFile[] {
  return originals.map((f, i) => {
    if (i !== c.file) return f;
    let text = c.value ? mutateValue(f.text, c.value) : f.text;
    for (const m of c.text) text = mutateText(text, m);
    return { path: f.path, text };
  });
}

/** The whole pure pipeline either renders or refuses with located problems; nothing else. */
function outcome(sources: SourceFile[]): "rendered" | "refused" {
  try {
    generateFiles(sources);
    return "rendered";
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    for (const p of e.problems) {
      expect(sources.map((s) => s.path).concat("environments/")).toContain(p.file);
      expect(p.line).toBeGreaterThanOrEqual(1);
      expect(p.col).toBeGreaterThanOrEqual(1);
      expect(p.message.length).toBeLessThan(1000);
    }
    return "refused";
  }
}

describe("fuzz: the loader and the whole pipeline never crash or hang (fast-check)", () => {
  it(`${RUNS} random and mutated environment sets render or are refused with located problems`, () => {
    const seen = { rendered: 0, refused: 0 };
    fc.assert(
      fc.property(caseArb, (c) => {
        seen[outcome(mutated(c))]++;
      }),
      { numRuns: RUNS, seed: Number(process.env.LLM_GITOPS_FUZZ_SEED ?? 20261127) },
    );
    // Both outcomes occur: the mutations reach past the parser.
    expect(seen.rendered).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
  });

  it("a failed generate through the CLI leaves the tree as it was (sampled)", async () => {
    const root = await copyRepo();
    const before = await snapshot(root);
    const samples = fc.sample(caseArb, { numRuns: 12, seed: 7 });
    for (const c of samples) {
      const files = mutated(c);
      for (const f of files) await writeFile(join(root, f.path), f.text);
      const io = captureIo(root);
      const code = await main(["generate", "--check"], io);
      expect([0, 1, 2]).toContain(code);
      if (code === 2) {
        expect(await main(["generate"], captureIo(root))).toBe(2);
        expect(await snapshot(root)).toEqual(before);
      }
    }
    for (const f of originals) await writeFile(join(root, f.path), f.text);
  });
});
