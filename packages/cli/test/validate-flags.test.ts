import { describe, expect, it } from "vitest";
import { parseFlags } from "@llm-gitops/kubeconform-wrapper";
import { main } from "../src/main.ts";
import { VALIDATE_FLAGS } from "../src/commands/validate.ts";
import { captureIo, MIRROR, REPO_ROOT } from "./repo.ts";

const run = async (argv: string[], env: Record<string, string> = { LLM_GITOPS_SCHEMA_MIRROR: MIRROR }) => {
  const io = { ...captureIo(REPO_ROOT), env };
  const code = await main(argv, io);
  return { code, stdout: io.stdout.join("\n"), stderr: io.stderr.join("\n") };
};

describe("validate without paths: the project's settings, and every flag given in force", () => {
  it.each([
    [["validate", "-kubernetes-version", "garbage"], '-kubernetes-version must be master or a full Kubernetes release such as 1.33.1, got "garbage"'],
    [["validate", "--kubernetes-version=1.33"], '-kubernetes-version must be master or a full Kubernetes release such as 1.33.1, got "1.33"'],
    [["validate", "-kubernetes-version", "1.33.1;rm", "x.yaml"], '-kubernetes-version must be master or a full Kubernetes release such as 1.33.1, got "1.33.1;rm"'],
  ])("%j: a version kubeconform has no schemas for is a usage error", async (argv, message) => {
    expect(await run(argv)).toEqual({ code: 2, stdout: "", stderr: `${message} (see llm-gitops validate --help)` });
  });

  it("a bad LLM_GITOPS_KUBERNETES_VERSION is a usage error for validate and check", async () => {
    const env = { LLM_GITOPS_SCHEMA_MIRROR: MIRROR, LLM_GITOPS_KUBERNETES_VERSION: "latest" };
    for (const command of ["validate", "check"]) {
      expect(await run([command], env)).toEqual({ code: 2, stdout: "", stderr: `LLM_GITOPS_KUBERNETES_VERSION must be master or a full Kubernetes release such as 1.33.1, got "latest" (see llm-gitops ${command} --help)` });
    }
  });

  it("uses a given version: 1.30.0, which the mirror lacks, leaves every core object without a schema", async () => {
    const r = await run(["validate", "-kubernetes-version", "1.30.0", "-skip", "InferenceService", "-output", "json"]);
    expect(r.code).toBe(1);
    const failed = (JSON.parse(r.stdout) as { resources: { msg: string }[] }).resources;
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.some((x) => x.msg.startsWith("could not find schema for Namespace"))).toBe(true);
  });

  it("uses the other flags given: -skip and -reject take effect, -summary counts them", async () => {
    const r = await run(["validate", "-skip", "InferenceService", "-reject", "PodDisruptionBudget", "-summary"]);
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n").at(-1)).toMatch(/^Summary: 188 resources found in \d+ files - Valid: \d+, Invalid: 0, Errors: [1-9]\d*, Skipped: [1-9]\d*$/);
    expect(r.stdout).toMatch(/failed validation: prohibited resource kind PodDisruptionBudget/);
  });

  it("with explicit locations, keeps the project's other settings: strict, Kubernetes 1.33.1", async () => {
    // The mirror holds strict schemas only (master and v1.33.1): kubeconform's own defaults
    // (master, not strict) would find none, as validate did before it honoured the project.
    const strict = await run(["validate", "-summary", "-schema-location", "default", "-schema-location", "catalog"]);
    expect(strict.stdout).toMatch(/^Summary: 188 resources found in \d+ files - Valid: 188,/);
  });
});

describe("validate's help and flag list", () => {
  it("says that flags given override the project's settings", async () => {
    expect((await run(["validate", "--help"])).stdout).toMatch(/with check's settings \(strict, [^)]*\) except where a flag given here says otherwise/);
  });


  it.each(VALIDATE_FLAGS)("-%s is a flag validate takes", (name) => {
    const valued = !["strict", "ignore-missing-schemas", "summary", "verbose", "help", "no-cel"].includes(name);
    const value = { n: "2", output: "json", engine: "builtin" }[name] ?? "x";
    expect(() => parseFlags(valued ? [`-${name}`, value] : [`-${name}`], {})).not.toThrow();
  });
});
