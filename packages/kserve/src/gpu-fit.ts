import { GiB } from "@llm-gitops/core";
import type { GpuProfile, Model } from "@llm-gitops/config";

/** KV-cache element size: vLLM's cache follows the fp16/bf16 model dtype (fp8 caches are not emitted). */
const KV_DTYPE_BYTES = 2;
/** Bytes per weight vLLM loads an unquantized checkpoint with (fp16/bf16). */
const HALF_BYTES = 2;
/**
 * AWQ and GPTQ store, per group of 128 weights, an fp16 scale and a packed zero point of `bits`
 * bits next to the packed weights: (16 + bits) / 128 extra bits per weight.
 */
const GROUP_SIZE = 128;

/**
 * vLLM 0.10's scheduler defaults for the API server (vllm/engine/arg_utils.py _set_default_args_v1,
 * 0.10.2): 8192 tokens and 1024 sequences on GPUs of 70 GiB or more other than the A100, else
 * 2048 and 256; max_num_seqs never above max_num_batched_tokens.
 */
export function schedulerDefaults(profile: GpuProfile, vllm: Pick<FitSettings, "maxNumSeqs" | "maxNumBatchedTokens">): { tokens: number; seqs: number } {
  const large = (profile.gpu.usableGiB ?? profile.gpu.memoryGiB) >= 70 && !profile.gpu.product.includes("A100");
  const tokens = vllm.maxNumBatchedTokens ?? (large ? 8192 : 2048);
  const seqs = vllm.maxNumSeqs ?? Math.min(large ? 1024 : 256, tokens);
  return { tokens, seqs };
}

/**
 * The profiled activation peak (vllm/v1/worker/gpu_worker.py determine_available_memory and
 * gpu_model_runner.py profile_run, 0.10.2): a dummy forward pass of max_num_batched_tokens, then a
 * dummy sampler pass over min(max_num_batched_tokens, max_num_seqs) × vocab logits cast to
 * float32. Per token the forward pass keeps a few hidden-size fp16 tensors alive; the sampler
 * holds logits, their softmax and the sorted copy top-p/top-k makes. Calibrated against the
 * audit's figures (../shared/DOMAIN.md B10): Llama-3.1-8B fp16 on an L4 at 0.9 holds ~27-31k
 * tokens of KV cache.
 */
const HIDDEN_COPIES = 24;
const SAMPLER_COPIES = 3;
const FLOAT32_BYTES = 4;

/** Parameters left unquantized: the input embeddings and, unless tied, the output layer (lm_head). */
export function unquantizedParameters(model: Model): number {
  const { vocabSize, hiddenSize, tieWordEmbeddings } = model.architecture;
  return vocabSize * hiddenSize * (tieWordEmbeddings ? 1 : 2);
}

/** Bytes of weights: the checkpoint's real size when the catalog has it, else an estimate. */
export function weightBytes(model: Model): number {
  if (model.weightBytes !== undefined) return model.weightBytes;
  const { method, bits } = model.quantization;
  const { parameters } = model.architecture;
  if (method === "none") return parameters * HALF_BYTES;
  const kept = Math.min(parameters, unquantizedParameters(model));
  const groupBits = method === "awq" || method === "gptq" ? (16 + bits) / GROUP_SIZE : 0;
  return (parameters - kept) * ((bits + groupBits) / 8) + kept * HALF_BYTES;
}

/** KV cache of one token on one GPU: 2 (K and V) × layers × KV heads on this GPU × head dim × bytes. */
export function kvBytesPerToken(model: Model, tensorParallel = 1): number {
  const { layers, kvHeads, headDim } = model.architecture;
  // Heads are split across GPUs; with fewer KV heads than GPUs each GPU keeps a replica of one.
  const headsPerGpu = Math.ceil(kvHeads / tensorParallel);
  return 2 * layers * headsPerGpu * headDim * KV_DTYPE_BYTES;
}

/** The activation peak vLLM profiles on each GPU before it sizes the KV cache. */
export function activationBytes(model: Model, profile: GpuProfile, vllm: FitSettings): number {
  const { hiddenSize, vocabSize } = model.architecture;
  const { tokens, seqs } = schedulerDefaults(profile, vllm);
  return tokens * hiddenSize * HALF_BYTES * HIDDEN_COPIES + Math.min(tokens, seqs) * vocabSize * FLOAT32_BYTES * SAMPLER_COPIES;
}

export interface FitSettings {
  maxModelLen: number;
  gpuMemoryUtilization: number;
  maxNumSeqs?: number;
  maxNumBatchedTokens?: number;
}

export interface GpuFit {
  /** What vLLM may use on one GPU: the memory CUDA reports × gpu-memory-utilization. */
  usableBytes: number;
  weightBytesPerGpu: number;
  activationBytes: number;
  /** Non-torch memory (CUDA libraries, NCCL). */
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

/**
 * What vLLM 0.10 checks at start-up (../shared/DOMAIN.md B10): it reserves the memory CUDA reports
 * × gpu-memory-utilization, subtracts weights, the profiled activation peak and non-torch memory,
 * and refuses to start when one max-model-len sequence does not fit the rest. CUDA graphs are
 * captured afterwards, outside that budget. `usableGiB` must be known (checkGpuFit says so).
 */
export function gpuFit(model: Model, profile: GpuProfile, vllm: FitSettings): GpuFit {
  const tp = profile.gpu.count;
  const usableBytes = (profile.gpu.usableGiB ?? profile.gpu.memoryGiB) * GiB * vllm.gpuMemoryUtilization;
  const weightBytesPerGpu = weightBytes(model) / tp;
  const activation = activationBytes(model, profile, vllm);
  const overheadBytes = profile.overheadGiB * GiB;
  const kvBudgetBytes = usableBytes - weightBytesPerGpu - activation - overheadBytes;
  const perToken = kvBytesPerToken(model, tp);
  const maxTokens = Math.max(0, Math.floor(kvBudgetBytes / perToken));
  const sequenceBytes = perToken * vllm.maxModelLen;
  return {
    usableBytes,
    weightBytesPerGpu,
    activationBytes: activation,
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
