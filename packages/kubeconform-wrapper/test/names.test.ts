// Issue 8: kind and apiVersion become schema paths and URLs. Before the fix `kind: ../o/evil`
// read a schema outside the schema directory (and the resource passed), a non-JSON file's first
// bytes came back in the message, and a URL template's base path could be left.
import { createServer } from "node:http";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryResources } from "../src/documents.ts";
import { expandLocation, mirrorPath } from "../src/locations.ts";
import { signature, signatureProblem } from "../src/signature.ts";
import { DEFAULT_OPTIONS, type Options } from "../src/types.ts";
import { createValidator } from "../src/validate.ts";

const SECRET = "SECRET_TOKEN=hunter2-do-not-print";
let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kw-names-"));
  await mkdir(join(dir, "schemas"));
  await mkdir(join(dir, "o"));
  await mkdir(join(dir, "mirror/catalog"), { recursive: true });
  await writeFile(join(dir, "o/evil.json"), "{}"); // accepts anything
  await writeFile(join(dir, "o/secret.json"), `${SECRET}\nmore secrets\n`);
  await writeFile(join(dir, "o/widget_v1.json"), "{}");
  await writeFile(join(dir, "schemas/widget.json"), `${SECRET}\n`);
});

const one = (over: Partial<Options>, apiVersion: string, kind: string, io?: { fetch?: typeof fetch }) =>
  createValidator({ ...DEFAULT_OPTIONS, ...over }, io).validate(memoryResources([{ filename: "m.yaml", object: { apiVersion, kind, metadata: { name: "x" } } }]));

describe("kind and apiVersion never leave the schema location", () => {
  it.each([
    ["../o/evil", "a permissive schema outside the directory (the resource passed)"],
    ["../o/secret", "a non-JSON file outside the directory (its first bytes were printed)"],
    ["..%2fo%2fevil", "percent-encoded separators"],
  ])("kind %j is refused before it reaches a path: %s", async (kind) => {
    const [r] = await one({ schemaLocations: [join(dir, "schemas/{{ .ResourceKind }}.json")] }, "v1", kind);
    expect(r).toMatchObject({ status: "statusError", msg: expect.stringMatching(/^kind ".*" is not a Kubernetes kind: /) });
    expect(r!.msg).not.toContain("hunter2");
  });

  it("refuses an apiVersion whose group climbs out of the mirror", async () => {
    const [r] = await one({ schemaLocations: ["catalog"], mirror: join(dir, "mirror") }, "../../o/v1", "Widget");
    expect(r).toMatchObject({ status: "statusError", msg: expect.stringMatching(/^apiVersion "\.\.\/\.\.\/o\/v1" is not a Kubernetes apiVersion/) });
  });

  it("reports a schema that is not JSON without quoting it", async () => {
    const [r] = await one({ schemaLocations: [join(dir, "schemas/{{ .ResourceKind }}.json")] }, "v1", "Widget");
    expect(r).toMatchObject({ status: "statusError", msg: `schema ${join(dir, "schemas/widget.json")} is not valid JSON` });
  });

  it("clips and escapes what it quotes of a hostile kind", async () => {
    const [r] = await one({ schemaLocations: [join(dir, "schemas/{{ .ResourceKind }}.json")] }, "v1", `../${"x".repeat(5000)}\n::error::forged`);
    expect(r!.msg.length).toBeLessThan(160);
    expect(r!.msg).not.toContain("\n");
  });
});

describe("a URL template keeps its base path", () => {
  const requests: string[] = [];
  let base = "";
  const server = createServer((req, res) => {
    requests.push(req.url ?? "");
    if (req.url === "/evil.json") res.writeHead(200, { "content-type": "application/json" }).end("{}");
    else res.writeHead(404).end();
  });
  beforeAll(() => new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve())).then(() => (base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each(["../evil", "%2e%2e/evil", "..\\evil", "evil?x", "evil#x"])("kind %j never reaches the server", async (kind) => {
    const [r] = await one({ schemaLocations: [`${base}/base/{{ .ResourceKind }}.json`] }, "v1", kind);
    expect(r!.status).toBe("statusError");
    expect(requests).toEqual([]);
  });
});

describe("the mirror", () => {
  it.each([
    "https://json.schemastore.org/../../../etc/passwd",
    "https://raw.githubusercontent.com/datreeio/CRDs-catalog/main/%2e%2e/%2E%2e/x.json",
    "https://raw.githubusercontent.com/yannh/kubernetes-json-schema/master/./x.json",
    "https://../x.json",
    "https://example.com/a\\..\\..\\x.json",
    "https://example.com/a/%2F..%2Fx.json",
    "https://example.com:8443/x.json",
    "https://example.com/x.json?../../y",
  ])("cannot be left through %s", (url) => {
    expect(mirrorPath(url, "/m")).toBeUndefined();
  });

  it("maps plain URLs as before (an empty segment, as in the catalog's URL of a core kind, is harmless)", () => {
    expect(mirrorPath("https://raw.githubusercontent.com/datreeio/CRDs-catalog/main//namespace_v1.json", "/m")).toBe("/m/catalog//namespace_v1.json");
    expect(mirrorPath("https://raw.githubusercontent.com/kserve/kserve/v0.15.2/config/crd/full/serving.kserve.io_inferenceservices.yaml", "/m")).toBe(
      "/m/urls/raw.githubusercontent.com/kserve/kserve/v0.15.2/config/crd/full/serving.kserve.io_inferenceservices.yaml",
    );
  });

  it("with a mirror, a URL it cannot hold is an error, never a download", async () => {
    let fetched = 0;
    const spy = (async () => {
      fetched++;
      return new Response("{}");
    }) as typeof fetch;
    const [r] = await one({ schemaLocations: ["https://example.com/a/../{{ .ResourceKind }}.json"], mirror: join(dir, "mirror") }, "v1", "Widget", { fetch: spy });
    expect(r).toMatchObject({ status: "statusError", msg: expect.stringContaining("has no place in the mirror") });
    expect(fetched).toBe(0);
  });
});

describe("Kubernetes' grammar for kind and apiVersion", () => {
  const sig = (apiVersion: string, kind: string) => signature({ apiVersion, kind });
  it.each([
    ["v1", "Namespace"],
    ["apps/v1", "Deployment"],
    ["serving.kserve.io/v1beta1", "InferenceService"],
    ["keda.sh/v1alpha1", "ScaledObject"],
    ["kustomize.config.k8s.io/v1beta1", "Kustomization"],
    ["builtin", "NamespaceTransformer"],
    ["example.com/v2", "My-Widget2"],
  ])("accepts %s %s", (apiVersion, kind) => {
    expect(signatureProblem(sig(apiVersion, kind))).toBeUndefined();
  });

  it.each([
    ["v1", "../Pod", "/kind"],
    ["v1", "Pod.json", "/kind"],
    ["v1", "1Pod", "/kind"],
    ["v1", "Pod ", "/kind"],
    ["v1", "Pod/x", "/kind"],
    ["/v1", "Pod", "/apiVersion"],
    ["../v1", "Pod", "/apiVersion"],
    ["a/b/v1", "Pod", "/apiVersion"],
    ["Apps/v1", "Pod", "/apiVersion"],
    ["apps/v1/", "Pod", "/apiVersion"],
    ["apps/v1?x", "Pod", "/apiVersion"],
    ["apps/%2e%2e", "Pod", "/apiVersion"],
    [`${"a".repeat(64)}.io/v1`, "Pod", "/apiVersion"],
  ])("refuses %j %j at %s", (apiVersion, kind, pointer) => {
    expect(signatureProblem(sig(apiVersion, kind))?.pointer).toBe(pointer);
  });

  it("expandLocation refuses a non-plain field even when a caller forgot to check", () => {
    const forged = { kind: "../x", apiVersion: "v1", group: "", version: "v1", name: "" };
    expect(() => expandLocation("/s/{{ .ResourceKind }}.json", forged, "master", false)).toThrow('refusing to build a schema location from ResourceKind "../x"');
  });
});
