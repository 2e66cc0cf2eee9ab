import { parseArgs } from "node:util";
import { checkTree, writeTree, type TreeDiff } from "@llm-gitops/kustomize";
import { formatProblem } from "@llm-gitops/core";
import { EXIT, type Io } from "../io.ts";
import { findRoot, generateFiles, readSources } from "../project.ts";

export const generateHelp = `Usage: llm-gitops generate [--check] [--root DIR]

Renders environments/ into clusters/ (Kustomize bases and one overlay per cluster and
environment) and docker/. Writes atomically: on any error nothing is changed. Files no longer
rendered are removed; unchanged files are left untouched.

Options:
  --check       write nothing; exit 1 listing stale, missing and extra files if the
                committed tree differs from a fresh render
  --root DIR    repository root (default: the nearest directory upwards with environments/)
  -h, --help    show this help`;

export async function generate(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { check: { type: "boolean" }, root: { type: "string" }, help: { type: "boolean", short: "h" } } });
  if (values.help) {
    io.out(generateHelp);
    return EXIT.ok;
  }
  const root = await findRoot(io.cwd, values.root);
  const { files, warnings } = generateFiles(await readSources(root));
  for (const w of warnings) io.err(formatProblem(w));
  if (values.check) return reportDrift(await checkTree(root, files), io);
  const diff = await writeTree(root, files);
  const changed = diff.missing.length + diff.stale.length;
  const unchanged = files.length - changed;
  io.out(`generated ${files.length} files: ${diff.missing.length} added, ${diff.stale.length} updated, ${diff.extra.length} removed, ${unchanged} unchanged`);
  return EXIT.ok;
}

export function reportDrift(diff: TreeDiff, io: Io): number {
  const rows = [
    ...diff.stale.map((p) => `  stale    ${p}`),
    ...diff.missing.map((p) => `  missing  ${p}`),
    ...diff.extra.map((p) => `  extra    ${p}`),
  ];
  if (rows.length === 0) {
    io.out("clusters/ and docker/ are up to date with environments/");
    return EXIT.ok;
  }
  io.err(`clusters/ and docker/ differ from a fresh render of environments/ (${rows.length} files); run \`npm run generate\` and commit the result:`);
  for (const r of rows) io.err(r);
  return EXIT.checkFailed;
}
