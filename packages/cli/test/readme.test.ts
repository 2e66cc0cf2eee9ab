import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isSeq, parse, parseDocument } from "yaml";
import { main } from "../src/main.ts";
import { captureIo, copyRepo, REPO_ROOT, snapshot } from "./repo.ts";

/** The README's walk-through, block by block: the test applies exactly what a reader would. */
async function exampleBlocks(): Promise<unknown[]> {
  const readme = await readFile(join(REPO_ROOT, "README.md"), "utf8");
  const start = readme.indexOf("#### Example: Llama-3.1-8B-Instruct");
  const end = readme.indexOf("The fields of a deployment:", start);
  expect(start).toBeGreaterThan(0);
  const blocks = [...readme.slice(start, end).matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1]!) as unknown);
  expect(blocks).toHaveLength(4);
  return blocks;
}

describe("README: the Llama-3.1-8B-Instruct on L4 walk-through is true", () => {
  it("renders, passes every gate, and touches only prod on the L4 cluster and the new image", async () => {
    const [profile, model, pool, deployment] = (await exampleBlocks()) as [Record<string, unknown>, Record<string, unknown>, unknown[], unknown[]];
    const root = await copyRepo();
    const platformPath = join(root, "environments/platform.yaml");
    const platform = parseDocument(await readFile(platformPath, "utf8"));
    for (const [k, v] of Object.entries(profile)) platform.setIn(["gpuProfiles", k], platform.createNode(v));
    for (const [k, v] of Object.entries(model)) platform.setIn(["models", k], platform.createNode(v));
    const pools = platform.getIn(["clusters", "prod-use1-a", "nodePools"]);
    if (!isSeq(pools)) throw new Error("platform.yaml has no prod-use1-a node pools");
    for (const p of pool) pools.add(platform.createNode(p));
    await writeFile(platformPath, platform.toString());
    const prodPath = join(root, "environments/prod.yaml");
    const prod = parseDocument(await readFile(prodPath, "utf8"));
    const deployments = prod.get("deployments");
    if (!isSeq(deployments)) throw new Error("prod.yaml has no deployments");
    for (const d of deployment) deployments.add(prod.createNode(d));
    await writeFile(prodPath, prod.toString());

    const before = new Map(await snapshot(root));
    const io = captureIo(root);
    expect(await main(["generate"], io)).toBe(0);
    expect(io.stderr).toEqual([]);
    const after = new Map(await snapshot(root));
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter((p) => before.get(p) !== after.get(p)).sort();
    expect(changed).toContain("docker/llama-3.1-8b-instruct/Dockerfile");
    // The DCGM exporter add-on follows the cluster's GPU pools onto the new L4 nodes.
    expect(changed.filter((p) => !p.startsWith("clusters/prod-use1-a/prod/") && !p.startsWith("docker/llama-3.1-8b-instruct/"))).toEqual([
      "clusters/prod-use1-a/argocd/resources/application-prod-use1-a-dcgm-exporter.yaml",
    ]);
    const check = captureIo(root);
    expect(await main(["check"], check)).toBe(0);
  });

  it("the comment's figure is the gate's: 32768 tokens do not fit, at most 29696", async () => {
    const [profile, model, pool, deployment] = (await exampleBlocks()) as [Record<string, unknown>, Record<string, unknown>, unknown[], Record<string, unknown>[]];
    const root = await copyRepo();
    const platformPath = join(root, "environments/platform.yaml");
    const platform = parseDocument(await readFile(platformPath, "utf8"));
    for (const [k, v] of Object.entries(profile)) platform.setIn(["gpuProfiles", k], platform.createNode(v));
    for (const [k, v] of Object.entries(model)) platform.setIn(["models", k], platform.createNode(v));
    (platform.getIn(["clusters", "prod-use1-a", "nodePools"]) as { add(v: unknown): void }).add(platform.createNode(pool[0]));
    await writeFile(platformPath, platform.toString());
    const prod = parseDocument(await readFile(join(root, "environments/prod.yaml"), "utf8"));
    (prod.get("deployments") as { add(v: unknown): void }).add(prod.createNode({ ...deployment[0], vllm: { maxModelLen: 32768 } }));
    await writeFile(join(root, "environments/prod.yaml"), prod.toString());
    const io = captureIo(root);
    expect(await main(["generate"], io)).toBe(2);
    expect(io.stderr.join("\n")).toMatch(/lower vllm\.maxModelLen to at most 29696/);
  });
});
