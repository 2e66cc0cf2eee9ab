import { UsageError, type OutputFile } from "@llm-gitops/core";

export { GENERATED_HEADER, type OutputFile } from "@llm-gitops/core";

/** The directories the generator owns: everything under them is generated, nothing else is. */
export const MANAGED_ROOTS = ["clusters", "docker"] as const;

/** One writer, one owner per path: two renderers claiming a path is a bug, not a merge. */
export function assertUniquePaths(files: readonly OutputFile[]): void {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const f of files) {
    if (seen.has(f.path)) dup.add(f.path);
    seen.add(f.path);
    const top = f.path.split("/")[0];
    if (!(MANAGED_ROOTS as readonly string[]).includes(top ?? "") || f.path.split("/").some((s) => s === ".." || s === "")) {
      throw new UsageError(`refusing to write ${f.path}: generated files live under ${MANAGED_ROOTS.join("/ and ")}/`);
    }
  }
  if (dup.size) throw new UsageError(`two generated files claim the same path: ${[...dup].sort().join(", ")}`);
}
