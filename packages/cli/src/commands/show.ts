import { didYouMean } from "@llm-gitops/config";
import { excerpt, formatProblem, UsageError, type KubernetesObject } from "@llm-gitops/core";
import type { Truth } from "@llm-gitops/render";
import { HELP, parseCommandArgs } from "../args.ts";
import { EXIT, type Io } from "../io.ts";
import { kubectlYaml, kustomizeOrder } from "../kubectl-yaml.ts";
import { findRoot, generateFiles, overlayDir, readSources } from "../project.ts";

export const showHelp = `Usage: llm-gitops show [--env E] [--cluster C] [--kind K] [--name N] [--root DIR]

Prints the objects environments/ render to, as one YAML stream on stdout; writes nothing.
For one overlay it is byte for byte what \`kubectl kustomize clusters/<cluster>/<env>\` prints
(the same documents, in kustomize's order); objects from several overlays each carry a
"# Source: clusters/<cluster>/<env>" comment. Each filter may be repeated (any of the values);
a filter that matches nothing is an error naming what would match.

Options (single or double dash):
  --env E        an environment (its file name under environments/), or platform for the
                 objects every environment on a cluster shares
  --cluster C    a cluster of environments/platform.yaml
  --kind K       an object kind, in any case: InferenceService, horizontalpodautoscaler
  --name N       an object's metadata.name
  --root DIR     repository root (default: the nearest directory upwards with environments/)
  -h, --help     show this help`;

const FLAGS = {
  env: { type: "string", multiple: true },
  cluster: { type: "string", multiple: true },
  kind: { type: "string", multiple: true },
  name: { type: "string", multiple: true },
  root: { type: "string" },
  help: HELP,
} as const;

interface Row {
  truth: Truth;
  object: KubernetesObject;
}

interface Filter {
  flag: "env" | "cluster" | "kind" | "name";
  what: string;
  key: (r: Row) => string;
  /** Kinds are matched in any case, as kubectl takes them. */
  anyCase?: boolean;
}

const FILTERS: readonly Filter[] = [
  { flag: "env", what: "environment", key: (r) => r.truth.environment },
  { flag: "cluster", what: "cluster", key: (r) => r.truth.cluster },
  { flag: "kind", what: "kind", key: (r) => r.object.kind, anyCase: true },
  { flag: "name", what: "object name", key: (r) => r.object.metadata.name },
];

export async function show(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs(args, FLAGS);
  if (values.help) {
    io.out(showHelp);
    return EXIT.ok;
  }
  const { truths, warnings } = generateFiles(await readSources(await findRoot(io.cwd, values.root)));
  for (const w of warnings) io.err(formatProblem(w));
  const all = truths.flatMap((truth) => truth.objects.map((r) => ({ truth, object: r.object })));
  let selected: Row[] = all;
  const applied: string[] = [];
  for (const f of FILTERS) {
    const wanted = values[f.flag];
    if (!wanted?.length) continue;
    selected = narrow(selected, all, f, wanted, applied);
    applied.push(`--${f.flag} ${wanted.join(" ")}`);
  }
  const overlays = new Map<string, KubernetesObject[]>();
  for (const r of selected) overlays.set(overlayDir(r.truth), [...(overlays.get(overlayDir(r.truth)) ?? []), r.object]);
  const source = overlays.size > 1;
  const documents = [...overlays].flatMap(([dir, objects]) => kustomizeOrder(objects).map((o) => `${source ? `# Source: ${dir}\n` : ""}${kubectlYaml(o)}`));
  if (documents.length) io.out(documents.join("---\n").replace(/\n$/, ""));
  return EXIT.ok;
}

/** The rows one filter keeps; a value nothing has, or a selection left empty, is a usage error. */
function narrow(selected: readonly Row[], all: readonly Row[], f: Filter, wanted: readonly string[], applied: readonly string[]): Row[] {
  const fold = (s: string) => (f.anyCase ? s.toLowerCase() : s);
  const known = [...new Set(all.map(f.key))].sort();
  for (const w of wanted) {
    if (known.some((k) => fold(k) === fold(w))) continue;
    const near = didYouMean(w, known);
    throw new UsageError(`unknown ${f.what} ${excerpt(w)}; ${near ? `did you mean ${JSON.stringify(near)}?` : `${f.what}s: ${list(known)}`}`);
  }
  const kept = selected.filter((r) => wanted.some((w) => fold(w) === fold(f.key(r))));
  if (kept.length === 0) {
    const there = [...new Set(selected.map(f.key))].sort();
    throw new UsageError(`--${f.flag} ${wanted.map((w) => excerpt(w)).join(" ")} matches nothing with ${applied.join(" ")}; ${f.what}s there: ${list(there)}`);
  }
  return kept;
}

/** At most ten names: a catalog of hundreds of deployments is no message. */
const list = (names: readonly string[]) => (names.length > 10 ? `${names.slice(0, 10).join(", ")}, … (${names.length})` : names.join(", "));
