import { chmod, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findKubeconform, kubeconformArgs, parseKubeconformJson, runKubeconform } from "../src/binary.ts";
import { DEFAULT_OPTIONS } from "../src/types.ts";
import { FIXTURES } from "./shared.ts";

const V07 = join(FIXTURES, "kubeconform-v0.7.json");

describe("binary engine", () => {
  it("parses kubeconform v0.7 JSON output", async () => {
    const results = parseKubeconformJson(await readFile(V07, "utf8"));
    expect(results.map((r) => [r.filename, r.kind, r.name, r.status])).toEqual([
      ["fixtures/invalid.yaml", "ReplicationController", "bob", "statusInvalid"],
      ["fixtures/valid.yaml", "ReplicationController", "bob", "statusValid"],
      ["fixtures/missing.yaml", "Widget", "w", "statusError"],
      ["fixtures/skipped.yaml", "Secret", "s", "statusSkipped"],
    ]);
    expect(results[0]!.validationErrors).toEqual([{ path: "/spec/replicas", msg: "expected integer or null, but got string" }]);
    expect(results[1]!.validationErrors).toEqual([]);
  });

  it("reads kubeconform's status \"\" of an empty or comment-only document (-verbose) as statusEmpty", () => {
    const out = JSON.stringify({ resources: [{ filename: "a.yaml", kind: "", name: "", version: "", status: "", msg: "" }] });
    expect(parseKubeconformJson(out).map((r) => r.status)).toEqual(["statusEmpty"]);
  });

  it("refuses output it does not understand", () => {
    expect(() => parseKubeconformJson('{"resources":[{"status":"VALID"}]}')).toThrow('unexpected kubeconform status "VALID"');
  });

  it("passes the same configuration as kubeconform flags, mirrored locations made local", () => {
    expect(kubeconformArgs({ ...DEFAULT_OPTIONS, strict: true, kubernetesVersion: "1.33.1", schemaLocations: ["default", "catalog", "crds/"], mirror: "/m", skip: ["Secret"], ignoreMissingSchemas: true })).toEqual([
      "-output", "json", "-verbose", "-summary", "-kubernetes-version", "1.33.1", "-n", "4", "-strict", "-ignore-missing-schemas", "-skip", "Secret",
      "-schema-location", "/m/kubernetes/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json",
      "-schema-location", "/m/catalog/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json",
      "-schema-location", "crds/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json",
    ]);
  });

  it("runs a kubeconform binary, accepting its exit code 1 for invalid resources", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fake-kubeconform-"));
    const bin = join(dir, "kubeconform");
    await writeFile(bin, `#!/bin/sh\necho "$@" > ${dir}/args\ncat ${V07}\nexit 1\n`);
    await chmod(bin, 0o755);
    expect(await findKubeconform(bin)).toBe(bin);
    const results = await runKubeconform(bin, ["a.yaml"], { ...DEFAULT_OPTIONS });
    expect(results).toHaveLength(4);
    expect((await readFile(join(dir, "args"), "utf8")).trim()).toMatch(/ -schema-location default a\.yaml$/);
  });

  it("reports a kubeconform that fails outright", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fake-kubeconform-"));
    const bin = join(dir, "kubeconform");
    await writeFile(bin, "#!/bin/sh\necho 'flag provided but not defined: -x' >&2\nexit 2\n");
    await chmod(bin, 0o755);
    await expect(runKubeconform(bin, ["a.yaml"], { ...DEFAULT_OPTIONS })).rejects.toThrow("kubeconform failed: flag provided but not defined: -x");
  });
});
