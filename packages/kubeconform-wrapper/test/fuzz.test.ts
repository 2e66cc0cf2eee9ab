// Issue 8: no input may crash, hang or leak through the schema gate. Random and mutated
// manifests (anchors and aliases, hostile kinds and apiVersions, broken YAML, non-UTF-8 bytes)
// go through the builtin engine in memory, from a file and from stdin. A random 56-character
// secret is planted in keys, values, names, kinds, alias names, tags and directives: no message
// may carry more than a short excerpt (40 characters) of it. LLM_GITOPS_FUZZ_RUNS sets the
// number of cases (a nightly run can ask for many more).
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { stringify } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { memoryResources } from "../src/documents.ts";
import { EXCERPT_CHARS } from "../src/excerpt.ts";
import { readResources } from "../src/read.ts";
import { DEFAULT_OPTIONS, type Result } from "../src/types.ts";
import { createValidator } from "../src/validate.ts";
import { MIRROR } from "./shared.ts";

const RUNS = Number(process.env.LLM_GITOPS_FUZZ_RUNS ?? 1500);
const STATUSES = ["statusValid", "statusInvalid", "statusError", "statusSkipped", "statusEmpty"];

// One validator per strictness, reused: each schema (small kinds only) is compiled once.
const validators = [false, true].map((strict) =>
  createValidator({ ...DEFAULT_OPTIONS, strict, kubernetesVersion: "1.33.1", schemaLocations: ["default", "catalog"], mirror: MIRROR }),
);

// 56 characters: still a valid kind, group label and version, so it also reaches past the grammar.
const secret = fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 55, maxLength: 55 }).map((s) => `z${s}`);
const HOSTILE_NAMES = ["../../o/evil", "..", "%2e%2e/x", "a/b", "", "Pod.json", "Pod\n::error::forged", "Ünïcode", "x".repeat(300), "..\\x", "x?y#z"];
const kind = (s: string) => fc.oneof(fc.constantFrom("Namespace", "ConfigMap", "ServiceAccount", "PriorityClass", "ScaledObject", "Widget"), fc.constantFrom(...HOSTILE_NAMES), fc.string(), fc.constant(`Z${s.slice(1)}`));
const apiVersion = (s: string) =>
  fc.oneof(fc.constantFrom("v1", "scheduling.k8s.io/v1", "keda.sh/v1alpha1", "example.com/v1", "builtin"), fc.constantFrom(...HOSTILE_NAMES, "/v1", "V1", "v1/", "a/b/v1"), fc.string(), fc.constantFrom(`${s}/v1`, `example.com/${s}`, s));
const key = (s: string) => fc.oneof(fc.string(), fc.constantFrom("spec", "data", "minReplicaCount", "value", "__proto__"), fc.constant(s));
const json = fc.jsonValue({ maxDepth: 3 });

/** Valid manifests of kinds whose schemas are small: the mutations start from something real. */
const TEMPLATES: Record<string, unknown>[] = [
  { apiVersion: "v1", kind: "Namespace", metadata: { name: "n", labels: { a: "b" } } },
  { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "n" }, data: { "k.yaml": "x: 1\n" } },
  { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "s" }, automountServiceAccountToken: false },
  { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "p" }, value: 1000 },
  { apiVersion: "keda.sh/v1alpha1", kind: "ScaledObject", metadata: { name: "o", namespace: "n" }, spec: { scaleTargetRef: { name: "d" }, minReplicaCount: 1, maxReplicaCount: 3, triggers: [{ type: "cron", metadata: { timezone: "UTC", start: "0 7 * * *", end: "0 19 * * *", desiredReplicas: "2" } }] } },
];

/** A manifest: a template, maybe renamed, with extra fields, one object shared (YAML anchors it). */
const manifest = secret.chain((s) =>
  fc
    .record({
      template: fc.constantFrom(...TEMPLATES),
      apiVersion: fc.option(apiVersion(s), { freq: 2 }),
      kind: fc.option(kind(s), { freq: 2 }),
      name: fc.option(fc.oneof(fc.string(), fc.constant(s)), { freq: 2 }),
      extra: fc.dictionary(key(s), json, { maxKeys: 3 }),
      where: fc.constantFrom("top", "metadata", "spec", "none"),
      shared: fc.dictionary(key(s), json, { maxKeys: 2 }),
      reuse: fc.nat({ max: 4 }),
    })
    .map(({ template, apiVersion: a, kind: k, name, extra, where, shared, reuse }) => {
      const o = structuredClone(template) as Record<string, any>;
      if (a !== null) o.apiVersion = a;
      if (k !== null) o.kind = k;
      if (name !== null) o.metadata.name = name;
      if (where === "top") Object.assign(o, extra);
      else if (where !== "none") o[where] = { ...(o[where] ?? {}), ...extra };
      if (reuse) o.metadata.annotations = Object.fromEntries(Array.from({ length: reuse }, (_, i) => [`k${i}`, shared]));
      return { secret: s, object: o as unknown };
    }),
);

const bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n";
const snippets = (s: string) => ["*nope", "&a ", "*a", ": ", "- ", "\n---\n", "!!binary ", `!${s} `, `*${s}`, `&${s} `, `%${s}\n`, `"\\${s}"`, "\t", "{", "[", '"', "'", "|\n", `<<: *a\n`, bomb, "\uFEFF", "\u0000", "\r"];
const BAD_BYTES = [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xfe, 0xff], [0xe2, 0x82]];

/** Edits at random places of the serialized text: insertions, deletions, invalid UTF-8. */
const mutation = (s: string) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), insert: fc.constantFrom(...snippets(s)).map((t) => Buffer.from(t)) }) },
    { weight: 1, arbitrary: fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), insert: fc.constantFrom(...BAD_BYTES).map((b) => Buffer.from(b)) }) },
    { weight: 2, arbitrary: fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), remove: fc.nat({ max: 20 }) }) },
  );

const fuzzCase = manifest.chain(({ secret: s, object }) =>
  fc.record({
    secret: fc.constant(s),
    object: fc.oneof({ weight: 9, arbitrary: fc.constant(object) }, { weight: 1, arbitrary: json }),
    yaml: fc.boolean(),
    mutations: fc.array(mutation(s), { maxLength: 3 }),
    via: fc.constantFrom("memory", "file", "stdin"),
    strict: fc.boolean(),
  }),
);

function mutate(text: string, mutations: readonly { at: number; insert?: Buffer; remove?: number }[]): Uint8Array {
  let bytes = Buffer.from(text);
  for (const m of mutations) {
    const at = Math.floor(m.at * bytes.length);
    bytes = Buffer.concat([bytes.subarray(0, at), m.insert ?? Buffer.alloc(0), bytes.subarray(at + (m.remove ?? 0))]);
  }
  return bytes;
}

/** Every message and path of a result, which is what the outputs print. */
const printed = (r: Result) => [r.msg, ...r.validationErrors.flatMap((e) => [e.msg, e.path])];

function check(results: readonly Result[], s: string) {
  const windows = Array.from({ length: s.length - EXCERPT_CHARS }, (_, i) => s.slice(i, i + EXCERPT_CHARS + 1));
  for (const r of results) {
    expect(STATUSES).toContain(r.status);
    for (const text of printed(r)) {
      expect(typeof text).toBe("string");
      expect(text).not.toMatch(/[\n\r]/);
      const leaked = windows.find((w) => text.includes(w));
      if (leaked) throw new Error(`message quotes more than ${EXCERPT_CHARS} characters of input: ${text.slice(0, 300)}`);
    }
  }
}

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kw-fuzz-"));
  // Compile the schemas the cases use outside the timed runs.
  const warm = ["Namespace", "ConfigMap", "ServiceAccount"].map((k) => ({ filename: "w", object: { apiVersion: "v1", kind: k, metadata: { name: "w" } } }));
  warm.push({ filename: "w", object: { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "w" } } }, { filename: "w", object: { apiVersion: "keda.sh/v1alpha1", kind: "ScaledObject", metadata: { name: "w" } } });
  for (const v of validators) await v.validate(memoryResources(warm));
});

describe("the builtin engine on random and mutated manifests", () => {
  it(`never throws, hangs or echoes input (${RUNS} cases)`, async () => {
    let slowest = 0;
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fuzzCase, async (c) => {
        const started = performance.now();
        const validator = validators[c.strict ? 1 : 0]!;
        let results: Result[];
        if (c.via === "memory") results = await validator.validate(memoryResources([{ filename: `case-${n}`, object: c.object }]));
        else {
          const bytes = mutate(c.yaml ? stringify(c.object, { aliasDuplicateObjects: true }) : JSON.stringify(c.object) ?? "", c.mutations);
          const file = join(dir, `case-${n}.yaml`);
          if (c.via === "file") await writeFile(file, bytes);
          results = await validator.validate(await readResources([c.via === "file" ? file : "-"], c.strict, async () => bytes));
        }
        n++;
        check(results, c.secret);
        slowest = Math.max(slowest, performance.now() - started);
      }),
      { numRuns: RUNS },
    );
    console.log(`fuzz: ${n} cases, slowest ${slowest.toFixed(0)} ms`);
  }, 120_000); // a hang fails here; speed is measured by the bench, never asserted in a test

});
