import { createHash } from "node:crypto";
import { join } from "node:path";
import type { SourceFile } from "@llm-gitops/config";
import { isRecord, type OutputFile, type Problem } from "@llm-gitops/core";
import { readCacheJson, userCacheDir, writeCacheJson } from "@llm-gitops/kubeconform-wrapper/cache";
import type { Gate } from "./report.ts";

/**
 * generate's last successful render of a repository, kept so that a run on unchanged
 * environments/ compares the tree without parsing, rendering and serialising again. A render is a
 * pure function of the environment files and the code that renders them (the CLI bundle, whose
 * sha256 the bin passes), so the record is used only when both are byte for byte those it was
 * made from (`key`). The tree is still read and compared file by file as always: a record spares
 * the render, never the comparison. One record per repository, replaced by each render.
 */
export interface RenderRecord {
  files: OutputFile[];
  /** The render's warnings, each with its gate, reported again as they were. */
  warnings: { problem: Problem; gate: Gate }[];
  deployments: number;
  sources: number;
}

export interface RenderCache {
  /** The record's file. */
  file: string;
  /** Identifies the render: the code's hash, the Node version and every source file. */
  key: string;
}

const FORMAT = "llm-gitops render record 1";

/**
 * Where the record of `root` lives: LLM_GITOPS_RENDER_CACHE (a directory; "off" for none), else
 * `$XDG_CACHE_HOME/llm-gitops/renders`, else `~/.cache/llm-gitops/renders`. None without the
 * build's hash: sources run by tsx (tests, development) render every time.
 */
export function renderCache(env: Record<string, string | undefined>, build: string | undefined, root: string, sources: readonly SourceFile[]): RenderCache | undefined {
  if (!build || env.LLM_GITOPS_RENDER_CACHE === "off") return undefined;
  const dir = env.LLM_GITOPS_RENDER_CACHE || userCacheDir(env, "renders");
  if (!dir) return undefined;
  const hash = createHash("sha256");
  // Length-prefixed, so no two lists of files hash alike.
  const add = (s: string) => hash.update(`${Buffer.byteLength(s)}:`).update(s);
  [FORMAT, build, process.version, String(sources.length)].forEach(add);
  for (const s of sources) [s.path, s.text].forEach(add);
  return { file: join(dir, `${createHash("sha256").update(root).digest("hex")}.json`), key: hash.digest("hex") };
}

/** The record, when it is the one `cache.key` names and well formed; else undefined (a miss). */
export function readRecord(cache: RenderCache): RenderRecord | undefined {
  const stored = readCacheJson(cache.file);
  if (!isRecord(stored) || stored.format !== FORMAT || stored.key !== cache.key) return undefined;
  const r = stored.record;
  const ok =
    isRecord(r) &&
    Array.isArray(r.files) &&
    r.files.every((f) => isRecord(f) && typeof f.path === "string" && typeof f.content === "string") &&
    Array.isArray(r.warnings) &&
    r.warnings.every((w) => isRecord(w) && isRecord(w.problem) && typeof w.gate === "string") &&
    typeof r.deployments === "number" &&
    typeof r.sources === "number";
  return ok ? (r as unknown as RenderRecord) : undefined;
}

/** Replaces the record through a temporary file and a rename; a cache that cannot be written is no cache. */
export function writeRecord(cache: RenderCache, record: RenderRecord): void {
  writeCacheJson(cache.file, { format: FORMAT, key: cache.key, record });
}

/**
 * check's part of the record: the render's truths (truths-record.ts), in a file of its own beside
 * the record so that generate never reads it. Same key: it belongs to the same render.
 */
const truthsFile = (cache: RenderCache) => cache.file.replace(/\.json$/, ".truths.json");

/** The stored truths of the render `cache.key` names, unchecked (thawTruths checks them); else undefined. */
export function readTruths(cache: RenderCache): unknown {
  const stored = readCacheJson(truthsFile(cache));
  return isRecord(stored) && stored.format === FORMAT && stored.key === cache.key ? stored.truths : undefined;
}

export function writeTruths(cache: RenderCache, truths: unknown): void {
  writeCacheJson(truthsFile(cache), { format: FORMAT, key: cache.key, truths });
}
