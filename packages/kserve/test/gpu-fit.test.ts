import { describe, expect, it } from "vitest";
import { GiB, KiB, MiB } from "@llm-gitops/core";
import { a10g, cluster, deployment, qwen25 } from "@llm-gitops/config/testing";
import type { Deployment, GpuProfile, Model, Platform } from "@llm-gitops/config";
import { checkGpuFit } from "../src/checks.ts";
import { contextLimit, gpuFit, kvBytesPerToken, largestFittingMaxModelLen, schedulerDefaults, weightBytes } from "../src/gpu-fit.ts";

// Architectures from the checkpoints' config.json (../shared/DOMAIN.md B10).
const qwen7bV1: Model = {
  ...qwen25,
  name: "qwen-7b-chat-int4",
  weightBytes: undefined,
  architecture: { parameters: 7.7e9, layers: 32, attentionHeads: 32, kvHeads: 32, headDim: 128, hiddenSize: 4096, vocabSize: 151936, contextLength: 32768, ropeScalingFactor: 4 },
  quantization: { method: "gptq", bits: 4 },
};
const llama31: Model = {
  ...qwen25,
  name: "llama-3.1-8b",
  weightBytes: undefined,
  architecture: { parameters: 8.03e9, layers: 32, attentionHeads: 32, kvHeads: 8, headDim: 128, hiddenSize: 4096, vocabSize: 128256, contextLength: 131072 },
  quantization: { method: "none", bits: 16 },
  dtype: "auto",
};
const llama70bAwq: Model = {
  ...qwen25,
  name: "llama-3.1-70b-awq",
  weightBytes: undefined,
  architecture: { parameters: 70.55e9, layers: 80, attentionHeads: 64, kvHeads: 8, headDim: 128, hiddenSize: 8192, vocabSize: 128256, contextLength: 131072 },
};
const profile = (name: string, product: string, usableGiB: number, count = 1, memoryGiB = 24): GpuProfile => ({
  ...a10g,
  name,
  gpu: { ...a10g.gpu, product, memoryGiB, usableGiB, count },
});
const l4 = profile("l4-24gb", "NVIDIA-L4", 22.04);
const a100x2 = profile("a100-80gb-x2", "NVIDIA-A100-SXM4-80GB", 79.1, 2, 80);
const a100 = profile("a100-80gb", "NVIDIA-A100-SXM4-80GB", 79.1, 1, 80);
const platform: Platform = {
  repository: "https://example.com/repo",
  revision: "main",
  gpuProfiles: new Map([a10g, l4, a100, a100x2].map((p) => [p.name, p])),
  models: new Map(),
  clusters: new Map(),
};
const at = (maxModelLen: number) => ({ maxModelLen, gpuMemoryUtilization: 0.9 });
/** A cluster with a pool of every profile: the gate suggests only profiles the clusters can run. */
const base = cluster();
const everywhere = { ...base, nodePools: [...platform.gpuProfiles.values()].map((p) => ({ ...base.nodePools[0]!, name: p.name, gpuProfile: p.name })) };

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

  it("count the layers AWQ leaves in 16 bits: Qwen2.5-7B-AWQ is ≈ 5.6 GB, not 7.6 B × 0.5 = 3.8 GB", () => {
    // 152,064 × 3,584 embeddings and an untied lm_head (≈ 2.2 GB in fp16) plus 6.5 B × 4 bits
    // with a 16-bit scale and 4-bit zero per group of 128.
    const estimate = weightBytes({ ...qwen25, weightBytes: undefined });
    expect(estimate).toBeGreaterThan(5.4e9);
    expect(estimate).toBeLessThan(5.8e9);
  });

  it("count a tied output layer once", () => {
    const tied = { ...qwen25, weightBytes: undefined, architecture: { ...qwen25.architecture, tieWordEmbeddings: true } };
    expect(weightBytes({ ...qwen25, weightBytes: undefined }) - weightBytes(tied)).toBeCloseTo(152064 * 3584 * (2 - (4 + 20 / 128) / 8), -3);
  });

  it("take 2 bytes per parameter unquantized", () => {
    expect(weightBytes(llama31)).toBe(16.06e9);
  });
});

describe("the audit's worked cases (vLLM 0.10, gpu-memory-utilization 0.9)", () => {
  it.each([
    ["Qwen2.5-7B-AWQ on an A10G at 16,384", qwen25, a10g, 16384, true],
    ["Qwen2.5-7B-AWQ on an A10G at 32,768", qwen25, a10g, 32768, true],
    ["Llama-3.1-8B fp16 on an L4 at 16,384", llama31, l4, 16384, true],
    ["Llama-3.1-8B fp16 on an L4 at 32,768", llama31, l4, 32768, false],
    ["Llama-3.1-70B-AWQ on 2 × A100-80GB at 131,072", llama70bAwq, a100x2, 131072, true],
  ] as const)("%s: fits = %s", (_, model, gpu, len, fits) => {
    expect(gpuFit(model, gpu, at(len)).fits).toBe(fits);
  });

  it("Llama-3.1-8B on an L4 holds about 27-31k tokens of KV cache", () => {
    const tokens = gpuFit(llama31, l4, at(32768)).maxTokens;
    expect(tokens).toBeGreaterThanOrEqual(27_000);
    expect(tokens).toBeLessThanOrEqual(31_000);
  });

  it("uses the memory CUDA reports, not the marketed size", () => {
    expect(gpuFit(qwen25, a10g, at(8192)).usableBytes).toBeCloseTo(21.98 * 0.9 * GiB, 0);
  });

  it("grows the activation reserve with max-num-seqs × vocabulary", () => {
    const base = gpuFit(llama31, l4, at(16384));
    const more = gpuFit(llama31, l4, { ...at(16384), maxNumSeqs: 512 });
    expect(more.activationBytes - base.activationBytes).toBe(256 * 128256 * 4 * 3);
    expect(more.maxTokens).toBeLessThan(base.maxTokens);
  });

  it.each([
    // _set_default_args_v1 (vllm 0.10.2): >= 70 GiB and not an A100 → 8192 tokens, 1024 sequences.
    ["an L4", l4, {}, { tokens: 2048, seqs: 256 }],
    ["an A100-80GB", a100, {}, { tokens: 2048, seqs: 256 }],
    ["an H100", profile("h100", "NVIDIA-H100-80GB-HBM3", 79.1, 1, 80), {}, { tokens: 8192, seqs: 1024 }],
    ["a token budget below the default sequences", l4, { maxNumBatchedTokens: 128 }, { tokens: 128, seqs: 128 }],
  ] as const)("takes vLLM's scheduler defaults on %s", (_, gpu, settings, expected) => {
    expect(schedulerDefaults(gpu, settings)).toEqual(expected);
  });

  it("suggests the longest context that fits, in whole KiB-tokens, capped at the model limit", () => {
    expect(largestFittingMaxModelLen(gpuFit(llama31, l4, at(32768)), contextLimit(llama31))).toBe(29696);
    expect(largestFittingMaxModelLen(gpuFit(qwen25, a100, at(8192)), 32768)).toBe(32768);
  });
});

describe("checkGpuFit refuses what vLLM would refuse", () => {
  const messages = (d: ReturnType<typeof deployment>) => checkGpuFit(platform, d).map((p) => `${p.path}: ${p.message}`);

  it.each([
    [
      "a context longer than the model's",
      deployment({ vllm: at(65536) }),
      'deployments[0].vllm.maxModelLen: 65536 exceeds the context length of "qwen2.5-7b-instruct-awq" (32768 tokens); lower it or declare architecture.ropeScalingFactor for "qwen2.5-7b-instruct-awq" if the checkpoint extends it',
    ],
    [
      "Llama-3.1-8B at 32,768 on an L4",
      deployment({ model: llama31, gpuProfile: l4, vllm: at(32768), clusters: [everywhere] }),
      'deployments[0].vllm.maxModelLen: vLLM would refuse to start: one 32768-token sequence needs 4.0 GiB of KV cache (128 KiB per token), but only 3.6 GiB remain of 22.04 GiB × 0.9 = 19.8 GiB usable per GPU on "l4-24gb" after weights (15.0 GiB), activations (0.7 GiB) and overhead (0.5 GiB); lower vllm.maxModelLen to at most 29696, or use GPU profile "a100-80gb"',
    ],
    [
      "weights alone not fitting",
      deployment({ model: { ...llama31, name: "llama-3.1-70b", architecture: llama70bAwq.architecture }, clusters: [everywhere] }),
      'deployments[0].gpuProfile: vLLM would refuse to start: weights (131.4 GiB), activations (1.1 GiB) and overhead (0.5 GiB) per GPU exceed 21.98 GiB × 0.9 = 19.8 GiB usable per GPU on "a10g-24gb"; use GPU profile "a100-80gb-x2"',
    ],
    // vllm/config ModelConfig.verify_with_parallel_config: "Total number of attention heads (28)
    // must be divisible by tensor parallel size"; the attention layers need the 4 KV heads to split
    // or replicate evenly (TP 7 fails there), and the MLP width 18,944 to divide.
    ...[3, 7, 8].map((count): [string, Deployment, string] => [
      `Qwen2.5-7B with tensor parallelism ${count}`,
      deployment({ gpuProfile: { ...a10g, gpu: { ...a10g.gpu, count } } }),
      `deployments[0].gpuProfile: vLLM would refuse to start: a tensor-parallel size of ${count} (the GPUs per replica of "a10g-24gb") cannot split "qwen2.5-7b-instruct-awq" (28 attention heads, 4 KV heads); use a GPU profile with 1, 2, 4 GPUs per replica`,
    ]),
    [
      "an MLP width the tensor-parallel size does not divide",
      deployment({ model: { ...llama31, architecture: { ...llama31.architecture, intermediateSize: 14337 } }, gpuProfile: { ...l4, gpu: { ...l4.gpu, count: 2 } } }),
      'deployments[0].gpuProfile: vLLM would refuse to start: a tensor-parallel size of 2 (the GPUs per replica of "l4-24gb") cannot split "llama-3.1-8b" (32 attention heads, 8 KV heads, MLP width 14337); use a GPU profile with 1 GPUs per replica',
    ],
    [
      "a memory utilisation that leaves no room for the CUDA context",
      deployment({ vllm: { maxModelLen: 8192, gpuMemoryUtilization: 0.99 } }),
      "deployments[0].vllm.gpuMemoryUtilization: vLLM would refuse to start: 0.99 × 21.98 GiB leaves no room for the CUDA context (≈ 0.5 GiB) already on the GPU; use at most 0.97",
    ],
    [
      "fewer batched tokens than sequences",
      deployment({ vllm: { maxModelLen: 8192, gpuMemoryUtilization: 0.9, maxNumSeqs: 256, maxNumBatchedTokens: 128 } }),
      "deployments[0].vllm.maxNumBatchedTokens: vLLM would refuse to start: maxNumBatchedTokens (128) must be at least maxNumSeqs (256); raise it or lower maxNumSeqs",
    ],
    [
      "a GPU whose usable memory is unknown",
      deployment({ gpuProfile: { ...a10g, gpu: { ...a10g.gpu, product: "NVIDIA-B200", usableGiB: undefined } } }),
      `gpuProfiles["a10g-24gb"].gpu: the memory CUDA reports for "NVIDIA-B200" is not known; set gpu.usableGiB (on a node: python3 -c 'import torch; print(torch.cuda.mem_get_info()[1] / 2**30)')`,
    ],
  ] as [string, Deployment, string][])("%s", (_, d, message) => {
    expect(messages(d)).toEqual([message]);
  });

  it.each([
    ["the example deployment", deployment({ vllm: at(16384) })],
    ["Qwen2.5-7B with tensor parallelism 2", deployment({ gpuProfile: { ...a10g, gpu: { ...a10g.gpu, count: 2 } } })],
    ["a 70B AWQ with tensor parallelism 2 on A100-80GB at 131,072", deployment({ model: llama70bAwq, gpuProfile: a100x2, vllm: at(131072) })],
  ])("accepts %s", (_, d) => {
    expect(messages(d)).toEqual([]);
  });

  it("accepts a longer context on a model that declares rope scaling", () => {
    const model = { ...qwen25, architecture: { ...qwen25.architecture, ropeScalingFactor: 4 } };
    expect(messages(deployment({ model, gpuProfile: a100, vllm: at(131072) }))).toEqual([]);
  });
});
