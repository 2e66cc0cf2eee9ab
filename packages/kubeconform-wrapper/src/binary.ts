import { execFile } from "node:child_process";
import { access } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import { mirrorPath, normalizeLocation } from "./locations.ts";
import type { Options, Result, Status } from "./types.ts";

const STATUSES: Status[] = ["statusValid", "statusInvalid", "statusError", "statusSkipped", "statusEmpty"];

/** Reads kubeconform v0.7 `-output json` (run with -verbose to get every resource). */
export function parseKubeconformJson(text: string): Result[] {
  const doc = JSON.parse(text) as { resources?: Record<string, unknown>[] };
  return (doc.resources ?? []).map((r) => {
    // kubeconform v0.7 prints an empty or comment-only document, with -verbose, as status ""
    // (pkg/output/json.go leaves st empty for validator.Empty): our statusEmpty.
    const status = (r.status === "" ? "statusEmpty" : String(r.status)) as Status;
    if (!STATUSES.includes(status)) throw new Error(`unexpected kubeconform status ${JSON.stringify(r.status)}`);
    const errors = (r.validationErrors as { path?: string; msg?: string }[] | undefined) ?? [];
    return {
      filename: String(r.filename ?? ""),
      kind: String(r.kind ?? ""),
      name: String(r.name ?? ""),
      version: String(r.version ?? ""),
      status,
      msg: String(r.msg ?? ""),
      validationErrors: errors.map((e) => ({ path: String(e.path ?? ""), msg: String(e.msg ?? "") })),
    };
  });
}

/** kubeconform on PATH (or the given path), if any. */
export async function findKubeconform(explicit?: string): Promise<string | undefined> {
  const candidates = explicit ? [explicit] : (process.env.PATH ?? "").split(delimiter).filter(Boolean).map((d) => join(d, "kubeconform"));
  for (const c of candidates) {
    if (await access(c).then(() => true, () => false)) return c;
  }
  return undefined;
}

/** The same configuration as kubeconform flags; mirrored upstream locations become local templates. */
export function kubeconformArgs(options: Options): string[] {
  const args = ["-output", "json", "-verbose", "-summary", "-kubernetes-version", options.kubernetesVersion, "-n", String(options.workers)];
  if (options.strict) args.push("-strict");
  if (options.ignoreMissingSchemas) args.push("-ignore-missing-schemas");
  if (options.cache) args.push("-cache", options.cache);
  if (options.skip.length) args.push("-skip", options.skip.join(","));
  if (options.reject.length) args.push("-reject", options.reject.join(","));
  for (const loc of options.schemaLocations.length ? options.schemaLocations : ["default"]) {
    const normalized = normalizeLocation(loc);
    args.push("-schema-location", mirrorPath(normalized, options.mirror) ?? (loc === "default" ? "default" : normalized));
  }
  return args;
}

/** Runs the kubeconform binary and parses its verdicts (it exits 1 when something is invalid). */
export async function runKubeconform(binary: string, paths: readonly string[], options: Options): Promise<Result[]> {
  try {
    const { stdout } = await promisify(execFile)(binary, [...kubeconformArgs(options), ...paths], { maxBuffer: 512 * 1024 * 1024 });
    return parseKubeconformJson(stdout);
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    if (err.code === 1 && err.stdout) return parseKubeconformJson(err.stdout);
    throw new Error(`kubeconform failed: ${err.stderr?.trim() || String(e)}`);
  }
}
