/**
 * Render + layout throughput (`generate` without the disk): N model deployments in two
 * production clusters. The baseline, measured in the same run, serialises the same objects to
 * YAML once: the least any generator must do.
 */
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { toYaml } from "@llm-gitops/core";
import { generateFiles } from "../src/project.ts";

const ROUNDS = 5;
const root = resolve(import.meta.dirname, "../../..");
const platform = await readFile(join(root, "environments/platform.yaml"), "utf8");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

for (const n of [100, 1000]) {
  const deployments = Array.from({ length: n }, (_, i) => `  - {name: chat-${i}, model: qwen2.5-7b-instruct-awq, gpuProfile: a10g-24gb, image: {tag: v${i % 7}}, replicas: {min: ${1 + (i % 3)}, max: 8}}\n`).join("");
  const sources = [
    { path: "environments/platform.yaml", text: platform },
    { path: "environments/bench.yaml", text: `namespace: llm-bench\nclusters: [prod-use1-a, prod-use1-b]\ndeployments:\n${deployments}` },
  ];
  const gen: number[] = [];
  const base: number[] = [];
  let objects = 0;
  let files = 0;
  for (let i = 0; i < ROUNDS; i++) {
    let t = performance.now();
    const out = generateFiles(sources);
    gen.push(performance.now() - t);
    const all = out.truths.flatMap((tr) => tr.objects.map((r) => r.object));
    objects = all.length;
    files = out.files.length;
    t = performance.now();
    for (const o of all) toYaml(o);
    base.push(performance.now() - t);
  }
  const g = median(gen);
  console.log(`generate: ${n} deployments -> ${objects} objects, ${files} files: ${Math.round((objects / g) * 1000)} objects/s; ${(g / median(base)).toFixed(2)}x the time of serialising them once (baseline ${Math.round((objects / median(base)) * 1000)} objects/s)`);
}
