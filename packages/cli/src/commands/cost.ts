import { didYouMean, loadInputs } from "@llm-gitops/config";
import { excerpt, formatProblem, UsageError } from "@llm-gitops/core";
import { costView, formatCostJson, formatCostMarkdown, formatCostSvg, formatCostText } from "@llm-gitops/cost";
import { HELP, parseCommandArgs } from "../args.ts";
import { EXIT, type Io } from "../io.ts";
import { findRoot, readSources } from "../project.ts";

export const costHelp = `Usage: llm-gitops cost [--env E] [--format FORMAT] [--root DIR]

Prints what each environment costs a month (730 hours) and what each deployment can serve;
renders and writes nothing. Every figure is given with replicas at replicas.min, at the
expected load (load.utilisation of a deployment, default 0), and at replicas.max:
  GPU nodes     replicas packed onto whole nodes of the deployment's pool (GPUs, CPU, memory
                and disk per node), outside a KEDA schedule's windows at offHoursMin
  shared        per cluster: GPU nodes idle below a pool's minNodes, the control plane, the
                CPU nodes and volumes of clusters.<name>.cost; counted to the environment that
                alone uses the cluster, else as shared
  capacity      KV-cache tokens and concurrent max-length sequences per replica (the GPU-fit
                model), and for a declared load.peak the replicas and GPUs it needs
Prices are platform.yaml's (pricePerHour, spot, cost.*) or llm-gitops's dated list-price table;
every line names its price's source and date. Warnings (file:line:col) go to stderr, or into
the JSON and Markdown documents.
Exit 0 when the figures were printed (warnings included), 2 on bad input or usage.

Options (single or double dash):
  --env E          only this environment (its file name under environments/); repeatable
  --format FORMAT  text (default), json (one document on stdout), markdown (a PR comment),
                   or svg (a bar chart of the expected monthly cost per environment)
  --root DIR       repository root (default: the nearest directory upwards with environments/)
  -h, --help       show this help`;

export const COST_FORMATS = ["text", "json", "markdown", "svg"] as const;

const FLAGS = { env: { type: "string", multiple: true }, format: { type: "string", choices: COST_FORMATS }, root: { type: "string" }, help: HELP } as const;

export async function cost(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs(args, FLAGS);
  if (values.help) {
    io.out(costHelp);
    return EXIT.ok;
  }
  const inputs = loadInputs(await readSources(await findRoot(io.cwd, values.root)));
  const known = inputs.environments.map((e) => e.name);
  for (const e of values.env ?? []) {
    if (known.includes(e)) continue;
    const near = didYouMean(e, known);
    throw new UsageError(`unknown environment ${excerpt(e)}; ${near ? `did you mean ${JSON.stringify(near)}?` : `environments: ${known.join(", ")}`}`);
  }
  const view = costView(inputs, values.env?.length ? values.env : undefined);
  const format = values.format ?? "text";
  if (format === "json") io.out(formatCostJson(view));
  else if (format === "markdown") io.out(formatCostMarkdown(view));
  else if (format === "svg") io.out(formatCostSvg(view).replace(/\n$/, ""));
  else {
    io.out(formatCostText({ ...view, cost: { ...view.cost, warnings: [] } }));
    for (const w of view.cost.warnings) io.err(formatProblem(w));
  }
  return EXIT.ok;
}
