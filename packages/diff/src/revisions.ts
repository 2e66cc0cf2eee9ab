import type { Inputs } from "@llm-gitops/config";
import { formatProblem, type Problem } from "@llm-gitops/core";
import { checkTransitions, type Truth } from "@llm-gitops/render";
import { diffOverlays, overlayKey, type Overlay, type OverlayDiff } from "./objects.ts";
import { refusedLines, summarize, type SummaryLine } from "./summary.ts";
import { costLines } from "./cost.ts";

/** A revision's render, or the problems that kept it from loading. */
export type Revision = { ref: string } & ({ inputs: Inputs; truths: readonly Truth[] } | { problems: readonly Problem[] });

export interface DiffResult {
  base: string;
  head: string;
  /** Why the comparison is partial (a base that does not load); shown above the summary. */
  notes: string[];
  summary: SummaryLine[];
  overlays: OverlayDiff[];
}

const overlays = (truths: readonly Truth[]): Overlay[] => truths.map((t) => ({ cluster: t.cluster, environment: t.environment, objects: t.objects.map((r) => r.object) }));

/**
 * Compares two renders. A base that does not load is compared as empty (everything is new) with a
 * note, so a pull request that repairs a broken branch is still reviewable.
 */
export function diffRevisions(base: Revision, head: Extract<Revision, { inputs: Inputs }>): DiffResult {
  const notes: string[] = [];
  const before = "truths" in base ? overlays(base.truths) : [];
  if ("problems" in base) {
    notes.push(`the base ${base.ref} does not load (${base.problems.length} problem${base.problems.length === 1 ? "" : "s"}); every object is shown as added and transitions are not checked`);
    notes.push(...base.problems.slice(0, 20).map((p) => `base: ${formatProblem(p)}`));
  }
  const after = overlays(head.truths);
  const baseByKey = new Map(before.map((o) => [overlayKey(o), o.objects]));
  // The base render stands for what is deployed: the live cluster must accept the head from it.
  const refused = "truths" in base ? checkTransitions(head.inputs, head.truths, (t) => baseByKey.get(overlayKey(t))) : [];
  const cost = costLines("inputs" in base ? base.inputs : undefined, head.inputs);
  return { base: base.ref, head: head.ref, notes, summary: summarize(before, after, [...cost, ...refusedLines(refused)]), overlays: diffOverlays(before, after) };
}
