import { execFile } from "node:child_process";
import { mkdtemp, readFile, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
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
const edit = async (root: string, file: string, from: string, to: string) => {
  const path = join(root, file);
  const text = await readFile(path, "utf8");
  if (!text.includes(from)) throw new Error(`${file} has no ${from}`);
  await writeFile(path, text.replace(from, to));
};
/** The prod clusters' KServe version, bumped in platform.yaml. */
const bumpProd = (root: string, version: string) =>
  edit(root, "environments/platform.yaml", 'version: "0.15.2"', `version: "${version}"`).then(() => edit(root, "environments/platform.yaml", 'version: "0.15.2"', `version: "${version}"`));

/** A copy of the repository committed as branch main: what Argo CD has deployed. */
async function deployed(prepare?: (root: string) => Promise<void>): Promise<string> {
  const root = await copyRepo();
  await prepare?.(root);
  const git = (...args: string[]) => promisify(execFile)("git", ["-C", root, "-c", "user.name=t", "-c", "user.email=t@example.com", ...args]);
  await git("init", "-q", "-b", "main");
  await git("add", "-A");
  await git("commit", "-q", "-m", "deployed");
  return root;
}

describe("check: changes the live cluster would refuse are caught before merge", () => {
  it("in a pull request: compares with the base branch's tree, which the regenerated work tree no longer holds", async () => {
    const root = await copyRepo();
    const git = (...args: string[]) => promisify(execFile)("git", ["-C", root, "-c", "user.name=t", "-c", "user.email=t@example.com", ...args]);
    await git("init", "-q", "-b", "main");
    await git("add", "-A");
    await git("commit", "-q", "-m", "base");
    await bumpProd(root, "0.16.0");
    expect((await run(["generate"], root)).code).toBe(0); // the drift gate alone would now pass
    expect((await run(["check"], root)).code).toBe(0);
    const r = await run(["check", "--base", "main"], root);
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n").filter((l) => l.includes("can no longer update")).length).toBe(2);
    expect(await run(["check", "--base", "--upload-pack=x"], root)).toMatchObject({ code: 2 });
    expect((await run(["check", "--base", "no-such-branch"], root)).stderr).toMatch(/no such revision/);
  });

  it("compares with the base branch when the project sits below the repository's top level", async () => {
    const root = await copyRepo();
    const top = await mkdtemp(join(tmpdir(), "llm-gitops-mono-"));
    await rename(root, join(top, "llm"));
    const project = join(top, "llm");
    const git = (...args: string[]) => promisify(execFile)("git", ["-C", top, "-c", "user.name=t", "-c", "user.email=t@example.com", ...args]);
    await git("init", "-q", "-b", "main");
    await git("add", "-A");
    await git("commit", "-q", "-m", "deployed");
    await bumpProd(project, "0.16.0");
    expect((await run(["generate"], project)).code).toBe(0);
    expect((await run(["check", "--base", "main"], project)).code).toBe(1);
  });

  it("names the service, the versions and both ways out", async () => {
    const root = await copyRepo();
    await bumpProd(root, "0.16.0");
    const r = await run(["check"], root);
    expect(r.code).toBe(1);
    const lines = r.stderr.split("\n").filter((l) => l.includes("can no longer update"));
    const at = kserveVersionLine(await readFile(join(root, "environments/platform.yaml"), "utf8"));
    expect(lines).toEqual([
      `environments/platform.yaml:${at("prod-use1-a")}:7 clusters["prod-use1-a"].kserve.version: InferenceService "qwen-chat" on cluster "prod-use1-a" was created with deploymentMode RawDeployment, which KServe 0.16.0 can no longer update (0.16.0 reconciles that stored mode as Knative; 0.17-0.18 rewrite the annotation to Standard and then reject every update); upgrade the cluster straight to KServe 0.19.0 or newer (it compares the normalised mode) before setting kserve.version, or recreate it: rename the deployment (Argo CD creates the new service and prunes the old), or remove it in one change and add it back in the next`,
      `environments/platform.yaml:${at("prod-use1-b")}:7 clusters["prod-use1-b"].kserve.version: InferenceService "qwen-chat" on cluster "prod-use1-b" was created with deploymentMode RawDeployment, which KServe 0.16.0 can no longer update (0.16.0 reconciles that stored mode as Knative; 0.17-0.18 rewrite the annotation to Standard and then reject every update); upgrade the cluster straight to KServe 0.19.0 or newer (it compares the normalised mode) before setting kserve.version, or recreate it: rename the deployment (Argo CD creates the new service and prunes the old), or remove it in one change and add it back in the next`,
    ]);
  });

  it("accepts the upgrade straight to a KServe that normalises the stored mode, and validates against its CRD", async () => {
    const root = await deployed();
    await bumpProd(root, "0.20.0");
    expect((await run(["generate"], root)).code).toBe(0);
    const r = await run(["check", "--base", "main"], root);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  const addSchedule = (root: string) =>
    edit(root, "environments/prod.yaml", "      target: 2\n", "      target: 2\n      schedule:\n        timezone: UTC\n        windows: [{ start: 0 6 * * *, end: 0 22 * * * }]\n        offHoursMin: 2\n");

  it("accepts switching a deployment from our HPA to a KEDA schedule in one change", async () => {
    const root = await deployed();
    await addSchedule(root);
    expect((await run(["generate"], root)).code).toBe(0);
    expect(await run(["check", "--base", "main"], root)).toMatchObject({ code: 0, stderr: "" });
  });

  it("refuses that switch from an HPA deployed without KEDA's ownership annotation, with the two steps", async () => {
    const root = await deployed(async (r) => {
      const hpa = "clusters/base/prod/horizontalpodautoscaler-qwen-chat-autoscaler.yaml";
      await edit(r, hpa, '    validations.keda.sh/hpa-ownership: "false"\n', "");
      await edit(r, hpa, "  annotations:\n", "");
    });
    await addSchedule(root);
    expect((await run(["generate"], root)).code).toBe(0);
    const r = await run(["check", "--base", "main"], root);
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n").filter((l) => l.includes("KEDA's webhook would refuse"))).toHaveLength(2);
    expect(r.stderr).toMatch(/deployments\[0\]\.autoscaling\.schedule: .*switch in two changes/);
  });
});

describe("generate: serving gates on the example environments", () => {
  it("refuses replicas.max beyond what the cluster's GPU pool holds, and writes nothing", async () => {
    const root = await copyRepo();
    await edit(root, "environments/prod.yaml", "max: 20", "max: 30");
    const before = await snapshot(root);
    const r = await run(["generate"], root);
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n").slice(0, 2)).toEqual([
      'environments/prod.yaml:15:7 deployments[0].replicas.max: 30 replicas × 1 GPU(s) = 30 GPUs, but cluster "prod-use1-a" holds at most 20 replicas of it ("gpu-a10g" 20 × g5.2xlarge, 1 per node; 20 GPUs); lower replicas.max to 20, raise the pool\'s maxNodes, or leave the cluster out of this deployment\'s clusters',
      'environments/prod.yaml:15:7 deployments[0].replicas.max: 30 replicas × 1 GPU(s) = 30 GPUs, but cluster "prod-use1-b" holds at most 20 replicas of it ("gpu-a10g" 20 × g5.2xlarge, 1 per node; 20 GPUs); lower replicas.max to 20, raise the pool\'s maxNodes, or leave the cluster out of this deployment\'s clusters',
    ]);
    expect(await snapshot(root)).toEqual(before);
  });

  it("places a deployment on a subset of its environment's clusters", async () => {
    const root = await copyRepo();
    await edit(root, "environments/prod.yaml", "    replicas:\n", "    clusters: [prod-use1-a]\n    replicas:\n");
    expect((await run(["generate"], root)).code).toBe(0);
    const b = await readFile(join(root, "clusters/prod-use1-b/prod/kustomization.yaml"), "utf8");
    const a = await readFile(join(root, "clusters/prod-use1-a/prod/kustomization.yaml"), "utf8");
    expect(a).toMatch(/qwen-chat/);
    expect(b).not.toMatch(/qwen-chat/);
  });
});

/** The 1-based line of `version:` under clusters.<name>.kserve in platform.yaml, wherever the file puts it. */
function kserveVersionLine(text: string): (cluster: string) => number {
  const lines = text.split("\n");
  return (cluster) => {
    const start = lines.indexOf(`  ${cluster}:`);
    const kserve = lines.indexOf("    kserve:", start);
    return lines.findIndex((l, i) => i > kserve && l.startsWith("      version:")) + 1;
  };
}
