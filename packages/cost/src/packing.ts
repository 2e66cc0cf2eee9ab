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

/** Average nodes over the phases of a month. */
export const phaseNodes = (phases: readonly Phase[], p: Packing) => phases.reduce((n, ph) => n + ph.share * averageNodes(ph.replicas, p), 0);
export const phaseReplicas = (phases: readonly Phase[]) => phases.reduce((n, ph) => n + ph.share * ph.replicas, 0);
