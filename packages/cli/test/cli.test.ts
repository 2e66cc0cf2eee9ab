import { execFile } from "node:child_process";
import { appendFile, readFile, writeFile, unlink } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { main } from "../src/main.ts";
import { captureIo, copyRepo, snapshot } from "./repo.ts";

const run = async (argv: string[], cwd: string) => {
  const io = captureIo(cwd);
  const code = await main(argv, io);
  return { code, stdout: io.stdout.join("\n"), stderr: io.stderr.join("\n") };
};

describe("llm-gitops generate", () => {
  it("leaves a current tree untouched and says so", async () => {
    const root = await copyRepo();
    const before = await snapshot(root);
    const r = await run(["generate"], root);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toMatch(/^generated \d+ files: 0 added, 0 updated, 0 removed, \d+ unchanged$/);
    expect(await snapshot(root)).toEqual(before);
  });

  it("fails on garbage appended to an environment, naming the file, and writes nothing", async () => {
    const root = await copyRepo();
    await writeFile(join(root, "environments/dev.yaml"), (await readFile(join(root, "environments/dev.yaml"), "utf8")).replace("min: 1", "min: 2"));
    await appendFile(join(root, "environments/staging.yaml"), "\n}}} garbage: [\n");
    const before = await snapshot(root);
    const r = await run(["generate"], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^environments\/staging\.yaml:\d+:\d+ not valid YAML: /);
    expect(r.stderr).toMatch(/generate failed: 1 problem in environments\/; nothing was written$/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(await snapshot(root)).toEqual(before);
  });

  it("--check exits 1 listing stale, missing and extra files, and changes nothing", async () => {
    const root = await copyRepo();
    await writeFile(join(root, "environments/dev.yaml"), (await readFile(join(root, "environments/dev.yaml"), "utf8")).replace("min: 1", "min: 2"));
    await unlink(join(root, "clusters/prod-use1-a/prod/kustomization.yaml"));
    await writeFile(join(root, "clusters/prod-use1-a/hand-made.yaml"), "kind: ConfigMap\n");
    const before = await snapshot(root);
    const r = await run(["generate", "--check"], root);
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n")).toEqual([
      "clusters/ and docker/ differ from a fresh render of environments/ (4 files); run `npm run generate` and commit the result:",
      "  stale    clusters/dev-use1/dev/patches/inferenceservice-qwen-chat.yaml",
      "  stale    clusters/dev-use1/dev/resources/horizontalpodautoscaler-qwen-chat-autoscaler.yaml",
      "  missing  clusters/prod-use1-a/prod/kustomization.yaml",
      "  extra    clusters/prod-use1-a/hand-made.yaml",
    ]);
    expect(await snapshot(root)).toEqual(before);
    expect((await run(["check"], root)).code).toBe(1);
    expect((await run(["generate"], root)).code).toBe(0);
    expect(await run(["generate", "--check"], root)).toMatchObject({ code: 0, stdout: "clusters/ and docker/ are up to date with environments/" });
  });

  it("refuses a context the GPU cannot hold, located in the environment file, and writes nothing", async () => {
    const root = await copyRepo();
    const prod = join(root, "environments/prod.yaml");
    await writeFile(prod, (await readFile(prod, "utf8")).replace("maxModelLen: 16384", "maxModelLen: 65536"));
    const before = await snapshot(root);
    const r = await run(["generate"], root);
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")[0]).toBe(
      'environments/prod.yaml:17:7 deployments[0].vllm.maxModelLen: 65536 exceeds the context length of "qwen2.5-7b-instruct-awq" (32768 tokens); lower it or declare architecture.ropeScalingFactor for "qwen2.5-7b-instruct-awq" if the checkpoint extends it',
    );
    expect(await snapshot(root)).toEqual(before);
  });

  it("prints a located warning for GPU utilisation and still generates", async () => {
    const root = await copyRepo();
    const prod = join(root, "environments/prod.yaml");
    await writeFile(prod, (await readFile(prod, "utf8")).replace("metric: queueDepth\n      target: 2", "metric: gpuUtilization\n      target: 80"));
    const r = await run(["generate"], root);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      "warning: environments/prod.yaml:20:7 deployments[0].autoscaling.metric: GPU utilisation is a poor load signal for vLLM: it reads near 100% with a single request in flight and says nothing about waiting users; queueDepth (vllm:num_requests_waiting) scales on exactly that",
    );
  });

  it("finds the repository root from a subdirectory", async () => {
    const root = await copyRepo();
    expect((await run(["check"], join(root, "clusters"))).code).toBe(0);
  });
});

describe("usage", () => {
  it.each([
    [["--help"], 0, /^Usage: llm-gitops <command>/],
    [["help", "generate"], 0, /^Usage: llm-gitops generate/],
    [["generate", "--help"], 0, /--check/],
    [["check", "-h"], 0, /^Usage: llm-gitops check/],
  ])("%j exits %i with help", async (argv, code, out) => {
    const r = await run(argv, "/");
    expect(r.code).toBe(code);
    expect(r.stdout).toMatch(out);
  });

  it.each([
    [["deploy"], "unknown command 'deploy'; commands: generate, check, validate (see llm-gitops --help)"],
    [["generate", "--frobnicate"], /^Unknown option '--frobnicate'.* \(see llm-gitops generate --help\)$/],
    [["generate"], "no environments/platform.yaml in / or above; run from the repository or pass --root DIR (see llm-gitops generate --help)"],
  ])("%j exits 2 with one line", async (argv, message) => {
    const r = await run(argv, "/");
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")).toHaveLength(1);
    if (typeof message === "string") expect(r.stderr).toBe(message);
    else expect(r.stderr).toMatch(message);
  });
});

describe("the npx llm-gitops binary", () => {
  it("runs from TypeScript sources and passes the exit code through", async () => {
    const bin = join(import.meta.dirname, "../bin/llm-gitops.js");
    const { stdout } = await promisify(execFile)(process.execPath, [bin, "--help"]);
    expect(stdout).toMatch(/^Usage: llm-gitops/);
    await expect(promisify(execFile)(process.execPath, [bin, "nope"])).rejects.toMatchObject({ code: 2 });
  });
});
