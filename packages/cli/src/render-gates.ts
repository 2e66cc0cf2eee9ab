import { loadInputs, type Inputs, type SourceFile } from "@llm-gitops/config";
import { formatProblem, InputError, type Problem } from "@llm-gitops/core";
import { COMPONENTS, type Component } from "@llm-gitops/render";
import { generateFiles, readSources, renderFiles } from "./project.ts";
import { fromProblem, type Gate, type Report } from "./report.ts";

export type Generated = ReturnType<typeof generateFiles>;

/** Which gate a component's checks belong to: kserve's are serving (GPU fit, nodes, pools), autoscaling's the scaling contracts. */
const COMPONENT_GATES: Record<string, Gate> = { kserve: "serving", autoscaling: "contracts" };

/**
 * Reads and renders the project, reporting the input, serving and contracts gates. On bad input
 * every problem is added under its gate and undefined returned: nothing else can run. One
 * render serves every gate: its components' checks are tagged with their gate as they run.
 */
export async function renderGates(root: string, report: Report): Promise<Generated | undefined> {
  let sources: SourceFile[];
  let inputs: Inputs;
  try {
    sources = await readSources(root);
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
  generated.warnings.forEach((w) => report.add(fromProblem(w, gateOf(w))));
  const deployments = generated.inputs.environments.reduce((n, e) => n + e.deployments.length, 0);
  report.gate("input", "ok", `${sources.length} files in environments/`);
  report.gate("serving", "ok", `${deployments} deployments fit their GPUs, nodes and pools`);
  report.gate("contracts", "ok", "one scaler per predictor, on a metric it can read");
  return generated;
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
