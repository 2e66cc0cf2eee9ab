import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cachedCrdSchemas, crdSchemas } from "../src/crd.ts";
import { memoryResources } from "../src/documents.ts";
import { mirrorPath } from "../src/locations.ts";
import { pinnedFiles } from "../src/pins.ts";
import { SchemaRegistry, type SharedCrds } from "../src/registry.ts";
import { signature } from "../src/signature.ts";
import { DEFAULT_OPTIONS } from "../src/types.ts";
import { createValidator } from "../src/validate.ts";
import { MIRROR } from "./shared.ts";

/**
 * CRD files as schema locations, as clusters pin them: Istio's crd-all holds fifteen CRDs whose
 * schemas list only spec and status, and Kong's CRDs carry RE2 patterns JavaScript's unicode mode
 * refuses. Upstream files from ../shared/crds (see its PROVENANCE.md).
 */
const ISTIO = "https://raw.githubusercontent.com/istio/istio/1.30.3/manifests/charts/base/files/crd-all.gen.yaml";
const validator = (locations: string[]) => createValidator({ ...DEFAULT_OPTIONS, strict: true, kubernetesVersion: "1.33.1", schemaLocations: locations, mirror: MIRROR });
const meta = { name: "x", namespace: "llm-prod" };

describe("CRD files as schema locations", () => {
  it("validates each kind of a many-CRD file against its own schema, whatever was validated before", async () => {
    const objects = [
      { apiVersion: "security.istio.io/v1", kind: "PeerAuthentication", metadata: meta, spec: { mtls: { mode: "STRICT" } } },
      { apiVersion: "security.istio.io/v1", kind: "AuthorizationPolicy", metadata: meta, spec: { action: "ALLOW", rules: [{ from: [{ source: { principals: ["cluster.local/ns/kong/sa/kong-gateway"] } }] }] } },
      { apiVersion: "security.istio.io/v1", kind: "AuthorizationPolicy", metadata: meta, spec: { mtls: { mode: "STRICT" } } },
    ];
    const results = await validator([ISTIO]).validate(memoryResources(objects.map((object, i) => ({ filename: `o${i}.yaml`, object }))));
    expect(results.map((r) => [r.kind, r.status, (r.validationErrors ?? []).map((e) => `${e.path} ${e.msg}`)])).toEqual([
      ["PeerAuthentication", "statusValid", []],
      ["AuthorizationPolicy", "statusValid", []],
      ["AuthorizationPolicy", "statusInvalid", ["/spec additional properties 'mtls' not allowed"]],
    ]);
  });

  it("accepts apiVersion, kind and metadata at a strict root the CRD does not list, and nothing else", async () => {
    const pa = { apiVersion: "security.istio.io/v1", kind: "PeerAuthentication", metadata: meta, spec: {}, extra: 1 };
    const [r] = await validator([ISTIO]).validate(memoryResources([{ filename: "pa.yaml", object: pa }]));
    expect((r!.validationErrors ?? []).map((e) => `${e.path} ${e.msg}`)).toEqual([" additional properties 'extra' not allowed"]);
  });

  // Kong's KongConsumer has `(?:\-[0-9a-f]{4})`: an identity escape RE2 reads as `-`.
  // (Its CEL rule refuses type konnectID on a KongConsumer either way: only the pattern is asserted.)
  const konnect = (konnectID: string) => ({ username: "prod.acme", spec: { controlPlaneRef: { type: "konnectID", konnectID } } });
  const consumer = (fields: object) => ({ apiVersion: "configuration.konghq.com/v1", kind: "KongConsumer", metadata: { ...meta, annotations: { "kubernetes.io/ingress.class": "kong" } }, ...fields });
  it.each([
    ["a consumer without a Konnect ID", { username: "prod.acme", credentials: ["prod-acme-key"] }, []],
    ["a Konnect ID the pattern accepts", konnect("0f8fad5b-d9cb-469f-a165-70867728950e"), []],
    ["a Konnect ID the pattern refuses", konnect("0f8fad5b_d9cb-469f-a165-70867728950e"), ["/spec/controlPlaneRef/konnectID"]],
  ])("compiles Kong's RE2 patterns: %s", async (_, fields, paths) => {
    const [r] = await validator(["catalog"]).validate(memoryResources([{ filename: "c.yaml", object: consumer(fields) }]));
    expect(r!.status).not.toBe("statusError");
    expect((r!.validationErrors ?? []).filter((e) => e.msg.includes("does not match pattern")).map((e) => e.path)).toEqual(paths);
  });
});

describe("RE2 flag groups", () => {
  // prometheus-operator's PrometheusRule: partial_response_strategy matches `^(?i)(abort|warn)?$`.
  const rule = (strategy: string) => ({
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: meta,
    spec: { groups: [{ name: "g", partial_response_strategy: strategy, rules: [{ record: "r", expr: "up" }] }] },
  });
  it.each([
    ["abort", []],
    ["WARN", []],
    ["skip", ["/spec/groups/0/partial_response_strategy"]],
  ])("a leading (?i) is case-insensitive matching: %s", async (strategy, paths) => {
    const [r] = await validator(["catalog"]).validate(memoryResources([{ filename: "r.yaml", object: rule(strategy) }]));
    expect(r!.status).not.toBe("statusError");
    expect((r!.validationErrors ?? []).map((e) => e.path)).toEqual(paths);
  });
});

describe("pinned CRD files", () => {
  it("are parsed once for every registry (cluster) of a run that shares them, and only those", async () => {
    const [istio] = pinnedFiles("istio", "1.30.3");
    const options = { ...DEFAULT_OPTIONS, strict: true, mirror: MIRROR, schemaLocations: [istio!.url] };
    const sig = signature({ apiVersion: "security.istio.io/v1", kind: "PeerAuthentication", metadata: { name: "x" } });
    const shared: SharedCrds = new Map();
    const [a, b] = await Promise.all([new SchemaRegistry(options, fetch, shared).find(sig), new SchemaRegistry({ ...options }, fetch, shared).find(sig)]);
    expect(a?.source).toMatch(/PeerAuthentication/);
    expect(b!.schema).toBe(a!.schema);
    // Strictness shapes the converted schema: its own parse. A registry sharing nothing reads for itself.
    expect((await new SchemaRegistry({ ...options, strict: false }, fetch, shared).find(sig))!.schema).not.toBe(a!.schema);
    expect((await new SchemaRegistry(options).find(sig))!.schema).not.toBe(a!.schema);
  });
});

/** A cached conversion without the digests the cache adds: what crdSchemas gives. */
const converted = (text: string, strict: boolean, dir: string) => cachedCrdSchemas(text, strict, dir).map(({ group, version, kind, schema }) => ({ group, version, kind, schema }));

describe("converted CRD files, cached", () => {
  it("give what the conversion gives, per file and mode, and survive a bad entry", () => {
    const text = readFileSync(mirrorPath(ISTIO, MIRROR)!, "utf8");
    const dir = mkdtempSync(join(tmpdir(), "llm-gitops-crd-cache-"));
    const strict = crdSchemas(text, true);
    expect(strict.length).toBeGreaterThan(10);
    expect(converted(text, true, dir)).toEqual(strict); // converted and stored
    const [entry, kinds] = readdirSync(join(dir, "crds")).sort();
    expect(kinds).toBe(entry!.replace(/\.json$/, ".kinds.json"));
    expect(converted(text, true, dir)).toEqual(strict); // read back
    expect(converted(text, false, dir)).toEqual(crdSchemas(text, false)); // another mode, another entry
    expect(readdirSync(join(dir, "crds"))).toHaveLength(4);
    // A whole entry that lacks a kind the kinds file names is converted again, as is any bad file.
    for (const [file, empty] of [[entry!, "[]"], [kinds!, "{}"]] as const) {
      for (const bad of ["{", "null", JSON.stringify([{ kind: 1 }]), empty]) {
        writeFileSync(join(dir, "crds", file), bad);
        expect(converted(text, true, dir)).toEqual(strict);
      }
    }
    // Each schema's digest names the text, the mode and the kind, whether cached or not.
    const digests = cachedCrdSchemas(text, true, dir).map((c) => c.digest);
    expect(new Set(digests).size).toBe(strict.length);
    expect(cachedCrdSchemas(text, true, undefined).map((c) => c.digest)).toEqual(digests);
    expect(cachedCrdSchemas(text, false, dir).map((c) => c.digest)).not.toContain(digests[0]);
    // An entry is found by the text's hash: another text never reads it.
    expect(converted(`${text}\n# edited\n`, true, dir)).toEqual(strict);
    expect(readdirSync(join(dir, "crds"))).toHaveLength(6);
  });

  it("read a schema only when it is used", () => {
    const text = readFileSync(mirrorPath(ISTIO, MIRROR)!, "utf8");
    const dir = mkdtempSync(join(tmpdir(), "llm-gitops-crd-cache-"));
    const strict = crdSchemas(text, true);
    cachedCrdSchemas(text, true, dir);
    const entry = readdirSync(join(dir, "crds")).find((f) => !f.endsWith(".kinds.json"))!;
    rmSync(join(dir, "crds", entry));
    const cached = cachedCrdSchemas(text, true, dir);
    expect(cached.map(({ group, version, kind }) => ({ group, version, kind }))).toEqual(strict.map(({ group, version, kind }) => ({ group, version, kind })));
    expect(readdirSync(join(dir, "crds"))).not.toContain(entry); // the kinds alone were read
    expect(cached[3]!.schema).toEqual(strict[3]!.schema); // converted again on first use, and stored
    expect(readdirSync(join(dir, "crds"))).toContain(entry);
  });
});
