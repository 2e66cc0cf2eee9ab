import { createServer } from "node:http";
import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryResources } from "../src/documents.ts";
import { createValidator } from "../src/validate.ts";
import { DEFAULT_OPTIONS } from "../src/types.ts";

const schema = { type: "object", required: ["spec"], properties: { spec: { type: "object", properties: { size: { type: "integer" } } } } };
let base = "";
let hits = 0;
const server = createServer((req, res) => {
  hits++;
  if (req.url === "/example.com/widget_v1.json") {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(schema));
  } else if (req.url === "/broken/widget_v1.json") {
    res.writeHead(500).end("boom");
  } else res.writeHead(404).end();
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const widget = (size: unknown) => memoryResources([{ filename: "w.yaml", object: { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" }, spec: { size } } }]);

describe("schemas over HTTP", () => {
  it("fetches a templated URL, caches it on disk, and serves later runs from the cache", async () => {
    const cache = await mkdtemp(join(tmpdir(), "schema-cache-"));
    const options = { ...DEFAULT_OPTIONS, schemaLocations: [`${base}/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`], cache };
    expect((await createValidator(options).validate(widget(3))).map((r) => r.status)).toEqual(["statusValid"]);
    expect(await readdir(cache)).toHaveLength(1);
    const before = hits;
    expect((await createValidator(options).validate(widget("big"))).map((r) => r.status)).toEqual(["statusInvalid"]);
    expect(hits).toBe(before);
  });

  it("tries the next location on 404 and reports other HTTP failures as errors", async () => {
    const notFoundFirst = { ...DEFAULT_OPTIONS, schemaLocations: [`${base}/nowhere/{{ .ResourceKind }}.json`, `${base}/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`] };
    expect((await createValidator(notFoundFirst).validate(widget(1))).map((r) => r.status)).toEqual(["statusValid"]);
    const broken = { ...DEFAULT_OPTIONS, schemaLocations: [`${base}/broken/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`] };
    expect((await createValidator(broken).validate(widget(1))).map((r) => [r.status, r.msg])).toEqual([
      ["statusError", `could not fetch schema ${base}/broken/widget_v1.json: HTTP 500`],
    ]);
    const closed = { ...DEFAULT_OPTIONS, schemaLocations: ["http://127.0.0.1:9/{{ .ResourceKind }}.json"] };
    const [r] = await createValidator(closed).validate(widget(1));
    expect(r!.msg).toMatch(/^could not fetch schema http:\/\/127\.0\.0\.1:9\/widget\.json: .+; offline, point LLM_GITOPS_SCHEMA_MIRROR \(or -schema-mirror\) at a copy of the schema hosts$/);
  });
});
