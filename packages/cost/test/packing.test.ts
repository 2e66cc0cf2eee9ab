import { describe, expect, it } from "vitest";
import { averageNodes, nodesFor, packing, phaseNodes, placeable } from "../src/index.ts";

describe("packing replicas onto whole nodes", () => {
  it.each([
    // name, GPUs per replica, GPUs per node, replicas a node holds by CPU/memory/disk, expected packing
    ["one GPU per replica on a 1-GPU node", 1, 1, Infinity, { replicasPerNode: 1, nodesPerReplica: 1 }],
    ["one GPU per replica on a 4-GPU node", 1, 4, Infinity, { replicasPerNode: 4, nodesPerReplica: 1 }],
    ["CPU lets only 2 of 4 GPUs be used", 1, 4, 2, { replicasPerNode: 2, nodesPerReplica: 1 }],
    ["two GPUs per replica, three per node: one GPU stays idle", 2, 3, Infinity, { replicasPerNode: 1, nodesPerReplica: 1 }],
    ["8 GPUs per replica on 4-GPU nodes: two nodes each", 8, 4, Infinity, { replicasPerNode: 0, nodesPerReplica: 2 }],
    ["3 GPUs per replica on 2-GPU nodes: two nodes each, one GPU idle", 3, 2, Infinity, { replicasPerNode: 0, nodesPerReplica: 2 }],
    ["a replica that fits no node by memory", 1, 1, 0, { replicasPerNode: 0, nodesPerReplica: 1 }],
  ])("%s", (_name, gpus, perNode, other, want) => {
    expect(packing(gpus, perNode, other)).toEqual(want);
  });

  it("refuses to place what fits no node, and places multi-node replicas", () => {
    expect(placeable(packing(1, 1, 0))).toBe(false);
    expect(placeable(packing(8, 4))).toBe(true);
  });

  it.each([
    ["3 replicas at 2 per node bill 2 whole nodes", 3, packing(1, 2), 2],
    ["4 replicas at 2 per node bill 2 nodes", 4, packing(1, 2), 2],
    ["0 replicas bill nothing", 0, packing(1, 2), 0],
    ["3 replicas of 8 GPUs on 4-GPU nodes bill 6 nodes", 3, packing(8, 4), 6],
    ["5 replicas at 4 per node bill 2 nodes", 5, packing(1, 4), 2],
  ])("%s", (_name, replicas, p, nodes) => {
    expect(nodesFor(replicas, p)).toBe(nodes);
  });

  it.each([
    // 2.5 replicas at 2 per node: half the time 2 replicas (1 node), half the time 3 (2 nodes)
    ["2.5 replicas, 2 per node", 2.5, packing(1, 2), 1.5],
    ["2.4 replicas, 1 per node", 2.4, packing(1, 1), 2.4],
    ["1.25 replicas, 4 per node: always 1 node", 1.25, packing(1, 4), 1],
    ["0.5 replicas of 8 GPUs on 4-GPU nodes", 0.5, packing(8, 4), 1],
    ["a whole count is not interpolated", 3, packing(1, 2), 2],
  ])("fractional nodes: %s", (_name, replicas, p, nodes) => {
    expect(averageNodes(replicas, p)).toBeCloseTo(nodes, 10);
  });

  it("averages nodes over the phases of a month, not nodes of the average replicas", () => {
    // 50% of the time 3 replicas (2 nodes at 2 per node), 50% of the time 1 (1 node): 1.5 nodes,
    // where ceil(2 replicas / 2) would say 1.
    expect(phaseNodes([{ share: 0.5, replicas: 3 }, { share: 0.5, replicas: 1 }], packing(1, 2))).toBe(1.5);
  });
});
