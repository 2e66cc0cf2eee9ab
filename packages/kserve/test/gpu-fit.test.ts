import { describe, expect, it } from "vitest";
import { GiB, KiB, MiB } from "@llm-gitops/core";
import { a10g, deployment, environment, qwen25, cluster } from "@llm-gitops/config/testing";
import type { GpuProfile, Model, Platform } from "@llm-gitops/config";
import { checkGpuFit, checkNodeFit } from "../src/checks.ts";
import { contextLimit, gpuFit, kvBytesPerToken, largestFittingMaxModelLen, weightBytes } from "../src/gpu-fit.ts";

// DOMAIN B10: Qwen-7B v1 has 32 layers and 32 KV heads; Llama-3.1-8B 32 layers and 8 KV heads.
const qwen7bV1: Model = {
  ...qwen25,
  name: "qwen-7b-chat-int4",
  weightBytes: undefined,
  architecture: { parameters: 7.7e9, layers: 32, kvHeads: 32, headDim: 128, contextLength: 32768, ropeScalingFactor: 4 },
  quantization: { method: "gptq", bits: 4 },
};
const llama31: Model = { ...qwen25, name: "llama-3.1-8b", weightBytes: undefined, architecture: { parameters: 8e9, layers: 32, kvHeads: 8, headDim: 128, contextLength: 131072 } };
const a100: GpuProfile = { ...a10g, name: "a100-80gb", gpu: { ...a10g.gpu, product: "NVIDIA-A100-SXM4-80GB", memoryGiB: 80, computeCapability: "8.0" } };
const l4: GpuProfile = { ...a10g, name: "l4-24gb", gpu: { ...a10g.gpu, product: "NVIDIA-L4", memoryGiB: 24, computeCapability: "8.9" } };
const platform: Platform = {
  repository: "https://example.com/repo",
  gpuProfiles: new Map([a10g, a100, l4].map((p) => [p.name, p])),
  models: new Map(),
  clusters: new Map(),
};

describe("KV cache per token (DOMAIN B10)", () => {
  it.each([
    ["Qwen2.5-7B", qwen25, 56 * KiB],
    ["Qwen-7B v1", qwen7bV1, 512 * KiB],
    ["Llama-3.1-8B", llama31, 128 * KiB],
  ])("%s", (_, model, bytes) => {
    expect(kvBytesPerToken(model)).toBe(bytes);
  });

  it.each([
    ["Qwen2.5-7B, 8,192 tokens", qwen25, 8192, 448 * MiB],
    ["Qwen2.5-7B, 32,768 tokens", qwen25, 32768, 1.75 * GiB],
    ["Qwen-7B v1, 8,192 tokens", qwen7bV1, 8192, 4 * GiB],
    ["Qwen-7B v1, 131,072 tokens", qwen7bV1, 131072, 64 * GiB],
    ["Llama-3.1-8B, 131,072 tokens", llama31, 131072, 16 * GiB],
  ])("%s", (_, model, tokens, bytes) => {
    expect(kvBytesPerToken(model) * tokens).toBe(bytes);
  });

  it("splits KV heads across tensor-parallel GPUs, keeping at least one per GPU", () => {
    expect(kvBytesPerToken(qwen25, 2)).toBe(28 * KiB);
    expect(kvBytesPerToken(qwen25, 8)).toBe(14 * KiB); // 4 KV heads over 8 GPUs: one replica each
  });
});

describe("weights", () => {
  it("prefer the checkpoint's real size", () => {
    expect(weightBytes(qwen25)).toBe(5_580_000_000);
  });
  it("else estimate params × bits / 8 plus a tenth for unquantized layers and scales", () => {
    expect(weightBytes(qwen7bV1)).toBeCloseTo(7.7e9 * 0.5 * 1.1, 0);
    expect(weightBytes({ ...llama31, quantization: { method: "none", bits: 16 } })).toBe(16e9);
  });
});

describe("gpuFit", () => {
  it("Qwen2.5-7B AWQ at 16,384 tokens fits an A10G many times over", () => {
    const fit = gpuFit(qwen25, a10g, { maxModelLen: 16384, gpuMemoryUtilization: 0.9 });
    expect(fit.usableBytes).toBeCloseTo(21.6 * GiB, 0);
    expect(fit.kvBudgetBytes).toBeCloseTo(21.6 * GiB - 5.58e9 - 2 * GiB, 0);
    expect(fit.maxTokens).toBe(Math.floor((21.6 * GiB - 5.58e9 - 2 * GiB) / (56 * KiB)));
    expect(fit.sequences).toBe(16);
    expect(fit.fits).toBe(true);
  });

  it("Qwen-7B v1 at 131,072 tokens does not fit an A10G but fits an A100 80GB", () => {
    const vllm = { maxModelLen: 131072, gpuMemoryUtilization: 0.9 };
    expect(gpuFit(qwen7bV1, a10g, vllm)).toMatchObject({ fits: false, weightsFit: true, sequenceBytes: 64 * GiB });
    expect(gpuFit(qwen7bV1, a100, vllm).fits).toBe(true);
  });

  it("suggests the longest context that fits, in whole KiB-tokens, capped at the model limit", () => {
    const fit = gpuFit(qwen7bV1, a10g, { maxModelLen: 131072, gpuMemoryUtilization: 0.9 });
    expect(largestFittingMaxModelLen(fit, contextLimit(qwen7bV1))).toBe(31744);
    expect(largestFittingMaxModelLen(gpuFit(qwen25, a100, { maxModelLen: 8192, gpuMemoryUtilization: 0.9 }), 32768)).toBe(32768);
  });
});

describe("checkGpuFit refuses what vLLM would refuse", () => {
  it.each([
    [
      "a context longer than the model's",
      deployment({ vllm: { maxModelLen: 65536, gpuMemoryUtilization: 0.9 } }),
      'deployments[0].vllm.maxModelLen: 65536 exceeds the context length of "qwen2.5-7b-instruct-awq" (32768 tokens); lower it or declare architecture.ropeScalingFactor for "qwen2.5-7b-instruct-awq" if the checkpoint extends it',
    ],
    [
      "one max-length sequence's KV cache not fitting",
      deployment({ model: qwen7bV1, vllm: { maxModelLen: 131072, gpuMemoryUtilization: 0.9 } }),
      'deployments[0].vllm.maxModelLen: vLLM would refuse to start: one 131072-token sequence needs 64.0 GiB of KV cache (512 KiB per token), but only 15.7 GiB remain of 24 GiB × 0.9 = 21.6 GiB usable per GPU on "a10g-24gb" after weights (3.9 GiB) and overhead (2.0 GiB); lower vllm.maxModelLen to at most 31744, or use GPU profile "a100-80gb"',
    ],
    [
      "weights alone not fitting",
      deployment({ model: { ...llama31, name: "llama-3.1-70b", architecture: { ...llama31.architecture, parameters: 70e9 }, quantization: { method: "none", bits: 16 } } }),
      'deployments[0].gpuProfile: vLLM would refuse to start: weights (130.4 GiB per GPU) plus overhead (2.0 GiB) exceed 24 GiB × 0.9 = 21.6 GiB usable per GPU on "a10g-24gb"; no GPU profile in platform.yaml fits it',
    ],
  ])("%s", (_, d, message) => {
    const problems = checkGpuFit(platform, d);
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([message]);
  });

  it("accepts the example deployment", () => {
    expect(checkGpuFit(platform, deployment({ vllm: { maxModelLen: 16384, gpuMemoryUtilization: 0.9 } }))).toEqual([]);
  });
});

describe("checkNodeFit", () => {
  it("refuses requests larger than a node of the GPU pool offers", () => {
    const d = deployment({ resources: { cpu: "8", memory: "24Gi" } });
    const problems = checkNodeFit({ ...environment([d]), clusters: [cluster("0.16", "prod-a")] }, d);
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'deployments[0].resources.cpu: cpu request 8 does not fit a node of pool "gpu" on cluster "prod-a" (g5.2xlarge allocatable 7910m); the pod would never schedule: lower resources.cpu or set it on the GPU profile',
    ]);
  });

  it("accepts requests that fit", () => {
    const d = deployment();
    expect(checkNodeFit(environment([d]), d)).toEqual([]);
  });
});
