import { mkdir, realpath } from "node:fs/promises";
import { relative, resolve, sep } from "node:path";
import { UsageError } from "@llm-gitops/core";
import { checkTree, JOURNAL_DIR, MANAGED_ROOTS, writeTree } from "@llm-gitops/kustomize";
import { HELP, parseCommandArgs } from "../args.ts";
import { reportDrift, reportForeign, UP_TO_DATE } from "../drift.ts";
import { EXIT, type Io } from "../io.ts";
import { findRoot } from "../project.ts";
import { renderOutput } from "../render-gates.ts";
import { OUTPUT_FORMATS, Report } from "../report.ts";

export const generateHelp = `Usage: llm-gitops generate [--check] [--output-dir DIR] [--output FORMAT] [--root DIR]

Renders environments/ into clusters/ (Kustomize bases and one overlay per cluster and
environment) and docker/. Writes atomically, even if killed: on any error nothing is changed,
and the next run rolls an interrupted write back. One run at a time (.llm-gitops.lock). Only
files carrying the generated header are llm-gitops's: those no longer rendered are removed,
others are never changed and are named. Unchanged files are left untouched; nothing is
written through a symbolic link.

Options (single or double dash):
  --check            write nothing; exit 1 listing stale, missing and extra files if the
                     committed tree differs from a fresh render (files without the generated
                     header are named, and fail the check only where a render needs their path)
  --output-dir DIR   render the whole tree (clusters/ and docker/) under DIR instead of the
                     repository, with the same guarantees (for CI artifacts and comparisons);
                     with --check, compare DIR
  --output FORMAT    text (default), json (problems and a summary, one document on stdout) or
                     github (problems as workflow annotations on the environment files' lines)
  --root DIR         repository root (default: the nearest directory upwards with environments/)
  -h, --help         show this help`;

const FLAGS = {
  check: { type: "boolean" },
  "output-dir": { type: "string" },
  output: { type: "string", choices: OUTPUT_FORMATS },
  root: { type: "string" },
  help: HELP,
} as const;

export async function generate(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs(args, FLAGS);
  if (values.help) {
    io.out(generateHelp);
    return EXIT.ok;
  }
  const report = new Report("generate", values.output ?? "text");
  const root = await findRoot(io.cwd, values.root);
  const generated = await renderOutput(root, report, io);
  if (!generated) {
    const n = report.errors();
    report.summary(`generate failed: ${n} problem${n === 1 ? "" : "s"} in environments/; nothing was written`, "err");
    return report.emit(io, EXIT.usage);
  }
  const { files } = generated;
  const outDir = values["output-dir"] === undefined ? undefined : await outputDir(root, resolve(io.cwd, values["output-dir"]));
  const target = outDir ?? root;
  const where = outDir === undefined ? "" : ` in ${values["output-dir"]}`;
  if (values.check) {
    const advice = outDir === undefined ? undefined : `run \`llm-gitops generate --output-dir ${values["output-dir"]}\``;
    const differs = reportDrift(report, await checkTree(target, files), advice);
    if (!differs) report.summary(outDir === undefined ? UP_TO_DATE : `${values["output-dir"]} is up to date with environments/`);
    return report.emit(io, differs ? EXIT.checkFailed : EXIT.ok);
  }
  const diff = await writeTree(target, files);
  reportForeign(report, diff, "write");
  const changed = diff.missing.length + diff.stale.length;
  const summary = `generated ${files.length} files${where}: ${diff.missing.length} added, ${diff.stale.length} updated, ${diff.extra.length} removed, ${files.length - changed} unchanged`;
  report.gate("write", "ok", summary);
  report.summary(summary);
  return report.emit(io, EXIT.ok);
}

/**
 * Creates DIR. Refused inside the repository's own generated tree: the next generate there
 * would find a second tree of generated files and remove it as no longer rendered.
 */
async function outputDir(root: string, dir: string): Promise<string> {
  const owned = [...MANAGED_ROOTS, JOURNAL_DIR];
  const refuse = (from: string, to: string) => {
    const inside = relative(from, to);
    const top = inside.split(sep)[0]!;
    if (inside !== "" && !inside.startsWith("..") && owned.some((r) => r === top)) {
      throw new UsageError(`--output-dir ${dir} is inside the repository's ${top}/, which generate owns; choose a directory outside ${owned.join(", ")}`);
    }
  };
  refuse(root, dir);
  await mkdir(dir, { recursive: true }).catch((e: NodeJS.ErrnoException) => {
    throw new UsageError(`--output-dir ${dir}: cannot create it (${e.code ?? e.message}); choose a writable directory`);
  });
  refuse(await realpath(root), await realpath(dir)); // and through links
  return dir;
}
