import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../src/main.ts";
import { captureIo, MIRROR, REPO_ROOT } from "./repo.ts";

if (!existsSync(MIRROR)) throw new Error(`schema mirror not found at ${MIRROR}: these tests read ../shared/crds beside the repository`);
const FIXTURE = join(import.meta.dirname, "fixtures/broken/manifests.yaml");

const run = async (argv: string[], env: Record<string, string> = { LLM_GITOPS_SCHEMA_MIRROR: MIRROR }, stdin?: string) => {
  const io = { ...captureIo(REPO_ROOT), env, ...(stdin !== undefined ? { stdin: async () => stdin } : {}) };
  const code = await main(argv, io);
  return { code, stdout: io.stdout.join("\n"), stderr: io.stderr.join("\n") };
};
const STRICT = ["validate", "-strict", "-kubernetes-version", "1.33.1", "-schema-location", "default", "-schema-location", "catalog", "-engine", "builtin"];

describe("llm-gitops validate", () => {
  it("gives kubeconform's verdicts on hand-written broken manifests (-strict -output json)", async () => {
    const expected = JSON.parse(await readFile(join(import.meta.dirname, "fixtures/broken/expected.json"), "utf8")) as { kind: string; name: string; status: string; paths?: string[] }[];
    const r = await run([...STRICT, "-output", "json", "-summary", "-verbose", FIXTURE]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { resources: { kind: string; name: string; status: string; validationErrors?: { path: string }[] }[]; summary: object };
    expect(doc.resources.map((x) => ({ kind: x.kind, name: x.name, status: x.status, ...(x.validationErrors ? { paths: x.validationErrors.map((e) => e.path) } : {}) }))).toEqual(expected);
    expect(doc.summary).toEqual({ valid: 3, invalid: 4, errors: 2, skipped: 0 });
  });

  it("uses exactly the schema an explicit location template names (here a strict one, so the typo fails)", async () => {
    const r = await run(["validate", "-kubernetes-version", "master", "-schema-location", join(MIRROR, "kubernetes/master-standalone-strict/{{ .ResourceKind }}{{ .KindSuffix }}.json"), "-output", "json", "-"], { LLM_GITOPS_SCHEMA_MIRROR: MIRROR }, "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: a}\nautomountServiceAcountToken: false\n");
    expect(JSON.parse(r.stdout).resources.map((x: { status: string }) => x.status)).toEqual(["statusInvalid"]);
  });

  it("reads stdin and prints text with located errors and a summary", async () => {
    const r = await run([...STRICT, "-summary", "-"], { LLM_GITOPS_SCHEMA_MIRROR: MIRROR }, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n  lables: {a: b}\n");
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n").slice(1)).toEqual([
      "  stdin:5:3 /metadata/lables: additionalProperties 'lables' not allowed",
      "Summary: 1 resource found parsing stdin - Valid: 0, Invalid: 1, Errors: 0, Skipped: 0",
    ]);
  });

  it("validates a fresh render with check's settings when given neither paths nor locations", async () => {
    const r = await run(["validate", "--summary"]);
    expect(r).toMatchObject({ code: 0, stdout: "Summary: 32 resources found in 32 files - Valid: 32, Invalid: 0, Errors: 0, Skipped: 0" });
  });

  it("validates a fresh render without paths with explicit flags", async () => {
    const r = await run([...STRICT.filter((a) => a !== "-engine" && a !== "builtin"), "-summary"]);
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toMatch(/^Summary: 32 resources found in 32 files - Valid: 32, Invalid: 0, Errors: 0, Skipped: 0$/);
  });

  it("validates the committed clusters/ tree clean in strict mode", async () => {
    const r = await run([...STRICT, "-summary", join(REPO_ROOT, "clusters")]);
    expect(r.stdout).toMatch(/Invalid: 0, Errors: 0, Skipped: \d+$/);
    expect(r.code).toBe(0);
  });

  it.each([
    [["validate", "-output", "yaml"], "-output must be one of text, json, junit, tap, pretty, sarif, github, got yaml (see llm-gitops validate --help)"],
    [["validate", "-frobnicate"], "flag provided but not defined: -frobnicate (see llm-gitops validate --help)"],
    [["validate", "-engine", "binary", "-kubeconform", "/nonexistent/kubeconform", join(REPO_ROOT, "clusters")], "-engine binary: kubeconform not found on PATH; install it or pass -kubeconform PATH (see llm-gitops validate --help)"],
    [["validate", "no-such.yaml"], "no-such.yaml: no such file or directory (see llm-gitops validate --help)"],
  ])("%j is a usage error", async (argv, message) => {
    expect(await run(argv)).toMatchObject({ code: 2, stderr: message });
  });
});

describe("llm-gitops check runs the schema gate", () => {
  it("passes on the example environments", async () => {
    const r = await run(["check"]);
    expect(r.stdout.split("\n")).toEqual(["schema: 32 rendered objects valid (strict)", "clusters/ and docker/ are up to date with environments/"]);
    expect(r.code).toBe(0);
  });
});
