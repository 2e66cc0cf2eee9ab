import { GENERATED_HEADER, UsageError, type OutputFile } from "@llm-gitops/core";

export { GENERATED_HEADER, type OutputFile } from "@llm-gitops/core";

/** The directories the generator writes. Within them it owns only the files it generated. */
export const MANAGED_ROOTS = ["clusters", "docker"] as const;

/** A repository-relative path below a managed root, with no `..`, `.` or empty segment. */
export function isManagedPath(path: string): boolean {
  const parts = path.split("/");
  return (MANAGED_ROOTS as readonly string[]).includes(parts[0] ?? "") && parts.length > 1 && parts.every((s) => s !== "" && s !== "." && s !== "..");
}

/** One writer, one owner per path: two renderers claiming a path is a bug, not a merge. */
export function assertUniquePaths(files: readonly OutputFile[]): void {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const f of files) {
    if (seen.has(f.path)) dup.add(f.path);
    seen.add(f.path);
    if (!isManagedPath(f.path)) {
      throw new UsageError(`refusing to write ${f.path}: generated files live under ${MANAGED_ROOTS.join("/ and ")}/`);
    }
  }
  if (dup.size) throw new UsageError(`two generated files claim the same path: ${[...dup].sort().join(", ")}`);
}

const HEADER_LINE = `# ${GENERATED_HEADER[0]}`;

/**
 * Whether a file is ours: its first line is the generated header, or its second after a
 * Dockerfile parser directive (`# syntax=docker/dockerfile:1` must come first to take effect).
 * A file without it was made by a person, and the writer never removes or overwrites it.
 */
export function isGenerated(content: string | Buffer): boolean {
  const head = typeof content === "string" ? content.slice(0, 512) : content.subarray(0, 512).toString("utf8");
  const [first = "", second = ""] = head.split("\n", 2).map((l) => l.replace(/\r$/, ""));
  return first === HEADER_LINE || (/^#\s*[a-z]+=\S/i.test(first) && second === HEADER_LINE);
}
