import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { observedCluster } from "@llm-gitops/config/testing";
import { PROMPT_KEYS, renderLogging } from "../src/index.ts";
import { strings } from "./corpus-helpers.ts";
import type { Rec, Value } from "./luajit.ts";
import { readConfig, runFilters } from "./pipeline.ts";

const CONFIG = readConfig(renderLogging(observedCluster())[0]!);
const RUNS = Number(process.env.LLM_GITOPS_FUZZ_RUNS ?? 12);

const chars = (alphabet: string, min: number, max: number) => fc.array(fc.constantFrom(...alphabet), { minLength: min, maxLength: max }).map((a) => a.join(""));
const ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const B64URL = `${ALNUM}-_`;
const word = chars("abcdefghijklmnopqrstuvwxyz", 1, 8);
const safeText = fc.array(word, { maxLength: 5 }).map((w) => w.join(" "));

/** A secret and the text it is planted in; the secret is what must not survive. */
type Planted = { secret: string; text: string; key?: string };
const around = (secret: string, shape: (s: string) => string) => fc.tuple(safeText, safeText).map(([a, b]): Planted => ({ secret, text: `${a} ${shape(secret)} ${b}` }));
const planted: fc.Arbitrary<Planted> = fc.oneof(
  fc.tuple(chars("abcdefghij0123456789", 1, 10), chars("abcdefghij", 2, 10), fc.constantFrom("com", "org", "io", "net")).chain(([l, d, t]) => around(`${l}@${d}.${t}`, (s) => s)),
  fc.tuple(fc.integer({ min: 1, max: 99 }), chars("0123456789", 8, 11)).chain(([cc, n]) => around(`+${cc} ${n.slice(0, 3)} ${n.slice(3)}`, (s) => s)),
  chars(ALNUM, 24, 40).chain((k) => around(`sk-${k}`, (s) => s)),
  fc.tuple(chars(B64URL, 8, 30), chars(B64URL, 8, 30), chars(B64URL, 8, 30)).chain(([a, b, c]) => around(`eyJ${a}.${b}.${c}`, (s) => s)),
  chars(ALNUM, 16, 32).chain((t) => around(t, (s) => `Authorization: Bearer ${s}`)),
  chars(ALNUM, 10, 24).chain((t) => around(t, (s) => `"GET /v1/models?apikey=${s} HTTP/1.1"`)),
  chars(ALNUM, 10, 24).chain((t) => around(t, (s) => `x-api-key: ${s}`)),
  fc.tuple(fc.constantFrom(...PROMPT_KEYS), fc.boolean(), chars(ALNUM, 12, 20)).chain(([k, upper, t]) =>
    safeText.map((a): Planted => ({ secret: `zq${t}`, text: `${a} zq${t}`, key: upper ? k.toUpperCase() : k })),
  ),
);

const leaf: fc.Arbitrary<Value> = fc.oneof(fc.integer(), fc.boolean(), safeText, fc.double({ noNaN: true, noDefaultInfinity: true }));
const tree: fc.Arbitrary<Value> = fc.letrec<{ v: Value }>((tie) => ({
  v: fc.oneof({ depthSize: "small", maxDepth: 5 }, leaf, fc.array(tie("v"), { maxLength: 4 }), fc.dictionary(word, tie("v"), { maxKeys: 4 })),
})).v;

/** Puts the secret at a random path inside a random tree, under a random (or prompt) key. */
function plant(base: Value, p: Planted, path: number[], key: string): Rec {
  const root: Rec = { service: "chat-gateway", status_code: 200, data: base };
  let node: Rec | Value[] = root;
  for (const step of path) {
    const kids: (Rec | Value[])[] = (Array.isArray(node) ? node : Object.values(node)).filter((x): x is Rec | Value[] => typeof x === "object" && x !== null && !Buffer.isBuffer(x));
    if (kids.length === 0) break;
    node = kids[step % kids.length]!;
  }
  if (Array.isArray(node)) node.push(p.key ? { [p.key]: p.text } : p.text);
  else node[p.key ?? `k_${key}`] = p.text;
  return root;
}

const record = fc
  .tuple(tree, planted, fc.array(fc.nat(), { maxLength: 6 }), word, fc.boolean())
  .map(([base, p, path, key, asLog]) => {
    const r = plant(structuredClone(base), p, path, key);
    return { secret: p.secret, record: asLog ? { log: `${JSON.stringify(r)}\n`, stream: "stdout" } : r };
  });

describe("redaction property (real luajit)", () => {
  it("no planted secret survives, nothing is dropped, the Lua never raises", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(record, { minLength: 40, maxLength: 40 }), async (batch) => {
        const { outputs, errors } = await runFilters(CONFIG, batch.map((b) => ({ record: b.record, metadata: { pod_name: "p" } })));
        expect(errors).toEqual([]);
        outputs.forEach((out, i) => {
          expect(out, "dropped").toBeDefined();
          expect(strings(out).join("\n")).not.toContain(batch[i]!.secret);
          expect(out!.service).toBe("chat-gateway");
          expect(out!.status_code).toBe(200);
        });
      }),
      { numRuns: RUNS },
    );
  }, 300_000);
});
