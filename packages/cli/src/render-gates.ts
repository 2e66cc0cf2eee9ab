import { loadInputs, type Inputs, type SourceFile } from "@llm-gitops/config";
import { formatProblem, InputError, isRecord, type OutputFile, type Problem } from "@llm-gitops/core";
import { checkPolicy, type PolicyResult } from "@llm-gitops/policy";
import { COMPONENTS, type Component } from "@llm-gitops/render";
import type { Io } from "./io.ts";
import { generateFiles, readSources, renderFiles } from "./project.ts";
import { readRecord, readTruths, renderCache, writeRecord, writeTruths, type RenderCache, type RenderRecord } from "./render-cache.ts";
import { fromProblem, type Gate, type Report } from "./report.ts";
import { freezePolicy, freezeTruths, thawPolicy, thawTruths } from "./truths-record.ts";

export type Generated = ReturnType<typeof generateFiles>;

/** Which gate a component's checks belong to: kserve's are serving (GPU fit, nodes, pools), autoscaling's the scaling contracts. */
const COMPONENT_GATES: Record<string, Gate> = { kserve: "serving", autoscaling: "contracts" };

/**
 * Reads and renders the project, reporting the input, serving and contracts gates. On bad input
 * every problem is added under its gate and undefined returned: nothing else can run. One
 * render serves every gate: its components' checks are tagged with their gate as they run. With
 * a render cache, the render, its truths and the policy gate's result are recorded, and unchanged
 * environments/ are neither rendered nor judged again (recordedTruths).
 */
export async function renderGates(root: string, report: Report, io: Pick<Io, "env" | "build"> = {}): Promise<Checked | undefined> {
  const sources = await gatedSources(root, report);
  if (!sources) return undefined;
  const cache = renderCache(io.env ?? {}, io.build, root, sources);
  const hit = cache && recordedTruths(cache, sources);
  if (hit) {
    reportRendered(report, hit.record);
    return hit.checked;
  }
  const rendered = renderSources(sources, report);
  if (!rendered) return undefined;
  const { truths, inputs } = rendered.generated;
  const checked = { ...rendered.generated, policy: checkPolicy(truths, inputs) };
  if (cache) {
    writeRecord(cache, rendered.record);
    const frozen = freezeTruths(truths, inputs);
    if (frozen) writeTruths(cache, { truths: frozen, policy: freezePolicy(checked.policy) });
  }
  return checked;
}

/** check's render: the files and truths, and the policy gate's result, a function of them. */
export type Checked = Generated & { policy: PolicyResult };

/**
 * check's render from the record (render-cache.ts), when it holds the truths and their policy
 * result too: the inputs are loaded again (the gates read them, and the truths' origins are
 * theirs), nothing is rendered or judged again.
 */
function recordedTruths(cache: RenderCache, sources: SourceFile[]): { checked: Checked; record: RenderRecord } | undefined {
  const record = readRecord(cache);
  const stored = record && readTruths(cache);
  if (!record || !isRecord(stored)) return undefined;
  const policy = thawPolicy(stored.policy);
  if (!policy) return undefined;
  let inputs: Inputs;
  try {
    inputs = loadInputs(sources);
  } catch {
    return undefined; // Not the inputs the record was made from: render, and report what that finds.
  }
  const truths = thawTruths(stored.truths, inputs);
  return truths && { checked: { inputs, truths, files: record.files, warnings: record.warnings.map((w) => w.problem), policy }, record };
}

/**
 * generate's render: the files, and the same report as renderGates. With a render cache (the
 * bin's build hash), unchanged environments/ are not rendered again: the record of the last
 * render of this repository by this build is reported and returned (render-cache.ts).
 */
export async function renderOutput(root: string, report: Report, io: Pick<Io, "env" | "build">): Promise<{ files: OutputFile[] } | undefined> {
  const sources = await gatedSources(root, report);
  if (!sources) return undefined;
  const cache = renderCache(io.env ?? {}, io.build, root, sources);
  const hit = cache && readRecord(cache);
  if (hit) {
    reportRendered(report, hit);
    return { files: hit.files };
  }
  const rendered = renderSources(sources, report);
  if (rendered && cache) writeRecord(cache, rendered.record);
  return rendered?.generated;
}

async function gatedSources(root: string, report: Report): Promise<SourceFile[] | undefined> {
  try {
    return await readSources(root);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return failed(report, e.problems, e.problems.map(() => "input"));
  }
}

function renderSources(sources: SourceFile[], report: Report): { generated: Generated; record: RenderRecord } | undefined {
  let inputs: Inputs;
  try {
    inputs = loadInputs(sources);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return failed(report, e.problems, e.problems.map(() => "input"));
  }
  const { components, gateOf } = tagged();
  let generated: Generated;
  try {
    generated = renderFiles(inputs, components);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return failed(report, e.problems, e.problems.map(gateOf));
  }
  const record: RenderRecord = {
    files: generated.files,
    warnings: generated.warnings.map((problem) => ({ problem, gate: gateOf(problem) })),
    deployments: generated.inputs.environments.reduce((n, e) => n + e.deployments.length, 0),
    sources: sources.length,
  };
  reportRendered(report, record);
  return { generated, record };
}

/** A render's report: its warnings, then the gates it passed. */
function reportRendered(report: Report, r: RenderRecord): void {
  r.warnings.forEach((w) => report.add(fromProblem(w.problem, w.gate)));
  report.gate("input", "ok", `${r.sources} files in environments/`);
  report.gate("serving", "ok", `${r.deployments} deployments fit their GPUs, nodes and pools`);
  report.gate("contracts", "ok", "one scaler per predictor, on a metric it can read");
}

function failed(report: Report, problems: readonly Problem[], gates: readonly Gate[]): undefined {
  problems.forEach((p, i) => report.add(fromProblem(p, gates[i]!)));
  const count = (g: Gate) => gates.filter((x, i) => x === g && problems[i]!.severity !== "warning").length;
  const line = (g: Gate, what: string) => {
    const n = count(g);
    report.gate(g, n ? "failed" : "ok", n ? `${n} problem${n === 1 ? "" : "s"}` : what);
  };
  line("input", "environments/ read and resolved");
  if (count("input")) {
    report.gate("serving", "not run", "needs valid input");
    report.gate("contracts", "not run", "needs valid input");
  } else {
    line("serving", "every deployment fits its GPUs, nodes and pools");
    line("contracts", "one scaler per predictor, on a metric it can read");
  }
  return undefined;
}

/**
 * The pipeline's components with every check tagged by its gate (kserve's are serving, autoscaling's
 * contracts), and the gate of a problem the render reported. What no component claims (two
 * renderers emitting one object) is a contract between them.
 */
function tagged(): { components: Component[]; gateOf: (p: Problem) => Gate } {
  const tags = new Map<string, Gate>();
  const tag = (gate: Gate) => (found: Problem[]) => {
    for (const p of found) tags.set(formatProblem(p), gate);
    return found;
  };
  const components: Component[] = COMPONENTS.map((c) => {
    const gate = COMPONENT_GATES[c.name] ?? "serving";
    return {
      ...c,
      ...(c.checkDeployment ? { checkDeployment: (ctx, d) => tag(gate)(c.checkDeployment!(ctx, d)) } : {}),
      ...(c.check ? { check: (truths, i) => tag(gate)(c.check!(truths, i)) } : {}),
    } satisfies Component;
  });
  return { components, gateOf: (p) => tags.get(formatProblem(p)) ?? "contracts" };
}
