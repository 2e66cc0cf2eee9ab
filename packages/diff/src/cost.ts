import type { Inputs } from "@llm-gitops/config";
import { costChangeLine, costChanges, estimateCost, totalChangeLine } from "@llm-gitops/cost";
import type { SummaryLine } from "./summary.ts";

/**
 * The summary's cost topic: who pays a different monthly amount at the head (packages/cost, the
 * prices of each revision's own platform.yaml), then the total when more than one payer changed.
 * A base that does not load counts as costing nothing.
 */
export function costLines(base: Inputs | undefined, head: Inputs): SummaryLine[] {
  const [before, after] = [base && estimateCost(base), estimateCost(head)];
  const changes = costChanges(before, after);
  const total = changes.length > 1 ? totalChangeLine(before, after) : undefined;
  return [...changes.map(costChangeLine), ...(total ? [total] : [])].map((text) => ({ topic: "cost", text }));
}
