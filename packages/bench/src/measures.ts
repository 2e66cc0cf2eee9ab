/**
 * Repeated whole-process measurements: the median of CPU and wall over the rounds (robust to one
 * slow round on a shared machine) and the worst peak RSS (a limit must hold every time).
 */
import { rm } from "node:fs/promises";
import { measure, type Usage } from "../../cli/bench/rusage.ts";

export interface Measured {
  cpu: number;
  wall: number;
  rssMiB: number;
  rounds: number;
  samples: { cpu: number; wall: number; rssMiB: number }[];
  tail: string;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export interface Run {
  command: string;
  args: readonly string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Removed before each round, unmeasured (an empty tree for full writes). */
  clean?: readonly string[];
  /** Exit codes that count as success (default 0). */
  ok?: readonly number[];
}

export async function measureRounds(label: string, rounds: number, run: Run): Promise<Measured> {
  const samples: Usage[] = [];
  for (let i = 0; i < rounds; i++) samples.push(await measureOnce(label, run));
  return aggregate(label, samples);
}

/**
 * Measures that are compared with each other, one round of each in turn: a machine whose speed
 * drifts during the run (this one's file-system time grows with every tree written and removed)
 * then weighs on every measure of a round alike, instead of on whichever measure ran last.
 */
export async function measureInterleaved(rounds: number, plan: readonly { name: string; run: Run }[]): Promise<Record<string, Measured>> {
  const samples = new Map<string, Usage[]>(plan.map((p) => [p.name, []]));
  for (let i = 0; i < rounds; i++) for (const p of plan) samples.get(p.name)!.push(await measureOnce(p.name, p.run));
  return Object.fromEntries(plan.map((p) => [p.name, aggregate(p.name, samples.get(p.name)!)]));
}

async function measureOnce(label: string, run: Run): Promise<Usage> {
  for (const dir of run.clean ?? []) await rm(dir, { recursive: true, force: true });
  const u = await measure(run.command, run.args, run.env ?? process.env, run.cwd);
  // A failing run measures an error path, not the work: stop rather than report it.
  if (!(run.ok ?? [0]).includes(u.code)) throw new Error(`bench: ${label} exited ${u.code}:\n${u.tail}`);
  return u;
}

function aggregate(label: string, samples: Usage[]): Measured {
  const rounds = samples.length;
  const m: Measured = {
    cpu: median(samples.map((s) => s.cpu)),
    wall: median(samples.map((s) => s.wall)),
    rssMiB: Math.max(...samples.map((s) => s.rssMiB)),
    rounds,
    samples: samples.map((s) => ({ cpu: s.cpu, wall: s.wall, rssMiB: s.rssMiB })),
    tail: samples.at(-1)!.tail,
  };
  process.stderr.write(`  ${label.padEnd(26)} cpu ${m.cpu.toFixed(3)} s  wall ${m.wall.toFixed(3)} s  rss ${m.rssMiB.toFixed(0)} MiB  (${rounds} round${rounds === 1 ? "" : "s"})\n`);
  return m;
}
