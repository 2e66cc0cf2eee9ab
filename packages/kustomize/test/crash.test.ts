import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { recoverTree, writeTree } from "../src/writer.ts";
import { exact, faultyFs, gen, leftovers, makeTree, type Seed } from "./trees.ts";
import { filesJson, spawnWriter, type Child } from "./child.ts";

/** mulberry32: a seeded generator, so a failing run can be replayed with its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An old tree with bytes that are not UTF-8, unusual modes and a hand-made file, and a render that changes most of it. */
function fixture(n: number): { old: Seed[]; render: { path: string; content: string }[] } {
  const old: Seed[] = [{ path: "clusters/argocd/app.yaml", content: "kind: Application\n", mode: 0o600 }];
  const render: { path: string; content: string }[] = [];
  for (let i = 0; i < n; i++) {
    const path = `clusters/c${i % 5}/env/f${i}.yaml`;
    old.push({ path, content: Buffer.concat([Buffer.from(gen(`old: ${i}\n`)), Buffer.from([0xff, 0xfe, 0x0a])]), mode: i % 4 === 0 ? 0o600 : 0o644 });
    if (i % 3 !== 0) render.push({ path, content: gen(`new: ${i}\n${"y".repeat(i)}\n`) }); // a third is removed
    if (i % 2 === 0) render.push({ path: `clusters/new${i % 4}/f${i}.yaml`, content: gen(`added: ${i}\n`) });
  }
  return { old, render };
}

const same = async (root: string, states: Record<string, string>) => {
  const now = JSON.stringify(await exact(root));
  return Object.entries(states).find(([, s]) => s === now)?.[0];
};

describe("crash safety", () => {
  it("ends old or new after the disk stops at any step, once the next run recovers", async () => {
    const { old, render } = fixture(8);
    const oldState = JSON.stringify(await exact(await makeTree(old)));
    const fresh = await makeTree(old);
    await writeTree(fresh, render);
    const newState = JSON.stringify(await exact(fresh));
    const seen = { old: 0, new: 0 };
    for (let k = 1; ; k++) {
      const root = await makeTree(old);
      let ops = 0;
      // From step k on every call fails, the rollback's too: what a kill -9 leaves, seen from the disk.
      const dies = faultyFs((op, p) => (++ops >= k ? Object.assign(new Error(`crashed at ${op} ${p}`), { code: "EIO" }) : undefined));
      const finished = await writeTree(root, render, dies).then(() => true, () => false);
      await recoverTree(root);
      const state = await same(root, { old: oldState, new: newState });
      expect(state, `stopped at step ${k}: the tree is neither old nor new`).toBeDefined();
      expect(await leftovers(root), `stopped at step ${k}`).toEqual([]);
      seen[state as "old" | "new"]++;
      if (finished) break;
    }
    expect(seen.old).toBeGreaterThan(10); // every step up to the commit point
    expect(seen.new).toBeGreaterThan(0);
  });

  // 22 child processes, each starting tsx: minutes on two cores shared with the other packages' tests.
  it("ends old or new after kill -9 of a writing process at a random moment", { timeout: 240_000 }, async () => {
    // Children load in the background (tsx start-up is most of the cost), two ahead.
    const pool: Promise<Child>[] = [spawnWriter(), spawnWriter()];
    const take = () => (pool.push(spawnWriter()), pool.shift()!);
    const seed = Number(process.env.LLM_GITOPS_CRASH_SEED ?? 8_2024);
    const rand = random(seed);
    const { old, render } = fixture(120);
    const template = await makeTree(old);
    const scratch = await mkdtemp(join(tmpdir(), "llm-gitops-crash-"));
    const json = await filesJson(scratch, "render", render);
    const copy = async () => {
      const root = await mkdtemp(join(tmpdir(), "llm-gitops-kill-"));
      await cp(template, root, { recursive: true });
      return root;
    };
    const states = { old: JSON.stringify(await exact(template)), new: "" };

    // A full run first: the new tree and how long a write takes, to spread the kills over.
    const first = await copy();
    const calibration = await take();
    calibration.go(first, json);
    const outcome = await calibration.done;
    expect(outcome.result?.ok, JSON.stringify(outcome)).toBe(true);
    states.new = JSON.stringify(await exact(first));
    const window = outcome.result!.ms! * 1.6;

    const ends = { old: 0, new: 0, rolledBack: 0 };
    for (let i = 0; i < 20; i++) {
      const root = await copy();
      const child = await take();
      const delay = rand() * window;
      child.go(root, json);
      setTimeout(() => child.proc.kill("SIGKILL"), delay);
      await child.done;
      const rolledBack = await recoverTree(root);
      const state = await same(root, states);
      const where = `seed ${seed}, kill ${i} after ${delay.toFixed(1)} ms of ${window.toFixed(1)} (replay: LLM_GITOPS_CRASH_SEED=${seed})`;
      expect(state, `${where}: the tree is neither old nor new`).toBeDefined();
      expect(await leftovers(root), where).toEqual([]);
      ends[state as "old" | "new"]++;
      if (rolledBack) ends.rolledBack++;
    }
    for (const c of pool) (await c).proc.kill("SIGKILL");
    // Not vacuous: some kills landed while a journal was live.
    expect(ends.rolledBack, JSON.stringify(ends)).toBeGreaterThan(0);
    if (process.env.LLM_GITOPS_CRASH_SEED) console.log(`seed ${seed}: ${JSON.stringify(ends)}, write window ${window.toFixed(0)} ms`);
  });
});
