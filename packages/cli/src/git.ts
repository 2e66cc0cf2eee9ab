import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { UsageError } from "@llm-gitops/core";
import { MANAGED_ROOTS } from "@llm-gitops/kustomize";

const run = promisify(execFile);

/** A revision as git names it, never an option: `origin/main`, `HEAD~1`, a commit hash. */
const REF = /^[A-Za-z0-9_][A-Za-z0-9_./@^~{}-]{0,254}$/;

/**
 * The generated tree (clusters/, docker/) as committed at a git revision: what Argo CD has applied
 * when the revision is the base branch of a pull request. Regular files only: a symlink in the
 * tree is never followed.
 */
export async function readGitTree(root: string, ref: string): Promise<Map<string, string>> {
  if (!REF.test(ref) || ref.includes("..")) throw new UsageError(`--base ${JSON.stringify(ref.slice(0, 80))} is not a git revision; pass a branch, tag or commit such as origin/main`);
  const git = (args: string[]) => run("git", ["-C", root, ...args], { maxBuffer: 64 * 1024 * 1024 });
  const commit = await git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).then(
    (r) => r.stdout.trim(),
    (e: NodeJS.ErrnoException & { code?: unknown }) => {
      if (e.code === "ENOENT") throw new UsageError("--base needs git on PATH");
      throw new UsageError(`--base ${ref}: no such revision in ${root} (fetch it first, e.g. git fetch origin main)`);
    },
  );
  // Paths relative to the project, which may sit below the repository's top level.
  const prefix = (await git(["rev-parse", "--show-prefix"])).stdout.trim();
  const { stdout } = await git(["ls-tree", "-r", "-z", "--full-tree", commit, "--", ...MANAGED_ROOTS.map((r) => `${prefix}${r}`)]);
  const blobs = stdout
    .split("\0")
    .filter(Boolean)
    .map((line) => {
      const [meta, path] = [line.slice(0, line.indexOf("\t")), line.slice(line.indexOf("\t") + 1)];
      const [mode, type, sha] = meta.split(" ");
      return { mode, type, sha: sha!, path: path.slice(prefix.length) };
    })
    .filter((b) => b.type === "blob" && (b.mode === "100644" || b.mode === "100755"));
  const contents = await catBlobs(root, blobs.map((b) => b.sha));
  return new Map(blobs.map((b, i) => [b.path, contents[i]!] as [string, string]).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Reads many blobs through one `git cat-file --batch`. */
function catBlobs(root: string, shas: readonly string[]): Promise<string[]> {
  if (shas.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const child = spawn("git", ["-C", root, "cat-file", "--batch"], { stdio: ["pipe", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`git cat-file exited with ${code}`));
      const out = Buffer.concat(chunks);
      const texts: string[] = [];
      let at = 0;
      for (const sha of shas) {
        const eol = out.indexOf(10, at);
        const [got, , size] = out.subarray(at, eol).toString().split(" ");
        if (got !== sha || size === undefined) return reject(new Error(`git cat-file: unexpected answer for ${sha}`));
        const start = eol + 1;
        texts.push(out.subarray(start, start + Number(size)).toString("utf8"));
        at = start + Number(size) + 1;
      }
      resolve(texts);
    });
    child.stdin.end(`${shas.join("\n")}\n`);
  });
}
