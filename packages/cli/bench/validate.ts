/**
 * Schema-gate throughput on a large rendered tree: N model deployments in two production
 * clusters, rendered, laid out and written like `generate` does, then validated as files.
 * Figures are ratios against a baseline measured in the same run (parsing the same YAML),
 * because absolute numbers on a shared machine mean little.
 */
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseAllDocuments } from "yaml";
import { createValidator, discover, readResources, type Options } from "@llm-gitops/kubeconform-wrapper";
import { writeTree } from "@llm-gitops/kustomize";
import { generateFiles } from "../src/project.ts";
import { projectSchemaOptions } from "../src/schema.ts";
import { benchEnvironment } from "./environment.ts";

const N = Number(process.env.BENCH_DEPLOYMENTS ?? 300);
const ROUNDS = 5;
const root = resolve(import.meta.dirname, "../../..");
const mirror = process.env.LLM_GITOPS_SCHEMA_MIRROR ?? resolve(root, "../shared/crds");


const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function time(f: () => Promise<unknown> | unknown): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}

const platform = await readFile(join(root, "environments/platform.yaml"), "utf8");
const { files } = generateFiles([
  { path: "environments/platform.yaml", text: platform },
  { path: "environments/bench.yaml", text: benchEnvironment(N) },
]);
const dir = await mkdtemp(join(tmpdir(), "llm-gitops-bench-"));
await writeTree(dir, files);
const paths = await discover([join(dir, "clusters")]);
const options: Options = { ...projectSchemaOptions({ LLM_GITOPS_SCHEMA_MIRROR: mirror }), strict: true };
const texts = await Promise.all(paths.map((p) => readFile(p, "utf8")));

const validator = createValidator(options);
const first = await readResources(paths, true);
const coldMs = await time(() => validator.validate(first));
const compileMs = validator.engine.compileMs;
const count = first.filter((r) => r.object !== null && r.object !== undefined).length;

const baseline: number[] = [];
const parseAndValidate: number[] = [];
const validateOnly: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  baseline.push(await time(() => texts.forEach((t) => parseAllDocuments(t))));
  parseAndValidate.push(await time(async () => validator.validate(await readResources(paths, true))));
  const parsed = await readResources(paths, true);
  validateOnly.push(await time(() => validator.validate(parsed)));
}

const perSec = (ms: number) => Math.round((count / ms) * 1000);
const b = median(baseline);
console.log(`schema gate benchmark: ${N} deployments -> ${paths.length} files, ${count} resources (strict, Kubernetes ${options.kubernetesVersion})`);
console.log(`  schema compile (once, cold): ${compileMs.toFixed(0)} ms of a ${coldMs.toFixed(0)} ms first run`);
console.log(`  baseline, YAML parse only:   ${perSec(b)} resources/s (1.00x)`);
console.log(`  read + parse + validate:     ${perSec(median(parseAndValidate))} resources/s (${(median(parseAndValidate) / b).toFixed(2)}x the baseline's time)`);
console.log(`  validate parsed resources:   ${perSec(median(validateOnly))} resources/s (${(median(validateOnly) / b).toFixed(2)}x the baseline's time)`);
