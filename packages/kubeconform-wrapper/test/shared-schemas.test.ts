import fc from "fast-check";
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { shareRepeated } from "../src/shared-schemas.ts";
import { mirrored } from "./shared.ts";

const container = { type: "object", required: ["name"], properties: { name: { type: "string", minLength: 1 }, image: { type: "string" }, ports: { type: "array", items: { type: "object", properties: { containerPort: { type: "integer", maximum: 65535 } } } } }, additionalProperties: false };

describe("repeated sub-schemas written once", () => {
  /** The schema with every $ref replaced by what it names: the schema as written again. */
  const inlined = (shared: Record<string, unknown>) => {
    const { definitions = {}, ...rest } = shared as { definitions?: Record<string, unknown> };
    const walk = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(walk);
      if (!v || typeof v !== "object") return v;
      const ref = (v as { $ref?: string }).$ref;
      if (ref) return walk(definitions[ref.replace("#/definitions/", "")]);
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    };
    return walk(rest);
  };

  it("moves a repeated sub-schema to definitions and refers to it everywhere it was", () => {
    const schema = { type: "object", properties: { a: container, b: { type: "array", items: container }, c: { type: "object", additionalProperties: container } } };
    const shared = shareRepeated(schema, 50) as { properties: Record<string, { items?: unknown; additionalProperties?: unknown; $ref?: string }>; definitions: Record<string, unknown> };
    expect(shared.properties.a).toEqual({ $ref: "#/definitions/s0" });
    expect(shared.properties.b!.items).toEqual({ $ref: "#/definitions/s0" });
    expect(shared.properties.c!.additionalProperties).toEqual({ $ref: "#/definitions/s0" });
    expect(inlined(shared)).toEqual(schema);
  });

  it.each([
    ["a $ref", { type: "object", properties: { a: container, b: container, r: { $ref: "#/properties/a" } } }],
    ["an $id", { $id: "https://example.com/s", type: "object", properties: { a: container, b: container } }],
    ["definitions of its own", { definitions: { x: container }, type: "object", properties: { a: container, b: container } }],
    ["nothing repeated", { type: "object", properties: { a: container } }],
  ])("leaves a schema with %s as it is", (_, schema) => {
    expect(shareRepeated(schema, 50)).toBe(schema);
  });

  it("keeps data that only looks like a schema (enum, default) where it is", () => {
    const schema = { type: "object", properties: { a: container, b: container, d: { type: "object", default: container, enum: [container] } } };
    const shared = shareRepeated(schema, 50) as { properties: { d: unknown } };
    expect(shared.properties.d).toEqual({ type: "object", default: container, enum: [container] });
  });

  it("gives the same verdict as the schema as written: KServe's InferenceService CRD, fuzzed documents", () => {
    const schema = JSON.parse(readFileSync(mirrored("https://raw.githubusercontent.com/datreeio/CRDs-catalog/main/serving.kserve.io/inferenceservice_v1beta1.json"), "utf8")) as Record<string, unknown>;
    delete schema.$schema;
    const shared = shareRepeated(schema);
    expect(JSON.stringify(shared).length).toBeLessThan(JSON.stringify(schema).length / 4);
    expect(inlined(shared)).toEqual(schema);
    const ajv = (inlineRefs: boolean) => new Ajv({ strict: false, allErrors: false, validateSchema: false, logger: false, inlineRefs });
    const original = ajv(true).compile(schema);
    const sharedFn = ajv(false).compile(shared);
    const port = fc.record({ containerPort: fc.oneof(fc.integer({ min: -1, max: 70000 }), fc.string()), protocol: fc.constantFrom("TCP", "UDP", 3) }, { requiredKeys: [] });
    const cont = fc.record({ name: fc.oneof(fc.constant("kserve-container"), fc.integer()), image: fc.string(), args: fc.array(fc.oneof(fc.string(), fc.integer())), ports: fc.array(port, { maxLength: 2 }), bogus: fc.boolean() }, { requiredKeys: [] });
    const predictor = fc.record({ minReplicas: fc.oneof(fc.integer({ min: -1, max: 3 }), fc.string()), containers: fc.array(cont, { maxLength: 2 }), initContainers: fc.array(cont, { maxLength: 1 }), model: fc.record({ modelFormat: fc.record({ name: fc.constantFrom("vllm", 1) }, { requiredKeys: [] }), runtime: fc.string() }, { requiredKeys: [] }), tolerations: fc.array(fc.record({ key: fc.string(), effect: fc.constantFrom("NoSchedule", 1) }, { requiredKeys: [] }), { maxLength: 1 }) }, { requiredKeys: [] });
    const isvc = fc.record({ apiVersion: fc.constant("serving.kserve.io/v1beta1"), kind: fc.constant("InferenceService"), metadata: fc.record({ name: fc.string() }), spec: fc.record({ predictor, transformer: fc.record({ containers: fc.array(cont, { maxLength: 1 }) }, { requiredKeys: [] }) }, { requiredKeys: [] }) }, { requiredKeys: ["apiVersion", "kind", "spec"] });
    const verdicts = { valid: 0, invalid: 0 };
    fc.assert(
      fc.property(isvc, (doc) => {
        const v = original(doc);
        expect(sharedFn(doc)).toBe(v);
        verdicts[v ? "valid" : "invalid"]++;
      }),
      { numRuns: 1500, seed: 20261127 },
    );
    expect(verdicts.valid).toBeGreaterThan(30);
    expect(verdicts.invalid).toBeGreaterThan(100);
  });
});
