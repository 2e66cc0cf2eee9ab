import { parseQuantity, problemAt as error, type Problem } from "@llm-gitops/core";
import type { Cluster, Deployment, Environment, NodePool } from "@llm-gitops/config";
import { ephemeralStorage } from "./resources.ts";

/** Replicas of a deployment one node of a pool can hold, as the scheduler counts requests: GPUs, CPU, memory and disk. */
export function replicasPerNode(pool: NodePool, d: Deployment): number {
  const per = (has: string, wants: string) => Math.floor(parseQuantity(has) / parseQuantity(wants));
  const byGpu = Math.floor(pool.gpusPerNode / d.gpuProfile.gpu.count);
  const byCpu = per(pool.allocatable.cpu, d.resources.requests.cpu);
  const byMemory = per(pool.allocatable.memory, d.resources.requests.memory);
  // Each replica requests room for the image too, though replicas on one node share it.
  const byDisk = per(pool.allocatable.ephemeralStorage, ephemeralStorage(d));
  return Math.max(0, Math.min(byGpu, byCpu, byMemory, byDisk));
}

/** Replicas the cluster's pools for the deployment's GPU profile hold at their maximum size. */
export function poolCapacity(cluster: Cluster, d: Deployment): { replicas: number; gpus: number; pools: NodePool[] } {
  const pools = cluster.nodePools.filter((p) => p.gpuProfile === d.gpuProfile.name);
  return {
    replicas: pools.reduce((n, p) => n + p.maxNodes * replicasPerNode(p, d), 0),
    gpus: pools.reduce((n, p) => n + p.maxNodes * p.gpusPerNode, 0),
    pools,
  };
}

/**
 * `replicas.max` must fit the pool on every cluster the deployment runs on: replicas beyond it
 * stay Pending for ever while the autoscaler believes it has scaled.
 */
export function checkCapacity(d: Deployment): Problem[] {
  const problems: Problem[] = [];
  for (const cluster of d.clusters) {
    const cap = poolCapacity(cluster, d);
    if (d.replicas.max <= cap.replicas) continue;
    const gpus = d.replicas.max * d.gpuProfile.gpu.count;
    const pools = cap.pools.map((p) => `"${p.name}" ${p.maxNodes} × ${p.instanceType}, ${replicasPerNode(p, d)} per node`).join("; ");
    problems.push(
      error(
        d.origin.at(["replicas", "max"]),
        `${d.replicas.max} replicas × ${d.gpuProfile.gpu.count} GPU(s) = ${gpus} GPUs, but cluster "${cluster.name}" holds at most ${cap.replicas} replicas of it (${pools}; ${cap.gpus} GPUs); lower replicas.max to ${cap.replicas}, raise the pool's maxNodes, or leave the cluster out of this deployment's clusters`,
      ),
    );
  }
  return problems;
}

/** Warns when the deployments of all environments on a cluster, each at its maximum, overflow a pool. */
export function checkSharedCapacity(cluster: Cluster, environments: readonly Environment[]): Problem[] {
  const problems: Problem[] = [];
  for (const pool of cluster.nodePools) {
    const users = environments.flatMap((e) => e.deployments.filter((d) => d.gpuProfile.name === pool.gpuProfile && d.clusters.some((c) => c.name === cluster.name)));
    if (users.length < 2) continue;
    const pools = cluster.nodePools.filter((p) => p.gpuProfile === pool.gpuProfile);
    if (pools[0] !== pool) continue;
    const gpus = users.reduce((n, d) => n + d.replicas.max * d.gpuProfile.gpu.count, 0);
    const has = pools.reduce((n, p) => n + p.maxNodes * p.gpusPerNode, 0);
    if (gpus <= has) continue;
    problems.push(
      error(
        cluster.origin.at(["nodePools"]),
        `the ${users.length} deployments on GPU profile "${pool.gpuProfile}" on cluster "${cluster.name}" need up to ${gpus} GPUs together at replicas.max, but its pools hold ${has}; they cannot all peak at once`,
        "warning",
      ),
    );
  }
  return problems;
}
