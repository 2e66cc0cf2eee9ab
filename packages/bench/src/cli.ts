/**
 * `npm run bench`: the CLI measured whole-process (CPU of the process tree,
 * peak RSS, wall) on synthetic platforms of N deployments in each of dev, staging and prod,
 * against baselines measured in the same run: `node -e 0`, a JSON floor of the same objects,
 * and cdk8s synth of the same objects. Prints the measures and a table of ratios against the
 * speed targets; writes results/cli.json. Full generate renders (no render record); no-op generate
 * and --check are measured both with the record a previous generate left and rendering, check
 * with warm caches both with the record (and its truths) a previous check left and rendering. The
 * measures of a size take their rounds in turn (measureInterleaved), so a drifting machine weighs
 * on ours and the baselines alike.
 *   BENCH_SIZES=10,100,1000  sizes to run      BENCH_ROUNDS=n  rounds per measure (default 3; 1 for 1000)
 *   BENCH_CDK8S_MAX_CHARTS=5000  largest tree cdk8s synthesises with a chart per file
 *   LLM_GITOPS_SCHEMA_MIRROR  schemas for `check` (default /work/shared/crds beside the repo, if there)
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { requirePython } from "../../cli/bench/rusage.ts";
import { dumpObjects, writeDump } from "./dump.ts";
import { measureInterleaved, measureRounds, type Measured } from "./measures.ts";
import { writePlatform } from "./platform.ts";
import { rows, table, type SizeResult } from "./report.ts";

const here = import.meta.dirname;
const root = resolve(here, "../../..");
const bin = join(root, "packages/cli/bin/llm-gitops.js");
const node = process.execPath;
const sizes = (process.env.BENCH_SIZES ?? "10,100,1000").split(",").map((s) => Number(s.trim()));
const roundsFor = (n: number) => Number(process.env.BENCH_ROUNDS ?? (n >= 1000 ? 1 : 3));
const maxCharts = Number(process.env.BENCH_CDK8S_MAX_CHARTS ?? 5000);
const mirror = process.env.LLM_GITOPS_SCHEMA_MIRROR ?? (existsSync("/work/shared/crds") ? "/work/shared/crds" : existsSync(resolve(root, "../shared/crds")) ? resolve(root, "../shared/crds") : undefined);

requirePython();
const started = performance.now();
const work = await mkdtemp(join(tmpdir(), "llm-gitops-bench-"));
// One validator cache for every size: compiled validators depend on the schemas, not on the
// objects; valid verdicts are kept there too, per object.
const validatorCache = join(work, "validators");
await mkdir(validatorCache);
const checkEnv = mirror ? { ...process.env, LLM_GITOPS_SCHEMA_MIRROR: mirror, LLM_GITOPS_VALIDATOR_CACHE: validatorCache } : undefined;

// Unmeasured: the bin rebuilds its bundle when any workspace source is newer; never charge that to a round.
await measureRounds("warm-up (bundle current)", 1, { command: node, args: [bin, "--version"] });

console.error(`bench: ${cpus().length} CPUs, node ${process.version}, work dir ${work}`);
const global: Record<string, Measured> = {};
global["node -e 0"] = await measureRounds("node -e 0", 5, { command: node, args: ["-e", "0"] });
global["--help"] = await measureRounds("llm-gitops --help", 5, { command: node, args: [bin, "--help"] });
global["--version"] = await measureRounds("llm-gitops --version", 5, { command: node, args: [bin, "--version"] });

const results: SizeResult[] = [];
const notes: string[] = [];
if (!checkEnv) notes.push("check not measured: no schema mirror (set LLM_GITOPS_SCHEMA_MIRROR)");
for (const n of sizes) {
  const rounds = roundsFor(n);
  const dir = join(work, `n${n}`);
  const repo = join(dir, "repo");
  const sources = await writePlatform(root, repo, n);
  // Unmeasured: the same render generate does, in-process (it throws on input errors), dumped for the baselines.
  const { dump, objects, files, warnings } = dumpObjects(sources);
  const dumpPath = join(dir, "objects.json");
  await writeDump(dumpPath, dump);
  console.error(`${n} deployments x 3 environments: ${objects} objects, ${files} files, ${warnings} warnings; ${rounds} round(s)`);
  // generate's render record (render-cache.ts) in the work dir; "off": every run renders.
  const records = (on: boolean) => ({ ...process.env, LLM_GITOPS_RENDER_CACHE: on ? join(dir, "renders") : "off" });
  const cli = (on: boolean, ...args: string[]) => ({ command: node, args: [bin, ...args, "--root", repo], cwd: repo, env: records(on) });
  const floorDir = join(dir, "floor");
  const floor = (mode: string) => ({ command: node, args: [join(here, "floor.mjs"), mode, dumpPath, floorDir] });
  const cdkDir = join(dir, "cdk8s");
  const cdk8s = (per: string) => ({ command: node, args: [join(here, "cdk8s-synth.mjs"), dumpPath, cdkDir, per], clean: [cdkDir] });
  // Unmeasured: a generate that writes the tree and the render record, as any generate does (the
  // no-op runs below use it), and check's warm-up of the validator cache.
  // check warms its own caches: the compiled validators (once, for all sizes), the render record's
  // truths and the valid verdicts of this tree's objects (check.ts, verdicts.ts).
  const checkRun = (on: boolean) => checkEnv && { ...cli(on, "check"), env: { ...checkEnv, LLM_GITOPS_RENDER_CACHE: records(on).LLM_GITOPS_RENDER_CACHE } };
  await measureRounds("generate (record, unmeasured)", 1, cli(true, "generate"));
  if (checkEnv) await measureRounds("check warm-up (unmeasured)", 1, checkRun(true)!);
  // cdk8s synth is quadratic in charts: per-file charts at 1000 deployments would take many minutes.
  if (files > maxCharts) notes.push(`${n} deployments: cdk8s with a chart per file (${files} charts) not run, over BENCH_CDK8S_MAX_CHARTS=${maxCharts} (its synth is quadratic in charts)`);
  // One round of each in turn (measureInterleaved). Full generate renders without a record, as on a
  // fresh clone, and leaves the tree the no-op runs after it compare.
  const m: Record<string, Measured> = await measureInterleaved(rounds, [
    { name: "generate (full)", run: { ...cli(false, "generate"), clean: [join(repo, "clusters"), join(repo, "docker")] } },
    { name: "generate (no-op, render)", run: cli(false, "generate") },
    { name: "generate (no-op)", run: cli(true, "generate") },
    { name: "generate --check", run: cli(true, "generate", "--check") },
    { name: "generate --check (render)", run: cli(false, "generate", "--check") },
    ...(checkEnv ? [{ name: "check (warm)", run: checkRun(true)! }, { name: "check (render)", run: checkRun(false)! }] : []),
    { name: "JSON floor (write)", run: { ...floor("write"), clean: [floorDir] } },
    { name: "JSON floor (no-op)", run: floor("noop") },
    ...(files <= maxCharts ? [{ name: "cdk8s synth", run: cdk8s("file") }] : []),
    { name: "cdk8s synth (chart/dir)", run: cdk8s("dir") },
  ]);
  if (!m["generate (full)"]!.tail.includes(`generated ${files} files`)) throw new Error(`bench: generate did not write the ${files} files rendered in-process:\n${m["generate (full)"]!.tail}`);
  for (const k of ["generate (no-op)", "generate (no-op, render)"]) if (!m[k]!.tail.includes(`${files} unchanged`)) throw new Error(`bench: ${k} changed files:\n${m[k]!.tail}`);
  if (!m["JSON floor (no-op)"]!.tail.includes(" 0 written")) throw new Error(`bench: the no-op floor wrote files:\n${m["JSON floor (no-op)"]!.tail}`);
  results.push({ deployments: n, objects, files, warnings, m });
  // The trees of a size are not needed once measured; 1000 deployments write tens of thousands of files.
  await rm(dir, { recursive: true, force: true });
}

const seconds = (performance.now() - started) / 1000;
const measuresTable = [
  "| deployments | objects | files | measure | cpu s | wall s | peak RSS MiB | rounds |",
  "|---|---|---|---|---|---|---|---|",
  ...Object.entries(global).map(([k, v]) => `| - | - | - | ${k} | ${v.cpu.toFixed(3)} | ${v.wall.toFixed(3)} | ${v.rssMiB.toFixed(0)} | ${v.rounds} |`),
  ...results.flatMap((s) => Object.entries(s.m).map(([k, v]) => `| ${s.deployments} | ${s.objects} | ${s.files} | ${k} | ${v.cpu.toFixed(3)} | ${v.wall.toFixed(3)} | ${v.rssMiB.toFixed(0)} | ${v.rounds} |`)),
].join("\n");
const ratios = rows(global, results);
console.log(`llm-gitops CLI bench: ${cpus().length} CPUs, node ${process.version}, medians of the rounds (peak RSS: the largest), ${seconds.toFixed(0)} s in all\n`);
console.log(measuresTable);
console.log(`\nRatios (the speed targets, judged on the 100-deployment case):\n`);
console.log(table(ratios));
for (const note of notes) console.log(`note: ${note}`);

const out = join(here, "../results/cli.json");
await mkdir(join(here, "../results"), { recursive: true });
await writeFile(out, `${JSON.stringify({ date: new Date().toISOString(), cpus: cpus().length, node: process.version, seconds, mirror: mirror ?? null, global, sizes: results, ratios, notes }, null, 2)}\n`);
console.log(`\nwrote ${out}`);
await rm(work, { recursive: true, force: true });
