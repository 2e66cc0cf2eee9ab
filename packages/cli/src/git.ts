import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { environmentName, type SourceFile } from "@llm-gitops/config";
import { decodeUtf8, InputError, UsageError, type Problem } from "@llm-gitops/core";
import { MANAGED_ROOTS } from "@llm-gitops/kustomize";

import { MAX_SOURCE_BYTES } from "./sources.ts";

const run = promisify(execFile);
const YAML_FILE = /\.ya?ml$/i;

/** A revision as git names it, never an option: `origin/main`, `HEAD~1`, a commit hash. */
const REF = /^[A-Za-z0-9_][A-Za-z0-9_./@^~{}-]{0,254}$/;

/**
 * The generated tree (clusters/, docker/) as committed at a git revision: what Argo CD has applied
 * when the revision is the base branch of a pull request. Regular files only: a symlink in the
 * tree is never followed.
 */
export async function readGitTree(root: string, ref: string): Promise<Map<string, string>> {
  const { git, commit, prefix } = await resolveRevision(root, ref, "--base");
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
  return new Map(blobs.map((b, i) => [b.path, contents[i]!.toString("utf8")] as [string, string]).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** A revision checked against the ref grammar (never an option), resolved to its commit. */
async function resolveRevision(root: string, ref: string, flag: string) {
  if (!REF.test(ref) || ref.includes("..")) throw new UsageError(`${flag} ${JSON.stringify(ref.slice(0, 80))} is not a git revision; pass a branch, tag or commit such as origin/main`);
  const git = (args: string[]) => run("git", ["-C", root, ...args], { maxBuffer: 64 * 1024 * 1024 });
  const commit = await git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).then(
    (r) => r.stdout.trim(),
    (e: NodeJS.ErrnoException & { code?: unknown }) => {
      if (e.code === "ENOENT") throw new UsageError(`${flag} needs git on PATH`);
      throw new UsageError(`${flag} ${ref}: no such revision in ${root} (fetch it first, e.g. git fetch origin main)`);
    },
  );
  // Paths relative to the project, which may sit below the repository's top level.
  const prefix = (await git(["rev-parse", "--show-prefix"])).stdout.trim();
  return { git, commit, prefix };
}

/**
 * environments/ as committed at a revision, read as readSources reads the work tree: YAML files
 * directly in it, regular files only (a committed symlink is refused, never followed), at most
 * MAX_SOURCE_BYTES, strict UTF-8; every refused file is a located problem (InputError).
 */
export async function readGitSources(root: string, ref: string, flag: string): Promise<SourceFile[]> {
  const { git, commit, prefix } = await resolveRevision(root, ref, flag);
  const { stdout } = await git(["ls-tree", "-z", "-l", "--full-tree", commit, "--", `${prefix}environments/`]);
  const problems: Problem[] = [];
  const wanted: { path: string; sha: string }[] = [];
  const byName = new Map<string, string>();
  for (const line of stdout.split("\0").filter(Boolean)) {
    const [mode, type, sha, size] = line.slice(0, line.indexOf("\t")).split(/\s+/);
    const path = `environments/${line.slice(line.indexOf("\t") + 1).slice(`${prefix}environments/`.length)}`;
    if (!YAML_FILE.test(path)) continue;
    const at = (message: string) => problems.push({ file: path, line: 1, col: 1, path: "", message });
    const env = environmentName(path).toLowerCase();
    if (byName.has(env)) at(`defines "${env}" again (also ${byName.get(env)}); keep one of the two files`);
    else if (type !== "blob" || (mode !== "100644" && mode !== "100755")) at(`is not a regular file at ${ref} (a symlink, submodule or directory); refusing to read it`);
    else if (Number(size) > MAX_SOURCE_BYTES) at(`is ${Number(size)} bytes at ${ref}; environment files are limited to ${MAX_SOURCE_BYTES} bytes`);
    else wanted.push({ path, sha: sha! });
    if (!byName.has(env)) byName.set(env, path);
  }
  const bytes = await catBlobs(root, wanted.map((w) => w.sha));
  const sources = wanted.flatMap((w, i) => {
    const decoded = decodeUtf8(bytes[i]!);
    if ("text" in decoded) return [{ path: w.path, text: decoded.text }];
    problems.push({ file: w.path, line: decoded.line, col: decoded.col, path: "", message: "is not valid UTF-8 here; save the file as UTF-8" });
    return [];
  });
  if (problems.length) throw new InputError(problems);
  return sources;
}

/** Reads many blobs through one `git cat-file --batch`. */
function catBlobs(root: string, shas: readonly string[]): Promise<Buffer[]> {
  if (shas.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const child = spawn("git", ["-C", root, "cat-file", "--batch"], { stdio: ["pipe", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`git cat-file exited with ${code}`));
      const out = Buffer.concat(chunks);
      const texts: Buffer[] = [];
      let at = 0;
      for (const sha of shas) {
        const eol = out.indexOf(10, at);
        const [got, , size] = out.subarray(at, eol).toString().split(" ");
        if (got !== sha || size === undefined) return reject(new Error(`git cat-file: unexpected answer for ${sha}`));
        const start = eol + 1;
        texts.push(out.subarray(start, start + Number(size)));
        at = start + Number(size) + 1;
      }
      resolve(texts);
    });
    child.stdin.end(`${shas.join("\n")}\n`);
  });
}
