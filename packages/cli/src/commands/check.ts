import { parseArgs } from "node:util";
import { checkTree } from "@llm-gitops/kustomize";
import { formatProblem } from "@llm-gitops/core";
import { EXIT, type Io } from "../io.ts";
import { findRoot, generateFiles, readSources } from "../project.ts";
import { formatResults } from "@llm-gitops/kubeconform-wrapper";
import { projectSchemaOptions, validateTruths } from "../schema.ts";
import { reportDrift } from "./generate.ts";

export const checkHelp = `Usage: llm-gitops check [--root DIR]

Runs every gate a pull request must pass, on a fresh in-memory render:
  input    environments/ validate against their schema; references resolve
  serving  vLLM fits the GPU (weights + one max-length sequence); pods fit their nodes
  scaling  one scaler per predictor, on a metric it can read; every HPA metric is
           served by exactly one prometheus-adapter rule
  schema   every rendered object validates in strict mode (Kubernetes 1.33 core schemas,
           the CRD catalog); errors point at the environment field behind the object.
           Offline, set LLM_GITOPS_SCHEMA_MIRROR to a copy of the schema hosts.
  drift    the committed clusters/ and docker/ equal a fresh render of environments/
Input errors are reported first, one line each, with file:line:col.

Options:
  --root DIR    repository root (default: the nearest directory upwards with environments/)
  -h, --help    show this help`;

export async function check(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { root: { type: "string" }, help: { type: "boolean", short: "h" } } });
  if (values.help) {
    io.out(checkHelp);
    return EXIT.ok;
  }
  const root = await findRoot(io.cwd, values.root);
  const { files, warnings, truths } = generateFiles(await readSources(root));
  for (const w of warnings) io.err(formatProblem(w));
  const results = await validateTruths(truths, projectSchemaOptions(io.env ?? process.env));
  const failed = results.filter((r) => r.status === "statusInvalid" || r.status === "statusError");
  if (failed.length) io.err(formatResults(failed, { format: "text", summary: false, verbose: false, files: 0 }));
  else io.out(`schema: ${results.length} rendered objects valid (strict)`);
  const drift = reportDrift(await checkTree(root, files), io);
  return failed.length ? EXIT.checkFailed : drift;
}
