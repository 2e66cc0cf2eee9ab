import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it, vi } from "vitest";
import { evaluateRule, type CelRule } from "../src/cel.ts";
import { compileWithCache, compiledCacheStats, standaloneOptions, validatorKey, type CompiledCacheStats } from "../src/compiled.ts";
import { BuiltinEngine } from "../src/engine.ts";
import { API_SERVER_FORMATS } from "../src/formats.ts";
import { mirrored } from "./shared.ts";

/** RE2's identity escapes outside a class are refused by unicode-mode RegExp (engine.ts does the same). */
function re2(pattern: string, flags: string): RegExp {
  try {
    return new RegExp(pattern, flags);
  } catch (e) {
    if (!flags.includes("u")) throw e;
    return new RegExp(pattern, flags.replace("u", ""));
  }
}

/** An ajv configured as the engine's (engine.ts), through standaloneOptions. */
function engineLikeAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true, formats: API_SERVER_FORMATS, logger: false, validateSchema: false, verbose: true, code: standaloneOptions(re2) });
  ajv.addKeyword({
    keyword: "x-kubernetes-validations",
    schemaType: "array",
    errors: true,
    validate: function celRules(rules: CelRule[], data: unknown, _parent?: unknown, cxt?: { instancePath: string }) {
      const errors: Partial<ErrorObject>[] = [];
      for (const rule of rules) {
        const outcome = evaluateRule(rule, data);
        if ("ok" in outcome && !outcome.ok) errors.push({ keyword: "x-kubernetes-validations", instancePath: cxt?.instancePath ?? "", message: outcome.message, params: { rule: rule.rule } });
      }
      (celRules as unknown as { errors: Partial<ErrorObject>[] }).errors = errors;
      return errors.length === 0;
    },
  });
  return ajv;
}

const SMALL = {
  type: "object",
  required: ["name", "spec"],
  additionalProperties: false,
  properties: {
    name: { type: "string", pattern: "^[a-z](?:\\-[0-9a-f]{4})?$", maxLength: 10 },
    when: { type: "string", format: "date-time" },
    address: { type: "string", format: "ipv4" },
    port: { oneOf: [{ type: "string" }, { type: "integer" }] },
    tags: { type: "array", uniqueItems: true, items: { type: "string", enum: ["a", "b", "c"] } },
    spec: {
      type: "object",
      properties: { min: { type: "integer", minimum: 0 }, max: { type: "integer" } },
      "x-kubernetes-validations": [{ rule: "self.min <= self.max", message: "min must not exceed max" }],
    },
  },
};

const SMALL_OBJECTS: unknown[] = [
  { name: "a", spec: { min: 1, max: 2 } },
  { name: "a-00ff", when: "2024-01-02T03:04:05Z", address: "10.0.0.1", port: 80, tags: ["a", "b"], spec: { min: 0, max: 0 } },
  { name: "A_", when: "yesterday", address: "999.1.1.1", port: 1.5, tags: ["a", "a", "d"], spec: { min: 3, max: 2 }, extra: true },
  { spec: { min: -1, max: "x" } },
  "not an object",
];

const outcome = (fn: ValidateFunction, o: unknown) => ({ valid: fn(o), errors: fn.errors ?? null });
const fresh = (): CompiledCacheStats => ({ compiled: 0, loaded: 0, stored: 0, corrupt: 0, uncacheable: 0, compileMs: 0, loadMs: 0 });
const tempDir = () => mkdtempSync(join(tmpdir(), "llm-gitops-compiled-"));
const cjsFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".cjs"));

describe("compileWithCache", () => {
  it("gives the verdicts and errors of a plain compile, compiled then loaded from disk without compiling", () => {
    const dir = tempDir();
    const plain = engineLikeAjv().compile(SMALL);
    const coldStats = fresh();
    const cold = compileWithCache(engineLikeAjv(), SMALL, { cacheDir: dir, stats: coldStats });
    expect(coldStats).toMatchObject({ compiled: 1, stored: 1, loaded: 0 });
    expect(cjsFiles(dir)).toHaveLength(1);

    // A later run: a new ajv instance, as a new process has.
    const ajv = engineLikeAjv();
    const compile = vi.spyOn(ajv, "compile");
    const warmStats = fresh();
    const warm = compileWithCache(ajv, SMALL, { cacheDir: dir, stats: warmStats });
    expect(compile).not.toHaveBeenCalled();
    expect(warmStats).toMatchObject({ compiled: 0, loaded: 1, stored: 0, corrupt: 0 });
    for (const o of SMALL_OBJECTS) {
      const want = outcome(plain, o);
      expect(outcome(cold, o)).toEqual(want);
      expect(outcome(warm, o)).toEqual(want);
    }
    // The invalid objects really exercise the runtime: CEL keyword, RE2 pattern, formats.
    const errs = (outcome(warm, SMALL_OBJECTS[2]).errors ?? []).map((e) => e.keyword);
    expect(errs).toEqual(expect.arrayContaining(["x-kubernetes-validations", "pattern", "format", "oneOf", "uniqueItems", "enum", "additionalProperties"]));
    // The same call again in the same process is served from memory.
    expect(compileWithCache(ajv, SMALL, { cacheDir: dir })).toBe(warm);
  });

  it("keys by the schema and by what shapes the code", () => {
    const ajv = engineLikeAjv();
    const key = validatorKey(ajv, SMALL);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(validatorKey(engineLikeAjv(), SMALL)).toBe(key);
    expect(validatorKey(ajv, { ...SMALL, required: ["name"] })).not.toBe(key);
    const other = new Ajv({ allErrors: false, strict: false, formats: API_SERVER_FORMATS, logger: false, validateSchema: false, verbose: true, code: standaloneOptions(re2) });
    expect(validatorKey(other, SMALL)).not.toBe(key);
  });

  it("compiles again over a corrupt, truncated or foreign cache file, and replaces it", () => {
    const dir = tempDir();
    compileWithCache(engineLikeAjv(), SMALL, { cacheDir: dir });
    const [file] = cjsFiles(dir);
    const path = join(dir, file!);
    const good = readFileSync(path, "utf8");
    const header = good.slice(0, good.indexOf("\n") + 1);
    const broken = [
      good.slice(0, good.length - 200), // truncated: the sha256 no longer matches
      "garbage",
      // A header that matches its code, code that does not load.
      header.replace(/sha256=[0-9a-f]{64}/, `sha256=${createHash("sha256").update("module.exports = ;").digest("hex")}`) + "module.exports = ;",
      // A file of another key.
      good.replace(/key=[0-9a-f]{64}/, `key=${"0".repeat(64)}`),
    ];
    for (const text of broken) {
      writeFileSync(path, text);
      const stats = fresh();
      const fn = compileWithCache(engineLikeAjv(), SMALL, { cacheDir: dir, stats });
      expect(stats).toMatchObject({ corrupt: 1, compiled: 1, stored: 1, loaded: 0 });
      expect(outcome(fn, SMALL_OBJECTS[2])).toEqual(outcome(engineLikeAjv().compile(SMALL), SMALL_OBJECTS[2]));
      expect(readFileSync(path, "utf8")).toBe(good);
    }
    // A corrupt V8 code cache is refused by V8: the validator still loads and works.
    writeFileSync(path.replace(/\.cjs$/, ".v8"), "not a code cache");
    const stats = fresh();
    const fn = compileWithCache(engineLikeAjv(), SMALL, { cacheDir: dir, stats });
    expect(stats).toMatchObject({ loaded: 1, compiled: 0 });
    expect(outcome(fn, SMALL_OBJECTS[2])).toEqual(outcome(engineLikeAjv().compile(SMALL), SMALL_OBJECTS[2]));
  });

  it("writes the V8 code cache after a loaded validator's first call, and loads with it", () => {
    const dir = tempDir();
    compileWithCache(engineLikeAjv(), SMALL, { cacheDir: dir });
    const second = compileWithCache(engineLikeAjv(), SMALL, { cacheDir: dir });
    expect(readdirSync(dir).filter((f) => f.endsWith(".v8"))).toHaveLength(0);
    second(SMALL_OBJECTS[0]);
    const [v8] = readdirSync(dir).filter((f) => f.endsWith(".v8"));
    expect(v8).toBeDefined();
    const bytes = readFileSync(join(dir, v8!));
    const third = compileWithCache(engineLikeAjv(), SMALL, { cacheDir: dir });
    for (const o of SMALL_OBJECTS) expect(outcome(third, o)).toEqual(outcome(engineLikeAjv().compile(SMALL), o));
    // Accepted by V8: not written again.
    expect(readFileSync(join(dir, v8!)).equals(bytes)).toBe(true);
  });

  it("does not cache without a directory, or for an ajv without standalone source", () => {
    const stats = fresh();
    compileWithCache(engineLikeAjv(), SMALL, { stats });
    const plain = new Ajv({ strict: false, logger: false });
    compileWithCache(plain, { type: "string" }, { cacheDir: tempDir(), stats });
    expect(stats).toMatchObject({ compiled: 2, uncacheable: 2, stored: 0 });
  });

  it("leaves one whole file when processes write the same validator at once", async () => {
    const dir = tempDir();
    const module = resolve(import.meta.dirname, "../src/compiled.ts");
    const script = `
      import { Ajv } from "ajv";
      import { compileWithCache, compiledCacheStats, standaloneOptions } from ${JSON.stringify(module)};
      const schema = JSON.parse(process.argv[1]);
      for (let i = 0; i < 20; i++) compileWithCache(new Ajv({ allErrors: true, strict: false, logger: false, code: standaloneOptions() }), schema, { cacheDir: ${JSON.stringify(dir)} });
      console.log(JSON.stringify(compiledCacheStats));`;
    const schema = JSON.stringify({ type: "object", properties: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`p${i}`, { type: "string", pattern: `^x${i}` }])) });
    const run = () => promisify(execFile)(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script, schema], { cwd: import.meta.dirname });
    const outs = await Promise.all(Array.from({ length: 4 }, run));
    const stats = outs.map((o) => JSON.parse(o.stdout) as CompiledCacheStats);
    expect(stats.every((s) => s.corrupt === 0)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(cjsFiles(dir)).toHaveLength(1);
    const ajv = new Ajv({ allErrors: true, strict: false, logger: false, code: standaloneOptions() });
    const s = fresh();
    const fn = compileWithCache(ajv, JSON.parse(schema), { cacheDir: dir, stats: s });
    expect(s).toMatchObject({ loaded: 1, corrupt: 0 });
    expect(fn({ p1: "x1", p2: "y" })).toBe(false);
  });

  it("agrees with the engine on the InferenceService CRD schema from the mirror", async () => {
    const text = readFileSync(mirrored("https://raw.githubusercontent.com/datreeio/CRDs-catalog/main/serving.kserve.io/inferenceservice_v1beta1.json"), "utf8");
    const { $schema: _ignored, ...schema } = JSON.parse(text) as Record<string, unknown>;
    const meta = { name: "chat", namespace: "llm" };
    const container = { name: "kserve-container", image: "x:1", args: ["--port=8080"], resources: { limits: { "nvidia.com/gpu": "1" } } };
    const objects = [
      { apiVersion: "serving.kserve.io/v1beta1", kind: "InferenceService", metadata: meta, spec: { predictor: { minReplicas: 1, containers: [container] } } },
      { apiVersion: "serving.kserve.io/v1beta1", kind: "InferenceService", metadata: meta, spec: { predictor: { minReplicas: "one", containers: [{ ...container, bogus: 1, ports: [{ containerPort: "x" }] }] }, bogus: true } },
      { apiVersion: "serving.kserve.io/v1beta1", kind: "InferenceService", metadata: meta, spec: { predictor: { model: { modelFormat: {}, storageUri: 3 }, tolerations: [{ effect: 1 }] } } },
      { apiVersion: "serving.kserve.io/v1beta1", kind: "InferenceService" },
    ];
    const dir = tempDir();
    const before = { ...compiledCacheStats };
    const coldStarted = performance.now();
    const cold = compileWithCache(engineLikeAjv(), schema, { cacheDir: dir });
    const coldMs = performance.now() - coldStarted;
    const ajv = engineLikeAjv();
    const compile = vi.spyOn(ajv, "compile");
    const warmStarted = performance.now();
    const warm = compileWithCache(ajv, schema, { cacheDir: dir });
    warm(objects[0]);
    const warmMs = performance.now() - warmStarted;
    expect(compile).not.toHaveBeenCalled();
    expect(compiledCacheStats.loaded - before.loaded).toBe(1);
    expect(compiledCacheStats.compiled - before.compiled).toBe(1);
    console.log(`InferenceService validator: compiled and stored in ${coldMs.toFixed(0)} ms, loaded and first run in ${warmMs.toFixed(0)} ms`);

    // The engine as it is (its own ajv, its error tree): same verdicts and errors as the loaded validator.
    const engine = new BuiltinEngine(true);
    await engine.ready();
    const found = { source: "test:inferenceservice", schema };
    for (const o of objects) {
      const loaded = outcome(warm, o);
      expect(outcome(cold, o)).toEqual(loaded);
      expect(engine.run(warm, o).errors).toEqual(engine.validate(found, o).errors);
    }
    expect(engine.validate(found, objects[0]).errors).toEqual([]);
    expect(engine.run(warm, objects[1]).errors.length).toBeGreaterThan(1);
  });
});
