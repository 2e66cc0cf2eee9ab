import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile, cp, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cachePath, sha256 } from "../src/cache.ts";
import { crdSchemas } from "../src/crd.ts";
import { memoryResources } from "../src/documents.ts";
import { PINNED, PINS, pinnedFiles, type Project } from "../src/pins.ts";
import { DEFAULT_OPTIONS, type Options } from "../src/types.ts";
import { createValidator } from "../src/validate.ts";
import { mirrored } from "./shared.ts";
import { offline, serveUpstream } from "./upstream.ts";

/** Pinned releases: the sha256 of each file is checked wherever it comes from (src/pins.ts). */
const KEDA = PINS.keda["2.20.2"]![0]!.url;
const scaledObject = (min: number, max: number) =>
  memoryResources([{ filename: "so.yaml", object: { apiVersion: "keda.sh/v1alpha1", kind: "ScaledObject", metadata: { name: "s", namespace: "n" }, spec: { scaleTargetRef: { name: "d" }, minReplicaCount: min, maxReplicaCount: max, triggers: [{ type: "cron", metadata: {} }] } } }]);
const options = (over: Partial<Options>): Options => ({ ...DEFAULT_OPTIONS, strict: true, schemaLocations: [KEDA], ...over });
const verdict = async (o: Options, f: typeof fetch) => (await createValidator(o, { fetch: f }).validate(scaledObject(1, 2))).map((r) => [r.status, r.msg]);
const tmp = (prefix: string) => mkdtemp(join(tmpdir(), prefix));

describe("the pin table", () => {
  it.each([
    ["keda", "2.19.0", "KEDA 2.19.0 has no pinned schemas (known: 2.20.2); use one of those, or pin its files in kubeconform-wrapper/src/pins.ts"],
    ["kserve", "0.14.1", "KServe 0.14.1 has no pinned schemas (known: 0.15.2, 0.16.0, 0.20.0)"],
    ["kubernetes", "1.30.0", "Kubernetes 1.30.0 has no pinned schemas (known: 1.33.1)"],
    ["gatewayApi", "toString", "Gateway API toString has no pinned schemas (known: 1.6.1)"],
  ] as [Project, string, string][])("%s %s is an error naming the known versions", (project, version, message) => {
    expect(() => pinnedFiles(project, version)).toThrow(message);
  });

  it.each([...PINNED.values()].map((f) => [f.url.replace("https://raw.githubusercontent.com/", ""), f] as const))("%s: the mirror's file has the pinned sha256 and the listed groups", async (_, f) => {
    const bytes = await readFile(mirrored(f.url));
    expect(sha256(bytes)).toBe(f.sha256);
    if (f.groups) expect([...new Set(crdSchemas(bytes.toString("utf8"), true).map((c) => c.group))].sort()).toEqual([...f.groups].sort());
  });
});

describe("pinned files over HTTP (upstream served on loopback), into the cache", () => {
  let upstream: Awaited<ReturnType<typeof serveUpstream>>;
  beforeAll(async () => {
    upstream = await serveUpstream();
  });
  afterAll(() => upstream.close());

  it("downloads and verifies on the first run, and reads only the cache on the second", async () => {
    const cache = await tmp("pins-cache-");
    expect(await verdict(options({ cache }), upstream.fetch)).toEqual([["statusValid", ""]]);
    const file = join(cache, "raw.githubusercontent.com/kedacore/keda/v2.20.2/config/crd/bases/keda.sh_scaledobjects.yaml");
    expect(sha256(await readFile(file))).toBe(PINNED.get(KEDA)!.sha256);
    expect(await verdict(options({ cache }), offline)).toEqual([["statusValid", ""]]);
  });

  it("refuses a download that is not the pinned bytes, naming the URL and both hashes, and keeps nothing", async () => {
    const cache = await tmp("pins-cache-");
    const evil = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n";
    upstream.tampered.set(KEDA, evil);
    try {
      expect(await verdict(options({ cache }), upstream.fetch)).toEqual([
        ["statusError", `sha256 mismatch for ${KEDA}: pinned ${PINNED.get(KEDA)!.sha256}, got ${sha256(Buffer.from(evil))}; the file was not used`],
      ]);
    } finally {
      upstream.tampered.delete(KEDA);
    }
    expect(existsSync(cachePath(cache, KEDA))).toBe(false);
  });

  it("drops a cached file that is not the pinned bytes and fetches it again", async () => {
    const cache = await tmp("pins-cache-");
    await mkdir(dirname(cachePath(cache, KEDA)), { recursive: true });
    await writeFile(cachePath(cache, KEDA), "kind: CustomResourceDefinition\n");
    const before = upstream.seen.length;
    expect(await verdict(options({ cache }), upstream.fetch)).toEqual([["statusValid", ""]]);
    expect(upstream.seen.slice(before)).toEqual([KEDA]);
    expect(sha256(await readFile(cachePath(cache, KEDA)))).toBe(PINNED.get(KEDA)!.sha256);
  });
});

describe("a mirror (LLM_GITOPS_SCHEMA_MIRROR): read, verified, never the network", () => {
  it("validates from the mirror with no fetch at all", async () => {
    const mirror = await tmp("pins-mirror-");
    await cp(mirrored(KEDA), cachePath(mirror, KEDA));
    expect(await verdict(options({ mirror }), offline)).toEqual([["statusValid", ""]]);
  });

  it("refuses a mirror file that is not the pinned bytes, and leaves the mirror as it is", async () => {
    const mirror = await tmp("pins-mirror-");
    const local = cachePath(mirror, KEDA);
    await mkdir(dirname(local), { recursive: true });
    await writeFile(local, "kind: CustomResourceDefinition\n");
    const [status, msg] = (await verdict(options({ mirror }), offline))[0]!;
    expect(status).toBe("statusError");
    expect(msg).toBe(`sha256 mismatch for ${KEDA} in the mirror (${local}): pinned ${PINNED.get(KEDA)!.sha256}, got ${sha256(Buffer.from("kind: CustomResourceDefinition\n"))}; the file was not used`);
    expect(await readFile(local, "utf8")).toBe("kind: CustomResourceDefinition\n");
  });
});
