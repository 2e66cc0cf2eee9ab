/**
 * The objects the baselines serialise, dumped once (unmeasured) from the same render `generate`
 * does, grouped into as many files as `generate` writes, at the same paths (+ ".json"). Objects
 * are spread over the files in render order: the grouping does not matter to a floor that must
 * serialise and write each object once, only the counts do.
 */
import { writeFile } from "node:fs/promises";
import { generateFiles } from "../../cli/src/project.ts";

export interface Dump {
  /** Output file → the objects it holds. */
  files: { path: string; objects: unknown[] }[];
}

export function dumpObjects(sources: readonly { path: string; text: string }[]): { dump: Dump; objects: number; files: number; warnings: number } {
  const { truths, files, warnings } = generateFiles(sources);
  const objects = truths.flatMap((t) => t.objects.map((o) => o.object as unknown));
  const groups: Dump["files"] = files.map((f) => ({ path: `${f.path}.json`, objects: [] }));
  objects.forEach((o, j) => groups[Math.floor((j * groups.length) / objects.length)]!.objects.push(o));
  return { dump: { files: groups }, objects: objects.length, files: files.length, warnings: warnings.length };
}

export async function writeDump(path: string, dump: Dump): Promise<void> {
  await writeFile(path, JSON.stringify(dump));
}
