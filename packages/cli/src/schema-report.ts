import { formatResults, type Result } from "@llm-gitops/kubeconform-wrapper";
import type { Finding, Report } from "./report.ts";

/** The registry's words when a schema host cannot be reached (kubeconform-wrapper registry.ts). */
const FETCH_FAILED = /^could not fetch schema (https?:\/\/([^/\s]+)\S*): (.+?)(?:; offline, .*)?$/s;

const textOf = (results: readonly Result[]) => formatResults(results, { format: "text", summary: false, verbose: false, files: 0 }).split("\n");

/**
 * Adds the schema gate's failures to the report. An invalid object's errors point at the
 * environment field behind it. Errors many objects share are said once: an unreachable schema
 * host once per host, with the fix, not once per object.
 */
export function reportSchema(report: Report, results: readonly Result[]): void {
  const objects = results.filter((r) => r.status !== "statusEmpty").length;
  const invalid = results.filter((r) => r.status === "statusInvalid");
  const errors = results.filter((r) => r.status === "statusError");
  for (const r of invalid) {
    const [heading, ...lines] = textOf([r]);
    report.note(heading!);
    r.validationErrors.forEach((e, i) => report.add({ ...at(r, e), message: `${r.kind} ${r.name} ${e.path}: ${e.msg}` }, lines[i]));
  }
  const groups = new Map<string, { host?: string; cause: string; results: Result[] }>();
  for (const r of errors) {
    const fetch = FETCH_FAILED.exec(r.msg);
    const key = fetch ? `host ${fetch[2]}` : r.msg;
    const group = groups.get(key) ?? { ...(fetch ? { host: fetch[2]! } : {}), cause: fetch ? fetch[3]! : r.msg, results: [] };
    group.results.push(r);
    groups.set(key, group);
  }
  for (const { host, cause, results: rs } of groups.values()) {
    const n = rs.length;
    if (host) {
      report.add({
        gate: "schema",
        severity: "error",
        message: `cannot fetch schemas from ${host} (${cause}), so ${n} rendered object${n === 1 ? " was" : "s were"} not validated; allow this machine to reach ${host}, or set LLM_GITOPS_SCHEMA_MIRROR to a copy of the schema hosts (as CI does with ../shared/crds)`,
      });
    } else if (n === 1) {
      report.add({ ...at(rs[0]!), message: `${rs[0]!.kind} ${rs[0]!.name}: ${cause}` }, textOf(rs)[0]);
    } else {
      report.add({ ...at(rs[0]!), message: `${n} rendered objects (${rs[0]!.filename} and ${n - 1} more): ${cause}` });
    }
  }
  const bad = invalid.length + errors.length;
  if (bad === 0) report.gate("schema", "ok", `${objects} rendered objects valid (strict)`);
  else report.gate("schema", "failed", `of ${objects} rendered objects, ${[invalid.length && `${invalid.length} invalid`, errors.length && `${errors.length} not validated`].filter(Boolean).join(" and ")}`);
}

/** Where a result points: the environment field behind the object, else the rendered file. */
function at(r: Result, e?: { line?: number; col?: number }): Omit<Finding, "message"> {
  const line = r.origin?.line ?? e?.line ?? r.line;
  const col = r.origin?.col ?? e?.col ?? r.col;
  return {
    gate: "schema",
    severity: "error",
    file: r.origin?.file ?? r.filename,
    ...(line ? { line, col: col ?? 1 } : {}),
    ...(r.origin?.path ? { path: r.origin.path } : {}),
    object: r.filename,
  };
}
