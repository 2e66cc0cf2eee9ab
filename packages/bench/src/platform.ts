/**
 * A synthetic repository: the example platform.yaml unchanged, and dev, staging and prod each
 * with N deployments. Each environment is derived from its example file by repeating its first
 * deployment under numbered names, so every other setting (clusters, gateway, SLOs) stays one the
 * example already proves valid; prod keeps its two clusters.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;

/** Repeats the first item of the top-level `deployments:` list n times, named `<name>-<i>`. */
export function scaleEnvironment(text: string, n: number): string {
  const lines = text.split("\n");
  const start = lines.indexOf("deployments:");
  if (start < 0) throw new Error("bench: example environment has no top-level deployments: list");
  // The list ends at the next top-level key (a line starting neither with a space, a dash nor a comment).
  let end = start + 1;
  while (end < lines.length && (lines[end] === "" || /^[ #-]/.test(lines[end]!))) end++;
  const items = lines.slice(start + 1, end);
  const first = items.findIndex((l) => /^\s*- /.test(l));
  const indent = items[first]!.indexOf("-");
  let next = first + 1;
  while (next < items.length && !(items[next]!.indexOf("- ") === indent && items[next]!.trim().startsWith("- "))) next++;
  const item = items.slice(first, next).join("\n");
  const name = /name:\s*([\w.-]+)/.exec(item)?.[1];
  if (!name) throw new Error("bench: the first example deployment has no name");
  // One model per host: the first copy keeps the environment's gateway host, the others get their own.
  const host = /^gateway:\n(?:[ #].*\n)*?\s+host:\s*(\S+)/m.exec(text)?.[1];
  const pad = " ".repeat(indent + 2);
  const copies = Array.from({ length: n }, (_, i) =>
    item.replace(`name: ${name}`, `name: ${name}-${i}` + (i > 0 && host ? `\n${pad}route: { host: ${name}-${i}.${host} }` : "")),
  );
  return [...lines.slice(0, start + 1), ...copies, ...lines.slice(end)].join("\n");
}

/** Writes environments/ of an n-deployment platform under dir; returns the sources as generate reads them. */
export async function writePlatform(exampleRoot: string, dir: string, n: number): Promise<{ path: string; text: string }[]> {
  await mkdir(join(dir, "environments"), { recursive: true });
  const sources = [{ path: "environments/platform.yaml", text: await readFile(join(exampleRoot, "environments/platform.yaml"), "utf8") }];
  for (const env of ENVIRONMENTS) {
    const example = await readFile(join(exampleRoot, `environments/${env}.yaml`), "utf8");
    sources.push({ path: `environments/${env}.yaml`, text: scaleEnvironment(example, n) });
  }
  for (const s of sources) await writeFile(join(dir, s.path), s.text);
  return sources;
}
