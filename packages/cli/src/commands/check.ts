import { buildOverlay, checkTree, readManagedTree, UnsupportedKustomization } from "@llm-gitops/kustomize";
import { UsageError, type KubernetesObject } from "@llm-gitops/core";
import { checkTransitions, type Truth } from "@llm-gitops/render";
import { policySummary, waivedText } from "@llm-gitops/policy";
import { HELP, parseCommandArgs } from "../args.ts";
import { reportDrift } from "../drift.ts";
import { EXIT, type Io } from "../io.ts";
import { readGitTree } from "../git.ts";
import { findRoot, overlayDir } from "../project.ts";
import { renderGates } from "../render-gates.ts";
import { fromProblem, GATES, OUTPUT_FORMATS, Report } from "../report.ts";
import { projectSchemaOptions, validateTruths } from "../schema.ts";
import { reportSchema } from "../schema-report.ts";
import { checkedVersion } from "./validate.ts";

export const checkHelp = `Usage: llm-gitops check [--base REV] [--output FORMAT] [--root DIR]

Runs every gate a pull request must pass, on a fresh in-memory render:
  input      environments/ validate against their schema; references resolve
  serving    vLLM fits the GPU (weights, activations, one max-length sequence); requests
             within limits and a node; replicas.max within the cluster's GPU pool
  contracts  one scaler per predictor, on a metric it can read; every HPA metric is
             served by exactly one prometheus-adapter rule
  changes    what is deployed can become the fresh render on the live cluster (KServe
             refuses deployment-mode changes of existing services); "deployed" is the
             clusters/ of --base (a pull request's target branch), else of the work tree
  schema     every rendered object validates in strict mode (Kubernetes 1.33 core schemas,
             the InferenceService CRD of each cluster's KServe release, the CRD catalog);
             errors point at the environment field behind the object.
             Offline, set LLM_GITOPS_SCHEMA_MIRROR to a copy of the schema hosts.
  policy     every rendered object keeps the security and serving rules (non-root, read-only
             root, resources, GPU pool, pinned images, probes, PDB, STRICT mTLS, authorization,
             log redaction, no Secret data, authenticated, rate-limited TLS routes); a
             deployment's \`waivers\` exempt its objects from one rule each, with a reason
  drift      the committed clusters/ and docker/ equal a fresh render of environments/
Problems come first, one line each with file:line:col; then one line per gate and the verdict.
Exit 0 when every gate passes, 1 when changes, schema, policy or drift fails, 2 on bad input.

Options (single or double dash):
  --base REV       compare with the clusters/ committed at this git revision, e.g.
                   origin/main in a pull request (default: the work tree's clusters/)
  --output FORMAT  text (default), json (problems and the gate summary, one document on
                   stdout) or github (problems as workflow annotations, then the gate lines)
  --root DIR       repository root (default: the nearest directory upwards with environments/)
  -h, --help       show this help`;

const FLAGS = { base: { type: "string" }, output: { type: "string", choices: OUTPUT_FORMATS }, root: { type: "string" }, help: HELP } as const;

export async function check(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs(args, FLAGS);
  if (values.help) {
    io.out(checkHelp);
    return EXIT.ok;
  }
  const env = io.env ?? process.env;
  checkedVersion("LLM_GITOPS_KUBERNETES_VERSION", env.LLM_GITOPS_KUBERNETES_VERSION);
  const report = new Report("check", values.output ?? "text");
  const root = await findRoot(io.cwd, values.root);
  const generated = await renderGates(root, report, io);
  if (!generated) {
    for (const gate of GATES.slice(3)) report.gate(gate, "not run", "needs a render of environments/");
    return finish(report, io, EXIT.usage);
  }
  const { files, truths, inputs } = generated;
  const drift = await checkTree(root, files);
  // A work tree equal to the fresh render deploys exactly it: no overlay changes, nothing to refuse.
  const current = !values.base && !drift.stale.length && !drift.missing.length && !drift.extra.length && !drift.blocked.length;
  const committed = values.base ? await readGitTree(root, values.base) : current ? new Map<string, string>() : await readManagedTree(root);
  const deployed = values.base ?? "the work tree's clusters/";
  if (values.base && ![...committed.keys()].some((p) => p.startsWith("clusters/"))) {
    report.add({ gate: "changes", severity: "warning", message: `${values.base} has no clusters/ here; nothing deployed to compare with` });
  }
  const changes = current ? [] : checkTransitions(inputs, truths, (t) => committedOverlay(committed, t));
  for (const p of changes) report.add(fromProblem(p, "changes"));
  const refused = report.errors("changes");
  report.gate("changes", refused ? "failed" : "ok", refused ? `${refused} change${refused === 1 ? "" : "s"} the live clusters would refuse (deployed: ${deployed})` : `nothing the live clusters would refuse (deployed: ${deployed})`);
  reportSchema(report, await validateTruths(truths, projectSchemaOptions(env), inputs, io.build));
  const { policy } = generated;
  for (const p of policy.problems) report.add(fromProblem(p, "policy"));
  for (const w of policy.waived) report.note(waivedText(w));
  report.gate("policy", policy.problems.length ? "failed" : "ok", policySummary(policy));
  reportDrift(report, drift);
  return finish(report, io, report.gates.some((g) => g.status === "failed") ? EXIT.checkFailed : EXIT.ok);
}

/** One line per gate, then the verdict: never an "up to date" last after a gate failed. */
function finish(report: Report, io: Io, code: number): number {
  for (const g of report.gates) report.summary(`${g.gate.padEnd(11)}${(g.status === "failed" ? "FAILED" : g.status).padEnd(9)}${g.summary}`);
  const failed = report.gates.filter((g) => g.status === "failed").map((g) => g.gate);
  const warnings = report.findings.length - report.errors();
  const also = warnings ? `, ${warnings} warning${warnings === 1 ? "" : "s"}` : "";
  report.summary(failed.length ? `check failed: ${failed.join(", ")} (${report.errors()} problem${report.errors() === 1 ? "" : "s"}${also})` : `check passed: all ${report.gates.length} gates ok${also}`);
  return report.emit(io, code);
}

/**
 * What the committed overlay of a truth builds to; undefined when it is new. A committed overlay
 * that cannot be read fails the gate (closed): its changes could not be checked.
 */
function committedOverlay(tree: ReadonlyMap<string, string>, t: Truth): KubernetesObject[] | undefined {
  const dir = overlayDir(t);
  if (!tree.has(`${dir}/kustomization.yaml`)) return undefined;
  try {
    return buildOverlay(tree, dir);
  } catch (e) {
    const why = e instanceof UnsupportedKustomization ? e.message : "a patch or file does not apply";
    throw new UsageError(`cannot read the deployed ${dir} (${why}); its changes cannot be checked: restore it, or compare with another --base`);
  }
}
