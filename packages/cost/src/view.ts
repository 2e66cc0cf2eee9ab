import type { Inputs } from "@llm-gitops/config";
import { estimateCapacity } from "./capacity.ts";
import { estimateCost, type CostReport } from "./estimate.ts";
import type { CostView } from "./format.ts";
import { sumLevels } from "./lines.ts";

/**
 * Cost and capacity of all environments, or of those named: priced over all of them first, so a
 * cluster two environments share stays shared when one is selected.
 */
export function costView(inputs: Inputs, environments?: readonly string[]): CostView {
  const cost = estimateCost(inputs);
  const capacity = estimateCapacity(inputs);
  const warnings = [...cost.warnings, ...capacity.warnings];
  if (!environments) return { cost: { ...cost, warnings }, capacity: capacity.deployments };
  const keep = new Set(environments);
  const files = new Set(inputs.environments.filter((e) => keep.has(e.name)).map((e) => e.file));
  const clusters = new Set(cost.lines.filter((l) => l.environment !== undefined && keep.has(l.environment)).map((l) => l.cluster));
  const lines = cost.lines.filter((l) => (l.environment !== undefined ? keep.has(l.environment) : clusters.has(l.cluster)));
  const selected: CostReport = {
    lines,
    environments: cost.environments.filter((e) => keep.has(e.name)),
    clusters: cost.clusters.filter((c) => clusters.has(c.name)),
    total: sumLevels(lines.map((l) => l.monthly)),
    // Warnings about platform.yaml concern every environment on its clusters.
    warnings: warnings.filter((w) => files.has(w.file) || !inputs.environments.some((e) => e.file === w.file)),
  };
  return { cost: selected, capacity: capacity.deployments.filter((c) => keep.has(c.environment)) };
}
