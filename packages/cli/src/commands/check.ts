import { parseArgs } from "node:util";
import { buildOverlay, checkTree, readManagedTree, UnsupportedKustomization } from "@llm-gitops/kustomize";
import { formatProblem, isWarning, UsageError, type KubernetesObject } from "@llm-gitops/core";
import { checkTransitions, type Truth } from "@llm-gitops/render";
import { EXIT, type Io } from "../io.ts";
import { readGitTree } from "../git.ts";
import { findRoot, generateFiles, overlayDir, readSources } from "../project.ts";
import { formatResults } from "@llm-gitops/kubeconform-wrapper";
import { projectSchemaOptions, validateTruths } from "../schema.ts";
import { reportDrift } from "./generate.ts";

export const checkHelp = `Usage: llm-gitops check [--base REV] [--root DIR]

Runs every gate a pull request must pass, on a fresh in-memory render:
  input    environments/ validate against their schema; references resolve
  serving  vLLM fits the GPU (weights, activations, one max-length sequence); requests
           within limits and a node; replicas.max within the cluster's GPU pool
  scaling  one scaler per predictor, on a metric it can read; every HPA metric is
           served by exactly one prometheus-adapter rule
  schema   every rendered object validates in strict mode (Kubernetes 1.33 core schemas,
           the InferenceService CRD of each cluster's KServe release, the CRD catalog);
           errors point at the environment field behind the object.
           Offline, set LLM_GITOPS_SCHEMA_MIRROR to a copy of the schema hosts.
  changes  what is deployed can become the fresh render on the live cluster (KServe
           refuses deployment-mode changes of existing services); "deployed" is the
           clusters/ of --base (a pull request's target branch), else of the work tree
  drift    the committed clusters/ and docker/ equal a fresh render of environments/
Input errors are reported first, one line each, with file:line:col.

Options:
  --base REV    compare with the clusters/ committed at this git revision, e.g.
                origin/main in a pull request (default: the work tree's clusters/)
  --root DIR    repository root (default: the nearest directory upwards with environments/)
  -h, --help    show this help`;

export async function check(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { base: { type: "string" }, root: { type: "string" }, help: { type: "boolean", short: "h" } } });
  if (values.help) {
    io.out(checkHelp);
    return EXIT.ok;
  }
  const root = await findRoot(io.cwd, values.root);
  const { files, warnings, truths, inputs } = generateFiles(await readSources(root));
  for (const w of warnings) io.err(formatProblem(w));
  const committed = values.base ? await readGitTree(root, values.base) : await readManagedTree(root);
  if (values.base && ![...committed.keys()].some((p) => p.startsWith("clusters/"))) {
    io.err(`warning: ${values.base} has no clusters/ here; nothing deployed to compare with`);
  }
  const changes = checkTransitions(inputs, truths, (t) => committedOverlay(committed, t));
  for (const p of changes) io.err(formatProblem(p));
  const results = await validateTruths(truths, projectSchemaOptions(io.env ?? process.env), inputs);
  const failed = results.filter((r) => r.status === "statusInvalid" || r.status === "statusError");
  if (failed.length) io.err(formatResults(failed, { format: "text", summary: false, verbose: false, files: 0 }));
  else io.out(`schema: ${results.length} rendered objects valid (strict)`);
  const drift = reportDrift(await checkTree(root, files), io);
  return failed.length || changes.some((p) => !isWarning(p)) ? EXIT.checkFailed : drift;
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
