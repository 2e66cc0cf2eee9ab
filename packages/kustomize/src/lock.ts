import { constants, promises as fsp } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { asTreeError, TreeError } from "./errors.ts";

/** In the repository root, beside clusters/ and docker/: one writer per checkout. */
export const LOCK_FILE = ".llm-gitops.lock";

export interface LockOptions {
  /** How long a second run waits for the first before refusing (default 20 s). */
  timeoutMs?: number;
}

interface Holder {
  pid: number;
  host: string;
  started: string;
  run: string;
}

/** Runs this process holds now: a lock naming our pid but another run is a dead predecessor's. */
const held = new Set<string>();

/** A run id unique across processes and within one: temp names and the lock carry it. */
export const newRunId = () => `${process.pid}-${randomBytes(4).toString("hex")}`;

/**
 * Takes the repository's write lock: a file created with O_EXCL holding pid, host and start time.
 * Waits up to `timeoutMs` for another run, then refuses; a lock left by a dead process on this
 * host is removed. Returns the release function.
 */
export async function acquireLock(root: string, run: string, options: LockOptions = {}): Promise<() => Promise<void>> {
  const path = join(root, LOCK_FILE);
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  const me: Holder = { pid: process.pid, host: hostname(), started: new Date().toISOString(), run };
  for (let wait = 10; ; wait = Math.min(wait * 2, 200)) {
    held.add(run); // before the file exists: a concurrent call in this process may read it at once
    let created = false;
    try {
      created = await tryCreate(path, me, root);
    } finally {
      if (!created) held.delete(run);
    }
    if (created) {
      return async () => {
        held.delete(run);
        await fsp.unlink(path).catch(() => undefined);
      };
    }
    const holder = await readHolder(path);
    if (holder && isStale(holder) && (await breakLock(path, holder))) continue;
    if (Date.now() >= deadline) throw busy(path, holder);
    await new Promise((r) => setTimeout(r, wait));
  }
}

async function tryCreate(path: string, me: Holder, root: string): Promise<boolean> {
  let fh: fsp.FileHandle;
  try {
    fh = await fsp.open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw asTreeError(e, root, " (llm-gitops takes a lock file in the repository root)");
  }
  try {
    await fh.writeFile(`${JSON.stringify(me)}\n`);
    await fh.sync();
  } catch (e) {
    // An empty lock would hold the next run off for nothing: remove it (a full disk, most likely).
    await fh.close().catch(() => undefined);
    await fsp.unlink(path).catch(() => undefined);
    throw asTreeError(Object.assign(e as NodeJS.ErrnoException, { path }), root);
  }
  await fh.close();
  return true;
}

/** The lock's holder; undefined while it is being written (or left empty by a crash). */
async function readHolder(path: string): Promise<Holder | undefined> {
  let text: string;
  try {
    const fh = await fsp.open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    try {
      if (!(await fh.stat()).isFile()) throw Object.assign(new Error(), { code: "ELOOP" });
      text = await fh.readFile("utf8");
    } finally {
      await fh.close();
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    if (code === "ELOOP") throw new TreeError(`${LOCK_FILE} is a symbolic link or special file, not a lock llm-gitops wrote: remove it (nothing was changed)`);
    throw e;
  }
  try {
    const h = JSON.parse(text) as Holder;
    return typeof h.pid === "number" && typeof h.host === "string" ? h : undefined;
  } catch {
    // Empty or torn: a crash between create and write. Stale once older than any write takes.
    const age = Date.now() - (await fsp.lstat(path).then((s) => s.mtimeMs, () => Date.now()));
    return age > 2_000 ? { pid: -1, host: hostname(), started: "", run: "" } : undefined;
  }
}

/** Dead pid on this host, or our own pid under a run this process does not hold (pid reused after a crash). */
function isStale(h: Holder): boolean {
  if (h.host !== hostname()) return false; // another machine's pid says nothing here
  if (h.pid === process.pid) return !held.has(h.run);
  if (h.pid <= 0) return true;
  try {
    process.kill(h.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/**
 * Removes a stale lock, serialised by a second O_EXCL file: two runs that both see the dead
 * holder must not both delete, or the slower one would delete the faster one's fresh lock.
 */
async function breakLock(path: string, stale: Holder): Promise<boolean> {
  const guard = `${path}.break`;
  try {
    await (await fsp.open(guard, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW)).close();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    // Held only across a few calls; one older than that is a crash's leftover.
    const age = Date.now() - (await fsp.lstat(guard).then((s) => s.mtimeMs, () => Date.now()));
    if (age > 5_000) await fsp.unlink(guard).catch(() => undefined);
    return false;
  }
  try {
    const now = await readHolder(path);
    if (now && now.run === stale.run && now.pid === stale.pid) await fsp.unlink(path).catch(() => undefined);
    return true;
  } finally {
    await fsp.unlink(guard).catch(() => undefined);
  }
}

function busy(path: string, h: Holder | undefined): TreeError {
  const who = h ? `pid ${h.pid} on ${h.host}, started ${h.started}` : "a run that is starting";
  return new TreeError(
    `another llm-gitops run holds ${path} (${who}): wait for it to finish and try again; if no run is active, delete that file (nothing was changed)`,
  );
}
