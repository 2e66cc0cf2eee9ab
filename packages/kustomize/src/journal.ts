import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";
import { isManagedPath } from "./files.ts";
import { RestoreError, TreeError } from "./errors.ts";
import type { Plan } from "./diff.ts";
import { eachLimited } from "./parallel.ts";
import { assertNoLinks, isTempName, tempPath, type TreeFs } from "./tree.ts";

/**
 * Crash safety. Before the first change to the tree, a journal holding the old bytes and mode of
 * every file the write changes or removes is made durable (one file, one fsync). Its removal is
 * the commit point: while it exists, the next run (of writeTree or checkTree) rolls the tree back
 * to exactly the old files, whatever moment the write was killed at.
 */
export const JOURNAL_DIR = ".llm-gitops";
const JOURNAL = `${JOURNAL_DIR}/journal.json`;

export interface Journal {
  version: 1;
  run: string;
  pid: number;
  host: string;
  started: string;
  /** `old` (base64) and `mode` when the file existed before; without them the run created it. */
  changes: { path: string; old?: string; mode?: number }[];
  temps: string[];
  createdDirs: string[];
}

/** Records what the plan overwrites or removes, durably. Nothing in the tree changes. */
export async function beginJournal(root: string, run: string, plan: Plan, fs: TreeFs): Promise<Journal> {
  await ensureJournalDir(root, fs);
  const journal: Journal = {
    version: 1,
    run,
    pid: process.pid,
    host: hostname(),
    started: new Date().toISOString(),
    changes: plan.changes.map((c) => ({ path: c.path, ...(c.before ? { old: c.before.bytes.toString("base64"), mode: c.before.mode } : {}) })),
    temps: plan.changes.flatMap((c) => (c.after ? [c.after.temp] : [])),
    createdDirs: plan.createdDirs,
  };
  // Written aside and renamed: a journal on disk is always complete.
  const tmp = join(root, `${JOURNAL}.${run}.tmp`);
  await fs.writeFile(tmp, Buffer.from(`${JSON.stringify(journal)}\n`), 0o600);
  await fs.rename(tmp, join(root, JOURNAL));
  await fs.syncDir(join(root, JOURNAL_DIR));
  return journal;
}

/** The commit point: once the journal is gone the new tree stands. */
export async function commitJournal(root: string, fs: TreeFs): Promise<void> {
  await fs.unlink(join(root, JOURNAL));
  await fs.syncDir(join(root, JOURNAL_DIR));
}

/**
 * Puts back exactly the files the journal names (bytes and mode), removes the files and
 * directories the run created, then the journal. Every step is tried; any that fails is
 * reported with its path in a RestoreError, and the journal stays for the next run to retry.
 */
export async function rollBack(root: string, journal: Journal, fs: TreeFs, run: string, cause?: unknown): Promise<void> {
  const failed: string[] = [];
  const reasons: string[] = [];
  const attempt = async (path: string, step: () => Promise<void>) => {
    try {
      await step();
    } catch (e) {
      failed.push(path);
      reasons.push(`${path}: ${(e as Error).message}`);
    }
  };
  await eachLimited(journal.temps, (t) => attempt(t, () => fs.unlink(join(root, t)).catch(ignore("ENOENT"))));
  const restored = new Set<string>();
  await eachLimited(journal.changes, (c) =>
    attempt(c.path, async () => {
      await assertNoLinks(root, c.path, fs);
      const abs = join(root, c.path);
      if (c.old === undefined) return fs.unlink(abs).catch(ignore("ENOENT"));
      const bytes = Buffer.from(c.old, "base64");
      // Not reached by the write: leave it, so an undo on a failing disk does only what it must.
      if ((await fs.lstat(abs)) === "file" && (await fs.readFile(abs).then((now) => now.mode === c.mode && now.bytes.equals(bytes)))) return;
      await fs.mkdir(dirname(abs));
      const tmp = join(root, tempPath(c.path, run));
      await fs.writeFile(tmp, bytes, c.mode);
      await fs.rename(tmp, abs).catch(async (e) => {
        await fs.unlink(tmp).catch(() => undefined);
        throw e;
      });
      restored.add(dirname(c.path));
    }),
  );
  await eachLimited([...restored], (d) => attempt(d, () => fs.syncDir(join(root, d))));
  for (const d of [...journal.createdDirs].reverse()) {
    await attempt(d, () => fs.rmdir(join(root, d)).catch(ignore("ENOENT", "ENOTEMPTY", "EEXIST")));
  }
  if (failed.length) throw new RestoreError(failed, reasons, cause);
  // Gone already when the failure came after the commit point (an fsync after it): the undo stands.
  await attempt(JOURNAL, () => fs.unlink(join(root, JOURNAL)).catch(ignore("ENOENT")));
  if (failed.length) throw new RestoreError(failed, reasons, cause);
  await clearJournalDir(root, fs);
}

/** Rolls back an interrupted run, if any, and removes whatever a crashed run left in .llm-gitops/. */
export async function recoverJournal(root: string, fs: TreeFs, run: string): Promise<boolean> {
  const kind = await fs.lstat(join(root, JOURNAL_DIR));
  if (kind === undefined) return false;
  if (kind !== "dir") throw new TreeError(`${JOURNAL_DIR} is not a directory llm-gitops made (it is a ${kind}): remove it (nothing was changed)`);
  const present = (await fs.list(join(root, JOURNAL_DIR))).some((e) => e.name === basename(JOURNAL));
  if (present) await rollBack(root, parseJournal((await fs.readFile(join(root, JOURNAL))).bytes), fs, run);
  else await clearJournalDir(root, fs);
  return present;
}

/** A journal this writer made, never one that points outside the managed roots (it may come from a pull request). */
function parseJournal(bytes: Buffer): Journal {
  const bad = () => new TreeError(`${JOURNAL} is not a journal llm-gitops wrote: inspect ${JOURNAL_DIR}/, restore clusters/ and docker/ from git, then delete ${JOURNAL_DIR}/`);
  let j: Journal;
  try {
    j = JSON.parse(bytes.toString("utf8")) as Journal;
  } catch {
    throw bad();
  }
  const ok =
    j?.version === 1 &&
    typeof j.run === "string" &&
    /^\d+-[0-9a-f]+$/.test(j.run) &&
    Array.isArray(j.changes) &&
    j.changes.every((c) => isPath(c?.path) && (c.old === undefined || (typeof c.old === "string" && Number.isInteger(c.mode) && c.mode! >= 0 && c.mode! <= 0o7777))) &&
    Array.isArray(j.temps) &&
    j.temps.every((t) => isPath(t) && isTempName(basename(t))) &&
    Array.isArray(j.createdDirs) &&
    j.createdDirs.every(isPath);
  if (!ok) throw bad();
  return j;
}

const isPath = (p: unknown): p is string => typeof p === "string" && isManagedPath(p);

async function ensureJournalDir(root: string, fs: TreeFs): Promise<void> {
  const kind = await fs.lstat(join(root, JOURNAL_DIR));
  if (kind === undefined) return fs.mkdir(join(root, JOURNAL_DIR));
  if (kind !== "dir") throw new TreeError(`${JOURNAL_DIR} is not a directory llm-gitops made (it is a ${kind}): remove it (nothing was changed)`);
}

/** Removes a finished journal's directory and torn journal copies; safe only while no journal is live. */
export async function clearJournalDir(root: string, fs: TreeFs): Promise<void> {
  async function rm(rel: string): Promise<void> {
    for (const e of await fs.list(join(root, rel))) {
      const child = `${rel}/${e.name}`;
      if (e.kind === "dir") await rm(child);
      else await fs.unlink(join(root, child));
    }
    await fs.rmdir(join(root, rel)).catch(ignore("ENOENT"));
  }
  await rm(JOURNAL_DIR);
}

const ignore =
  (...codes: string[]) =>
  (e: NodeJS.ErrnoException) => {
    if (!codes.includes(e.code ?? "")) throw e;
  };
