/**
 * How replicas land on whole nodes. Nodes are billed whole, so 3 replicas at 2 per node pay for
 * 2 nodes; a replica with more GPUs than a node has spans several nodes (multi-node serving such
 * as LeaderWorkerSet: KServe's single-pod predictor cannot, and the config loader refuses such a
 * pool, but the arithmetic holds for any planner that prices one).
 */

export interface Packing {
  /** Replicas one node holds (0 when a replica spans nodes, or does not fit one at all). */
  replicasPerNode: number;
  /** Whole nodes one replica occupies: 1, or more when it needs more GPUs than a node has. */
  nodesPerReplica: number;
}

/**
 * `byOtherResources`: replicas a node holds by CPU, memory and disk (kserve's replicasPerNode
 * counts all four); GPUs decide otherwise.
 */
export function packing(gpusPerReplica: number, gpusPerNode: number, byOtherResources = Number.POSITIVE_INFINITY): Packing {
  if (gpusPerReplica > gpusPerNode) return { replicasPerNode: 0, nodesPerReplica: Math.ceil(gpusPerReplica / gpusPerNode) };
  return { replicasPerNode: Math.min(Math.floor(gpusPerNode / gpusPerReplica), byOtherResources), nodesPerReplica: 1 };
}

/** A replica that fits no node at all (by CPU, memory or disk) can never be placed. */
export const placeable = (p: Packing) => p.nodesPerReplica > 1 || p.replicasPerNode > 0;

/** Whole nodes a whole number of replicas occupies. */
export function nodesFor(replicas: number, p: Packing): number {
  if (replicas <= 0) return 0;
  if (p.nodesPerReplica > 1) return replicas * p.nodesPerReplica;
  if (p.replicasPerNode === 0) return Number.POSITIVE_INFINITY;
  return Math.ceil(replicas / p.replicasPerNode);
}

/**
 * Nodes on average for an average replica count such as 2.4: the fleet spends that fraction of
 * the time at the higher whole count (2.4 → 60% at 2, 40% at 3), each billed in whole nodes.
 */
export function averageNodes(replicas: number, p: Packing): number {
  const low = Math.floor(replicas);
  const frac = replicas - low;
  return frac === 0 ? nodesFor(low, p) : (1 - frac) * nodesFor(low, p) + frac * nodesFor(low + 1, p);
}

/** One stretch of the month at one replica count: share of the time (0-1) and average replicas. */
export interface Phase {
  share: number;
  replicas: number;
}

/** A stretch of the month at a whole number of nodes: share of the time (0-1) and nodes. */
export interface NodeStep {
  share: number;
  nodes: number;
}

/** The phases in whole nodes, each split as averageNodes splits it (2.4 replicas: 60% at 2, 40% at 3). */
export const nodeSteps = (phases: readonly Phase[], p: Packing): NodeStep[] =>
  phases.flatMap((ph) => {
    const low = Math.floor(ph.replicas);
    const frac = ph.replicas - low;
    return frac === 0 ? [{ share: ph.share, nodes: nodesFor(low, p) }] : [{ share: ph.share * (1 - frac), nodes: nodesFor(low, p) }, { share: ph.share * frac, nodes: nodesFor(low + 1, p) }];
  });

/**
 * Nodes a pool keeps idle below its floor (minNodes): Σ share × max(0, floor − busy nodes) over the
 * stretches of the month, not the floor less the average busy nodes. Deployments sharing a pool are
 * lined up busiest stretch with busiest stretch (exact when their windows are the same; else an
 * upper bound, as the idle nodes are a convex function of the busy ones).
 */
export function idleNodes(floor: number, deployments: readonly NodeStep[][]): number {
  const sorted = deployments.map((steps) => steps.filter((s) => s.share > 0).sort((a, b) => b.nodes - a.nodes));
  if (sorted.length === 0) return floor;
  const at = sorted.map(() => 0);
  const used = sorted.map(() => 0);
  let idle = 0;
  while (sorted.every((steps, i) => at[i]! < steps.length)) {
    const share = Math.min(...sorted.map((steps, i) => steps[at[i]!]!.share - used[i]!));
    const busy = sorted.reduce((n, steps, i) => n + steps[at[i]!]!.nodes, 0);
    idle += share * Math.max(0, floor - busy);
    sorted.forEach((steps, i) => {
      used[i]! += share;
      if (used[i]! >= steps[at[i]!]!.share - 1e-12) [at[i], used[i]] = [at[i]! + 1, 0];
    });
  }
  return idle;
}

/** Average nodes over the phases of a month. */
export const phaseNodes = (phases: readonly Phase[], p: Packing) => phases.reduce((n, ph) => n + ph.share * averageNodes(ph.replicas, p), 0);
