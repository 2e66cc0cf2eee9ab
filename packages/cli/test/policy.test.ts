import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../src/main.ts";
import { captureIo, copyRepo } from "./repo.ts";

const run = async (argv: string[], cwd: string) => {
  const io = captureIo(cwd);
  const code = await main(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
};
const edit = async (root: string, file: string, from: string, to: string) => {
  const text = await readFile(join(root, file), "utf8");
  if (!text.includes(from)) throw new Error(`${file} has no ${from}`);
  await writeFile(join(root, file), text.replace(from, to));
};
const DIGEST = "digest: sha256:5b0e2f8c1d9a47e3b6c0f1e2d3c4b5a69788a7b6c5d4e3f2a1b0c9d8e7f6a5b4";
const WAIVER = "    waivers:\n      - rule: image-digest-in-production\n        reason: tags are immutable in our registry\n    autoscaling:\n";

/** A copy whose prod runs a tag: generated, so that only the policy gate can fail. */
async function tagged(waived: boolean): Promise<string> {
  const root = await copyRepo();
  await edit(root, "environments/prod.yaml", DIGEST, "tag: v0.10.2-r3");
  if (waived) await edit(root, "environments/prod.yaml", "    autoscaling:\n", WAIVER);
  expect((await run(["generate"], root)).code).toBe(0);
  return root;
}
const gate = (stdout: string[], name: string) => stdout.find((l) => l.startsWith(`${name.padEnd(11)}`));

describe("check: the policy gate", () => {
  it("fails on a broken rule, with the environment field behind it and exit 1", async () => {
    const r = await run(["check"], await tagged(false));
    expect(r.code).toBe(1);
    expect(r.stderr).toEqual([
      expect.stringMatching(/^environments\/prod\.yaml:\d+:5 deployments\[0\]\.image: InferenceService llm-prod\/qwen-chat: spec\.predictor container "kserve-container" is not pinned by digest in a production environment: .* \[image-digest-in-production on prod-use1-a, prod-use1-b\]$/),
    ]);
    expect(gate(r.stdout, "policy")).toMatch(/^policy     FAILED   1 problem \(15 rules on \d+ rendered objects\)$/);
    expect(r.stdout.at(-1)).toBe("check failed: policy (1 problem)");
  });

  it("passes with a waiver, which it shows with its reason; the rendered object carries it", async () => {
    const root = await tagged(true);
    const r = await run(["check"], root);
    expect(r.code).toBe(0);
    expect(r.stderr).toEqual([expect.stringMatching(/^waived: environments\/prod\.yaml:\d+:5 InferenceService llm-prod\/qwen-chat breaks image-digest-in-production on prod-use1-a, prod-use1-b; reason: "tags are immutable in our registry"$/)]);
    expect(gate(r.stdout, "policy")).toMatch(/^policy     ok       15 rules hold on \d+ rendered objects; 1 waived$/);
    const isvc = await readFile(join(root, "clusters/base/prod/inferenceservice-qwen-chat.yaml"), "utf8");
    expect(isvc).toContain("waiver.llm-gitops.io/image-digest-in-production: tags are immutable in our registry");
  });

  it("json carries policy problems under their gate", async () => {
    const r = await run(["check", "--output", "json"], await tagged(false));
    const doc = JSON.parse(r.stdout.join("\n"));
    expect(doc.problems).toEqual([expect.objectContaining({ gate: "policy", severity: "error", file: "environments/prod.yaml", path: "deployments[0].image" })]);
    expect(doc.summary.gates.find((g: { gate: string }) => g.gate === "policy")).toMatchObject({ status: "failed" });
  });
});
