/**
 * The schema gate against kubeconform, whole processes, same run, same tree, same schemas
 * (issue 13, item 4). A tree of ≈3,600 resources (N model deployments in two production
 * clusters, rendered and written as `generate` does) and the committed clusters/ tree are
 * validated by `kubeconform -n 1 -strict -summary` and by `llm-gitops validate` (builtin engine,
 * -n 1, strict), both reading the kubernetes-json-schema and CRDs-catalog files of the schema
 * mirror (kubeconform through the templates `-engine binary` passes: kubeconformArgs). Ours runs
 * cold (an empty cache directory each round) and warm (a cache filled by earlier runs). CPU is
 * user + sys of the whole process tree, peak RSS the largest process's (rusage.ts); `node -e 0`
 * and `llm-gitops validate -h` are the floors (Node's start; ours with its modules loaded).
 * Medians of BENCH_ROUNDS rounds (default 3); JSON in bench/results/kubeconform.json.
 *
 * Needs python3 and kubeconform (PATH, or KUBECONFORM=path; CI: go install
 * github.com/yannh/kubeconform/cmd/kubeconform@v0.7.0), and the mirror (LLM_GITOPS_SCHEMA_MIRROR,
 * else ../shared/crds).
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { findKubeconform, kubeconformArgs, type Options } from "@llm-gitops/kubeconform-wrapper";
import { writeTree } from "@llm-gitops/kustomize";
import { generateFiles } from "../src/project.ts";
import { projectSchemaOptions } from "../src/schema.ts";
import { measure, requirePython, type Usage } from "./rusage.ts";
import { benchEnvironment } from "./environment.ts";

// Each deployment is 4 objects in a shared base (the two clusters' overlays add none per deployment).
const N = Number(process.env.BENCH_KUBECONFORM_DEPLOYMENTS ?? 886);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const root = resolve(import.meta.dirname, "../../..");
const bin = resolve(import.meta.dirname, "../bin/llm-gitops.js");
const mirror = process.env.LLM_GITOPS_SCHEMA_MIRROR ?? resolve(root, "../shared/crds");

function fail(message: string): never {
  console.error(`bench/kubeconform: ${message}`);
  process.exit(1);
}

try {
  requirePython();
} catch (e) {
  fail((e as Error).message);
}
const kubeconform = await findKubeconform(process.env.KUBECONFORM);
if (!kubeconform) fail("kubeconform not found on PATH (or KUBECONFORM); install it: go install github.com/yannh/kubeconform/cmd/kubeconform@v0.7.0");
if (!existsSync(mirror)) fail(`schema mirror ${mirror} not found; set LLM_GITOPS_SCHEMA_MIRROR`);


const work = await mkdtemp(join(tmpdir(), "llm-gitops-bench-kubeconform-"));
const platform = await readFile(join(root, "environments/platform.yaml"), "utf8");
const { files } = generateFiles([
  { path: "environments/platform.yaml", text: platform },
  { path: "environments/bench.yaml", text: benchEnvironment(N) },
]);
await mkdir(join(work, "tree"));
await writeTree(join(work, "tree"), files);
const tree = join(work, "tree/clusters");
const committed = join(root, "clusters");

// The same schemas for both: core kinds of the project's Kubernetes release, then the catalog.
const options: Options = { ...projectSchemaOptions({ LLM_GITOPS_SCHEMA_MIRROR: mirror }), schemaLocations: ["default", "catalog"], strict: true, workers: 1 };
// As `-engine binary` passes them, without its -output json -verbose (kubeconform's default text output, as ours).
const kcArgs = kubeconformArgs(options).filter((a, i, all) => a !== "-verbose" && a !== "-output" && all[i - 1] !== "-output");
const ourArgs = (cache: string) => [bin, "validate", "-n", "1", "-strict", "-summary", "-kubernetes-version", options.kubernetesVersion, "-schema-location", "default", "-schema-location", "catalog", "-schema-mirror", mirror, "-cache", cache];
// Whatever cache the CLI picks by default also lands in the given directory.
const ourEnv = (cache: string): NodeJS.ProcessEnv => ({ ...process.env, LLM_GITOPS_SCHEMA_MIRROR: mirror, LLM_GITOPS_SCHEMA_CACHE: cache, XDG_CACHE_HOME: join(cache, "xdg") });
const warmCache = join(work, "warm-cache");
await mkdir(warmCache, { recursive: true });

type Case = "kubeconform tree" | "ours tree cold" | "ours tree warm" | "kubeconform clusters/" | "ours clusters/ warm" | "node -e 0" | "ours startup (validate -h)";
const runs = new Map<Case, Usage[]>();
async function run(name: Case, command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<void> {
  const u = await measure(command, args, env, root);
  // Exit 1 is a verdict (something invalid); anything else is a broken run.
  if (u.code !== 0 && u.code !== 1) fail(`${name}: exit ${u.code}\n${u.tail}`);
  runs.set(name, [...(runs.get(name) ?? []), u]);
}

// Unmeasured warm-up: tsx's transform cache, the page cache, and the warm schema cache.
await measure(process.execPath, [...ourArgs(warmCache), tree], ourEnv(warmCache), root);
await measure(process.execPath, [...ourArgs(warmCache), committed], ourEnv(warmCache), root);

for (let round = 0; round < ROUNDS; round++) {
  process.stderr.write(`bench/kubeconform: round ${round + 1}/${ROUNDS}\n`);
  await run("kubeconform tree", kubeconform, [...kcArgs, tree]);
  const cold = join(work, `cold-${round}`);
  await mkdir(cold);
  await run("ours tree cold", process.execPath, [...ourArgs(cold), tree], ourEnv(cold));
  await rm(cold, { recursive: true, force: true });
  await run("ours tree warm", process.execPath, [...ourArgs(warmCache), tree], ourEnv(warmCache));
  await run("kubeconform clusters/", kubeconform, [...kcArgs, committed]);
  await run("ours clusters/ warm", process.execPath, [...ourArgs(warmCache), committed], ourEnv(warmCache));
  await run("node -e 0", process.execPath, ["-e", "0"]);
  await run("ours startup (validate -h)", process.execPath, [bin, "validate", "-h"]);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const stat = (name: Case) => {
  const us = runs.get(name)!;
  return { cpu: median(us.map((u) => u.cpu)), rssMiB: median(us.map((u) => u.rssMiB)), maxRssMiB: Math.max(...us.map((u) => u.rssMiB)), wall: median(us.map((u) => u.wall)), summary: us.at(-1)!.tail.split("\n").find((l) => l.startsWith("Summary")) ?? "", code: us.at(-1)!.code };
};
const stats = Object.fromEntries([...runs.keys()].map((k) => [k, stat(k)])) as Record<Case, ReturnType<typeof stat>>;
const resources = Number(/(\d+) resources found/.exec(stats["kubeconform tree"].summary)?.[1] ?? NaN);

const kcTree = stats["kubeconform tree"].cpu;
const kcClusters = stats["kubeconform clusters/"].cpu;
const ratios = {
  treeWarmCpu: stats["ours tree warm"].cpu / kcTree,
  treeColdCpu: stats["ours tree cold"].cpu / kcTree,
  clustersWarmCpu: stats["ours clusters/ warm"].cpu / kcClusters,
  treeWarmRss: stats["ours tree warm"].rssMiB / stats["kubeconform tree"].rssMiB,
};
const peak = Math.max(stats["ours tree cold"].maxRssMiB, stats["ours tree warm"].maxRssMiB, stats["ours clusters/ warm"].maxRssMiB);
const targets = {
  "warm CPU at least 3x faster than kubeconform": ratios.treeWarmCpu <= 1 / 3,
  "cold CPU no slower than kubeconform": ratios.treeColdCpu <= 1,
  "clusters/ faster than kubeconform": ratios.clustersWarmCpu < 1,
  "peak RSS under 200 MiB": peak < 200,
};

const pad = (s: string, n: number) => s.padEnd(n);
console.log(`schema gate vs kubeconform: ${N} deployments -> ${resources} resources (tree), committed clusters/; strict, -n 1, Kubernetes ${options.kubernetesVersion}, median of ${ROUNDS} rounds`);
console.log(`  ${pad("", 28)}${pad("CPU s", 9)}${pad("x kubeconform", 15)}${pad("peak RSS MiB", 14)}summary`);
for (const [name, s] of Object.entries(stats)) {
  const base = name.includes("clusters/") ? kcClusters : kcTree;
  const ratio = name.startsWith("kubeconform") || name.startsWith("node") || name.startsWith("ours startup") ? "" : `${(s.cpu / base).toFixed(2)}x`;
  console.log(`  ${pad(name, 28)}${pad(s.cpu.toFixed(2), 9)}${pad(ratio, 15)}${pad(s.rssMiB.toFixed(0), 14)}${s.summary.replace(/^Summary: /, "")}`);
}
for (const [t, ok] of Object.entries(targets)) console.log(`  target: ${t}: ${ok ? "met" : "NOT MET"}`);

const out = resolve(import.meta.dirname, "results/kubeconform.json");
await mkdir(resolve(out, ".."), { recursive: true });
await writeFile(out, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, kubeconform, deployments: N, resources, rounds: ROUNDS, stats, runs: Object.fromEntries(runs), ratios, peakRssMiB: peak, targets }, null, 2)}\n`);
console.log(`  written ${out}`);
await rm(work, { recursive: true, force: true });
