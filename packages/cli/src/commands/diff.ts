import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { loadInputs, type SourceFile } from "@llm-gitops/config";
import { formatProblem, InputError, UsageError } from "@llm-gitops/core";
import { diffRevisions, formatMarkdown, formatText, type DiffResult, type Revision } from "@llm-gitops/diff";
import { render } from "@llm-gitops/render";
import { HELP, parseCommandArgs } from "../args.ts";
import { readGitSources } from "../git.ts";
import { EXIT, type Io } from "../io.ts";
import { findRoot, readSources } from "../project.ts";

export const DIFF_FORMATS = ["text", "json", "markdown"] as const;

export const diffHelp = `Usage: llm-gitops diff --base REV [--head REV] [--format FORMAT] [--out FILE] [--root DIR]

Renders environments/ at two revisions in memory (never checking out, writing nothing but
--out) and compares the objects of each cluster and environment: added, removed and changed
objects with their changed fields (values clipped; a Secret's data never shown).
First a summary for reviewers: GPUs and replicas, models and images, routes newly exposed,
authorization widened, mTLS or log redaction weakened, scalers switched, cluster add-ons,
policy waivers, the monthly cost change, and the changes the live cluster would refuse (the
base render taken as deployed).
Exit 0 whether or not anything changed, 2 on usage errors or when the head does not load
(a base that does not load is noted, and everything is shown as added).

Options (single or double dash):
  --base REV       the revision to compare with, e.g. origin/main in a pull request
  --head REV       the revision to compare (default: the work tree's environments/)
  --format FORMAT  text (default), json (the whole structure) or markdown (a pull-request
                   comment, cut to fit GitHub's 65,536 characters)
  --out FILE       also write the full, uncut report in the same format to FILE (named in
                   the comment when the Markdown had to be cut)
  --root DIR       repository root (default: the nearest directory upwards with environments/)
  -h, --help       show this help`;

const FLAGS = { base: { type: "string" }, head: { type: "string" }, format: { type: "string", choices: DIFF_FORMATS }, out: { type: "string" }, root: { type: "string" }, help: HELP } as const;

/** Loads and renders one revision's sources; a failure becomes the revision's problems. */
async function revision(ref: string, read: () => Promise<SourceFile[]>): Promise<Revision> {
  try {
    const inputs = loadInputs(await read());
    return { ref, inputs, truths: render(inputs).truths };
  } catch (e) {
    if (e instanceof InputError) return { ref, problems: e.problems };
    throw e;
  }
}

export async function diff(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs(args, FLAGS);
  if (values.help) {
    io.out(diffHelp);
    return EXIT.ok;
  }
  if (!values.base) throw new UsageError("--base REV is required, e.g. --base origin/main");
  const root = await findRoot(io.cwd, values.root);
  const { base: baseRef, head: headRef } = values;
  const head = await revision(headRef ?? "work tree", () => (headRef ? readGitSources(root, headRef, "--head") : readSources(root)));
  if ("problems" in head) {
    for (const p of head.problems) io.err(formatProblem(p));
    io.err(`diff failed: the head (${head.ref}) does not load: ${head.problems.length} problem${head.problems.length === 1 ? "" : "s"} in environments/`);
    return EXIT.usage;
  }
  const base = await revision(baseRef, () => readGitSources(root, baseRef, "--base"));
  const result = diffRevisions(base, head);
  const format = values.format ?? "text";
  if (values.out) await writeFile(resolve(io.cwd, values.out), `${formatted(result, format, Infinity)}\n`);
  io.out(formatted(result, format, undefined, values.out));
  return EXIT.ok;
}

function formatted(result: DiffResult, format: (typeof DIFF_FORMATS)[number], limit?: number, fullDiffPath?: string): string {
  if (format === "json") return JSON.stringify(result, null, 2);
  if (format === "markdown") return formatMarkdown(result, { ...(limit === undefined ? {} : { limit }), ...(fullDiffPath ? { fullDiffPath } : {}) });
  return formatText(result);
}
