import { describe, expect, it } from "vitest";
import { estimateCapacity, peakNeed } from "../src/index.ts";
import { inputsOf, refCluster } from "./fixtures.ts";

const slo = { timeToFirstTokenSeconds: 1, interTokenLatencySeconds: 0.05 };

describe("what a declared peak needs", () => {
  it("a worked example: 10 req/s of 2,000 + 500 tokens on a 100,000-token replica", () => {
    // Each request holds a slot 1 s + 500 × 0.05 s = 26 s, so 260 are in flight (Little's law);
    // a replica holds min(64, floor(100,000 / 2,500) = 40) = 40 → 7 replicas, 14 GPUs at 2 each.
    expect(peakNeed({ requestsPerSecond: 10, inputTokens: 2000, outputTokens: 500 }, { kvTokens: 100_000, maxNumSeqs: 64 }, slo, 2)).toEqual({
      requestsPerSecond: 10,
      requestSeconds: 26,
      concurrent: 260,
      perReplica: 40,
      tokensPerSecondPerReplica: (40 * 500) / 26,
      replicas: 7,
      gpus: 14,
    });
  });

  it.each([
    ["max-num-seqs caps a large cache", { kvTokens: 1_000_000, maxNumSeqs: 16 }, 16],
    ["the KV cache caps long requests", { kvTokens: 10_000, maxNumSeqs: 256 }, 4],
  ])("%s", (_name, replica, perReplica) => {
    expect(peakNeed({ requestsPerSecond: 1, inputTokens: 2000, outputTokens: 500 }, replica, slo, 1)!.perReplica).toBe(perReplica);
  });

  it("exactly enough replicas is not one too many", () => {
    // 2 req/s × (1 + 100 × 0.05) s = 12 in flight, 4 per replica: 3 replicas.
    expect(peakNeed({ requestsPerSecond: 2, inputTokens: 900, outputTokens: 100 }, { kvTokens: 4000, maxNumSeqs: 64 }, slo, 1)!.replicas).toBe(3);
  });

  it("a request larger than the KV cache cannot be served", () => {
    expect(peakNeed({ requestsPerSecond: 1, inputTokens: 9000, outputTokens: 1000 }, { kvTokens: 5000, maxNumSeqs: 64 }, slo, 1)).toBeUndefined();
  });
});

describe("capacity of a deployment from the GPU-fit model", () => {
  const peak = { requestsPerSecond: 20, inputTokens: 3000, outputTokens: 500 };

  it("concurrent max-length sequences per replica: Qwen2.5-7B-AWQ on an A10G at 8,192 tokens", () => {
    const [c] = estimateCapacity(inputsOf([{ clusters: [refCluster()], deployments: [{}] }])).deployments;
    // gpu-fit: 21.98 GiB × 0.9 less weights, activations and overhead, at 56 KiB per token.
    expect(c!.maxLengthSequences).toBe(Math.floor(c!.kvTokens / 8192));
    expect(c!.kvTokens).toBeGreaterThan(200_000);
  });

  it("warns at replicas.max when it cannot meet the peak, naming the replicas needed", () => {
    const { deployments, warnings } = estimateCapacity(inputsOf([{ clusters: [refCluster()], deployments: [{ replicas: { min: 1, max: 2 }, load: { peak } }] }]));
    const need = deployments[0]!.peak!;
    expect(need.replicas).toBeGreaterThan(2);
    expect(warnings.map((w) => [w.path, w.severity])).toContainEqual(["deployments[0].replicas.max", "warning"]);
    expect(warnings.find((w) => w.message.startsWith("2 replicas cannot meet"))!.message).toContain(`raise replicas.max to ${need.replicas}`);
  });

  it("warns when the node pool cannot hold replicas.max", () => {
    const { warnings } = estimateCapacity(inputsOf([{ clusters: [refCluster({ maxNodes: 3 })], deployments: [{ replicas: { min: 1, max: 5 }, load: { peak: { ...peak, requestsPerSecond: 0.1 } } }] }]));
    expect(warnings.map((w) => w.message)).toEqual([expect.stringContaining("hold 3 replicas at maxNodes, fewer than the 5 that replicas.max needs")]);
  });

  it("no warning when the fleet can serve the peak", () => {
    const { warnings } = estimateCapacity(inputsOf([{ clusters: [refCluster()], deployments: [{ replicas: { min: 1, max: 20 }, load: { peak: { ...peak, requestsPerSecond: 1 } } }] }]));
    expect(warnings).toEqual([]);
  });
});
