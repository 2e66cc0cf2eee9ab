import { GiB } from "@llm-gitops/core";
import type { GpuProfile, Model } from "@llm-gitops/config";

/** KV-cache element size: vLLM's cache follows the fp16/bf16 model dtype (fp8 caches are not emitted). */
const KV_DTYPE_BYTES = 2;
/** Layers AWQ/GPTQ leave unquantized and per-group scales add roughly a tenth. */
const QUANTIZED_OVERHEAD = 1.1;

/** Bytes of weights: the checkpoint's real size when the catalog has it, else an estimate. */
export function weightBytes(model: Model): number {
  if (model.weightBytes !== undefined) return model.weightBytes;
  const { method, bits } = model.quantization;
  const perParam = method === "none" ? 2 : bits / 8;
  return model.architecture.parameters * perParam * (method === "none" ? 1 : QUANTIZED_OVERHEAD);
}

/** KV cache of one token on one GPU: 2 (K and V) × layers × KV heads on this GPU × head dim × bytes. */
export function kvBytesPerToken(model: Model, tensorParallel = 1): number {
  const { layers, kvHeads, headDim } = model.architecture;
  // Heads are split across GPUs; with fewer KV heads than GPUs each GPU keeps a replica of one.
  const headsPerGpu = Math.ceil(kvHeads / tensorParallel);
  return 2 * layers * headsPerGpu * headDim * KV_DTYPE_BYTES;
}

export interface GpuFit {
  /** What vLLM may use on one GPU: memory × gpu-memory-utilization. */
  usableBytes: number;
  weightBytesPerGpu: number;
  overheadBytes: number;
  /** Left for the KV cache on one GPU (may be negative). */
  kvBudgetBytes: number;
  kvBytesPerToken: number;
  /** Tokens of KV cache that fit; sequences of max-model-len that fit at once. */
  maxTokens: number;
  sequences: number;
  /** Bytes of KV cache one max-model-len sequence needs on one GPU. */
  sequenceBytes: number;
  weightsFit: boolean;
  fits: boolean;
}

/** What vLLM checks at start-up (DOMAIN B10): weights, then room for one max-length sequence. */
export function gpuFit(model: Model, profile: GpuProfile, vllm: { maxModelLen: number; gpuMemoryUtilization: number }): GpuFit {
  const tp = profile.gpu.count;
  const usableBytes = profile.gpu.memoryGiB * GiB * vllm.gpuMemoryUtilization;
  const weightBytesPerGpu = weightBytes(model) / tp;
  const overheadBytes = profile.overheadGiB * GiB;
  const kvBudgetBytes = usableBytes - weightBytesPerGpu - overheadBytes;
  const perToken = kvBytesPerToken(model, tp);
  const maxTokens = Math.max(0, Math.floor(kvBudgetBytes / perToken));
  const sequenceBytes = perToken * vllm.maxModelLen;
  return {
    usableBytes,
    weightBytesPerGpu,
    overheadBytes,
    kvBudgetBytes,
    kvBytesPerToken: perToken,
    maxTokens,
    sequences: Math.floor(maxTokens / vllm.maxModelLen),
    sequenceBytes,
    weightsFit: kvBudgetBytes > 0,
    fits: kvBudgetBytes > 0 && sequenceBytes <= kvBudgetBytes,
  };
}

/** The longest context that fits, rounded down to a multiple of 1024 tokens for a readable suggestion. */
export function largestFittingMaxModelLen(fit: GpuFit, contextLimit: number): number {
  return Math.min(contextLimit, Math.floor(fit.maxTokens / 1024) * 1024);
}

/** Longest context the model accepts: its native length, times a declared rope-scaling factor. */
export function contextLimit(model: Model): number {
  return Math.floor(model.architecture.contextLength * (model.architecture.ropeScalingFactor ?? 1));
}
