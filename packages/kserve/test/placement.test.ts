import { describe, expect, it } from "vitest";
import type { Problem } from "@llm-gitops/core";
import { a10g, cluster, deployment, environment } from "@llm-gitops/config/testing";
import type { Cluster } from "@llm-gitops/config";
import { checkCapacity, checkSharedCapacity, poolCapacity } from "../src/capacity.ts";
import { checkNames, checkNodeFit } from "../src/checks.ts";

const lines = (problems: Problem[]) => problems.map((p) => `${p.severity ?? "error"} ${p.path}: ${p.message}`);
const resources = (requests: { cpu: string; memory: string }, limits = requests, ephemeralStorage?: string) => ({
  requests,
  limits,
  ...(ephemeralStorage ? { ephemeralStorage } : {}),
  at: deployment().resources.at,
});
const withPool = (over: Partial<Cluster["nodePools"][number]>, c = cluster()): Cluster => ({ ...c, nodePools: [{ ...c.nodePools[0]!, ...over }] });

describe("checkNodeFit: requests within limits and within one node", () => {
  it.each([
    ["a CPU request above its limit", deployment({ resources: resources({ cpu: "6", memory: "24Gi" }, { cpu: "4", memory: "24Gi" }) }), [
      "error deployments[0].resources: cpu request 6 is above its limit 4; Kubernetes rejects such a pod: raise resources.limits.cpu or lower resources.cpu",
    ]],
    ["a CPU request larger than a node offers", deployment({ resources: resources({ cpu: "8", memory: "24Gi" }) }), [
      'error deployments[0].resources: cpu request 8 does not fit a node of pool "gpu" on cluster "prod-a" (g5.2xlarge allocatable 7910m); the pod would never schedule: lower resources.cpu, or use a larger instance type',
    ]],
    // ../shared/DOMAIN.md B11: the vLLM image plus the model overflows a small root volume.
    ["a node disk smaller than image, model and caches", deployment({ clusters: [withPool({ allocatable: { cpu: "7910m", memory: "28Gi", ephemeralStorage: "18Gi" } })] }), [
      'error deployments[0].resources: ephemeral-storage request 49Gi does not fit a node of pool "gpu" on cluster "prod-a" (g5.2xlarge allocatable 18Gi); the pod would never schedule: give the pool\'s nodes a larger disk (and raise allocatable.ephemeralStorage), or set resources.ephemeralStorage if the estimate (vLLM image 30 GiB + model + caches) is too high',
    ]],
  ])("refuses %s", (_, d, expected) => {
    expect(lines(checkNodeFit(d))).toEqual(expected);
  });

  it.each([
    ["the example", deployment()],
    ["limits above requests", deployment({ resources: resources({ cpu: "4", memory: "20Gi" }, { cpu: "7", memory: "28Gi" }) })],
    ["a disk override that fits", deployment({ resources: resources({ cpu: "6", memory: "24Gi" }, undefined, "90Gi") })],
  ])("accepts %s", (_, d) => {
    expect(checkNodeFit(d)).toEqual([]);
  });

  it("checks only the clusters the deployment runs on", () => {
    const tiny = withPool({ allocatable: { cpu: "2", memory: "8Gi", ephemeralStorage: "10Gi" } }, cluster("0.16.0", "tiny"));
    expect(checkNodeFit(deployment({ clusters: [cluster()] }))).toEqual([]);
    expect(checkNodeFit(deployment({ clusters: [cluster(), tiny] })).length).toBe(3);
  });
});

describe("checkCapacity: replicas.max fits the cluster's GPU pool", () => {
  it("counts replicas per node by GPUs, CPU and memory", () => {
    const c = withPool({ instanceType: "g5.12xlarge", gpusPerNode: 4, maxNodes: 2, allocatable: { cpu: "47", memory: "180Gi", ephemeralStorage: "400Gi" } });
    expect(poolCapacity(c, deployment()).replicas).toBe(2 * 4);
    expect(poolCapacity(c, deployment({ gpuProfile: { ...a10g, gpu: { ...a10g.gpu, count: 2 } } })).replicas).toBe(2 * 2);
    const cpuBound = withPool({ gpusPerNode: 4, maxNodes: 2, allocatable: { cpu: "15", memory: "180Gi", ephemeralStorage: "400Gi" } });
    expect(poolCapacity(cpuBound, deployment()).replicas).toBe(2 * 2);
    // 49Gi of node disk per replica (image, model, caches): a 95Gi disk holds one.
    const diskBound = withPool({ gpusPerNode: 4, maxNodes: 2, allocatable: { cpu: "47", memory: "180Gi", ephemeralStorage: "95Gi" } });
    expect(poolCapacity(diskBound, deployment()).replicas).toBe(2 * 1);
  });

  it("refuses a maximum the pool cannot hold, naming the numbers and a way out", () => {
    const d = deployment({ replicas: { min: 3, max: 20 }, clusters: [withPool({ maxNodes: 10 })] });
    expect(lines(checkCapacity(d))).toEqual([
      'error deployments[0].replicas.max: 20 replicas × 1 GPU(s) = 20 GPUs, but cluster "prod-a" holds at most 10 replicas of it ("gpu" 10 × g5.2xlarge, 1 per node; 10 GPUs); lower replicas.max to 10, raise the pool\'s maxNodes, or leave the cluster out of this deployment\'s clusters',
    ]);
  });

  it("accepts a maximum that fits", () => {
    expect(checkCapacity(deployment({ replicas: { min: 3, max: 20 } }))).toEqual([]);
  });

  it("warns when deployments sharing a pool cannot all peak at once", () => {
    const c = withPool({ maxNodes: 20 });
    const env = { ...environment([deployment({ clusters: [c] }), deployment({ name: "llama-chat", clusters: [c] })]), clusters: [c] };
    expect(lines(checkSharedCapacity(c, [env]))).toEqual([
      'warning clusters["prod-a"].nodePools: the 2 deployments on GPU profile "a10g-24gb" on cluster "prod-a" need up to 40 GPUs together at replicas.max, but its pools hold 20; they cannot all peak at once',
    ]);
  });
});

describe("checkNames", () => {
  // kserve/kserve#4807: the raw reconciler validates `<isvc>-predictor-<namespace>` as a DNS label.
  it("refuses a predictor host name longer than a DNS label", () => {
    const env = { ...environment(), namespace: "a-namespace-with-a-rather-long-name" };
    expect(lines(checkNames(env, deployment({ name: "qwen-chat-long-name" })))).toEqual([
      'error deployments[0].name: KServe names the predictor\'s host "qwen-chat-long-name-predictor-a-namespace-with-a-rather-long-name" (65 characters), over the 63 a DNS label allows, and would create nothing; shorten the deployment name or the namespace "a-namespace-with-a-rather-long-name" by 2',
    ]);
    expect(checkNames(environment(), deployment())).toEqual([]);
    expect(checkNames(env, deployment({ name: "qwen-chat-long-name", deploymentMode: "Knative" }))).toHaveLength(1);
  });
});
