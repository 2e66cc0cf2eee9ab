import { relative, isAbsolute } from "node:path";
import { UsageError } from "@llm-gitops/core";

/**
 * The tree or the file system refuses the write: a symlink, a file we did not generate, a lock
 * held by another run, no permission, a full or read-only disk. Not a bug, so the CLI prints the
 * message (one line naming the path and what to do) and no stack. A UsageError, so callers that
 * only know that class still treat it as the user's to fix.
 */
export class TreeError extends UsageError {
  constructor(message: string) {
    super(message);
    this.name = "TreeError";
  }
}

/**
 * Undoing a failed or interrupted write failed for some files: the tree is mixed. Never swallowed:
 * the journal and backups stay in .llm-gitops/ so the next run retries the undo.
 */
export class RestoreError extends TreeError {
  readonly unrestored: readonly string[];
  constructor(unrestored: readonly string[], reasons: readonly string[], cause?: unknown) {
    super(
      [
        `could not restore ${unrestored.length} file${unrestored.length === 1 ? "" : "s"} after a failed write; the tree is mixed until they are. ` +
          "The old contents stay in .llm-gitops/: fix the cause and run generate again to restore them.",
        ...[...reasons].sort().map((r) => `  ${r}`),
      ].join("\n"),
    );
    this.name = "RestoreError";
    this.unrestored = [...unrestored].sort();
    if (cause !== undefined) this.cause = cause;
  }
}

/** What to do for each errno a person can fix; anything else stays an internal error. */
const ADVICE: Record<string, { what: string; todo: string }> = {
  EACCES: { what: "permission denied", todo: "give this user access to it" },
  EPERM: { what: "operation not permitted", todo: "give this user access to it (check immutable flags)" },
  EROFS: { what: "read-only file system", todo: "run in a writable checkout" },
  ENOSPC: { what: "no space left on device", todo: "free some space and run again" },
  EDQUOT: { what: "disk quota exceeded", todo: "free some space and run again" },
};

export const isUserFsError = (e: unknown): e is NodeJS.ErrnoException =>
  e instanceof Error && !(e instanceof TreeError) && Object.hasOwn(ADVICE, String((e as NodeJS.ErrnoException).code));

/**
 * A file-system error a person can fix as a TreeError naming the path (relative to `root` when
 * inside it); any other error is returned unchanged.
 */
export function asTreeError(e: unknown, root?: string, note = "", verb = READS.has((e as NodeJS.ErrnoException)?.syscall ?? "") ? "read" : "write"): unknown {
  if (!isUserFsError(e)) return e;
  const { what, todo } = ADVICE[e.code!]!;
  const at = e.path ? displayPath(e.path, root) : "the tree";
  return Object.assign(new TreeError(`cannot ${verb} ${at}: ${what}; ${todo}${note}`), { code: e.code, cause: e });
}

const READS = new Set(["scandir", "read", "lstat", "stat", "fstat"]);

function displayPath(path: string, root: string | undefined): string {
  if (!root) return path;
  const rel = relative(root, path);
  if (!rel || rel.startsWith("..") || isAbsolute(rel)) return path;
  // A temporary copy is named by the file it becomes: that is the path a person knows.
  return rel.replace(/(^|\/)\.([^/]+)\.llm-gitops-\d+-[0-9a-f]+\.tmp$/, "$1$2");
}
