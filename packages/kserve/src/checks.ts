import { gib, predictorName, problemAt as error, type Problem } from "@llm-gitops/core";
import type { Deployment, Environment, GpuProfile, Model, Platform } from "@llm-gitops/config";
import { exceeds, resourceFigures } from "./resources.ts";
import { contextLimit, gpuFit, largestFittingMaxModelLen } from "./gpu-fit.ts";

/** The GPU-fit gate: refuses what vLLM would refuse at start-up, naming the numbers and a way out. */
export function checkGpuFit(platform: Platform, d: Deployment): Problem[] {
  const { model, gpuProfile: profile, vllm } = d;
  const tp = profile.gpu.count;
  if (!tensorParallelFits(model, tp)) {
    const sizes = [1, 2, 4, 8, 16].filter((n) => tensorParallelFits(model, n)).join(", ");
    const { attentionHeads, kvHeads, intermediateSize } = model.architecture;
    const shape = `${attentionHeads} attention heads, ${kvHeads} KV heads${intermediateSize ? `, MLP width ${intermediateSize}` : ""}`;
    return [error(d.origin.at(["gpuProfile"]), `vLLM would refuse to start: a tensor-parallel size of ${tp} (the GPUs per replica of "${profile.name}") cannot split "${model.name}" (${shape}); use a GPU profile with ${sizes} GPUs per replica`)];
  }
  if (profile.gpu.usableGiB === undefined) {
    return [error(profile.origin.at(["gpu"]), `the memory CUDA reports for "${profile.gpu.product}" is not known; set gpu.usableGiB (on a node: python3 -c 'import torch; print(torch.cuda.mem_get_info()[1] / 2**30)')`)];
  }
  const limit = contextLimit(model);
  if (vllm.maxModelLen > limit) {
    const how = model.architecture.ropeScalingFactor ? "" : ` or declare architecture.ropeScalingFactor for "${model.name}" if the checkpoint extends it`;
    return [error(d.origin.at(["vllm", "maxModelLen"]), `${vllm.maxModelLen} exceeds the context length of "${model.name}" (${limit} tokens); lower it${how}`)];
  }
  const usable = profile.gpu.usableGiB;
  if (vllm.gpuMemoryUtilization * usable > usable - CUDA_CONTEXT_GIB) {
    // vLLM 0.10 gpu_worker.py: "Free memory on device ... is less than desired GPU memory utilization".
    const most = Math.floor(((usable - CUDA_CONTEXT_GIB) / usable) * 100) / 100;
    return [error(d.origin.at(["vllm", "gpuMemoryUtilization"]), `vLLM would refuse to start: ${vllm.gpuMemoryUtilization} × ${usable} GiB leaves no room for the CUDA context (≈ ${CUDA_CONTEXT_GIB} GiB) already on the GPU; use at most ${most}`)];
  }
  if (vllm.maxNumSeqs !== undefined && vllm.maxNumBatchedTokens !== undefined && vllm.maxNumBatchedTokens < vllm.maxNumSeqs) {
    // vllm/config SchedulerConfig: max_num_batched_tokens must be >= max_num_seqs.
    return [error(d.origin.at(["vllm", "maxNumBatchedTokens"]), `vLLM would refuse to start: maxNumBatchedTokens (${vllm.maxNumBatchedTokens}) must be at least maxNumSeqs (${vllm.maxNumSeqs}); raise it or lower maxNumSeqs`)];
  }
  const fit = gpuFit(model, profile, vllm);
  if (fit.fits) return [];
  const budget = `${profile.gpu.usableGiB} GiB × ${vllm.gpuMemoryUtilization} = ${gib(fit.usableBytes)} usable per GPU`;
  const used = `weights (${gib(fit.weightBytesPerGpu)}), activations (${gib(fit.activationBytes)}) and overhead (${gib(fit.overheadBytes)})`;
  const better = cheapestFittingProfile(platform, d);
  const alternative = better ? `use GPU profile "${better.name}"` : "no GPU profile in platform.yaml fits it";
  if (!fit.weightsFit) {
    return [
      error(
        d.origin.at(["gpuProfile"]),
        `vLLM would refuse to start: ${used} per GPU exceed ${budget} on "${profile.name}"; ${alternative}`,
      ),
    ];
  }
  const largest = largestFittingMaxModelLen(fit, limit);
  return [
    error(
      d.origin.at(["vllm", "maxModelLen"]),
      `vLLM would refuse to start: one ${vllm.maxModelLen}-token sequence needs ${gib(fit.sequenceBytes)} of KV cache ` +
        `(${Math.round(fit.kvBytesPerToken / 1024)} KiB per token), but only ${gib(fit.kvBudgetBytes)} remain of ${budget} on "${profile.name}" ` +
        `after ${used}; ` +
        `${largest > 0 ? `lower vllm.maxModelLen to at most ${largest}, or ` : ""}${alternative}`,
    ),
  ];
}

/**
 * KServe builds the predictor's host `<isvc>-predictor-<namespace>` (Standard mode: even with
 * ingress creation off) and validates it as a DNS label (reconcilers/ingress/domain.go,
 * 0.15-0.20): longer, and no Deployment is ever created (kserve/kserve#4807). Knative's default
 * domain template joins the same two names.
 */
export function checkNames(env: Environment, d: Deployment): Problem[] {
  const host = `${predictorName(d.name)}-${env.namespace}`;
  if (host.length <= 63) return [];
  return [error(d.origin.at(["name"]), `KServe names the predictor's host "${host}" (${host.length} characters), over the 63 a DNS label allows, and would create nothing; shorten the deployment name or the namespace "${env.namespace}" by ${host.length - 63}`)];
}

/** The CUDA context and libraries resident before vLLM measures free memory. */
const CUDA_CONTEXT_GIB = 0.5;

/**
 * Whether vLLM can shard the model over `tp` GPUs: the attention heads must divide
 * (ModelConfig.verify_with_parallel_config), the KV heads must divide or be replicated evenly
 * (the attention layers: kv_heads % tp == 0 when tp <= kv_heads, tp % kv_heads == 0 beyond),
 * and the MLP width must divide (ColumnParallelLinear's divide()).
 */
export function tensorParallelFits(model: Model, tp: number): boolean {
  const { attentionHeads, kvHeads, intermediateSize } = model.architecture;
  if (attentionHeads % tp !== 0) return false;
  if (tp <= kvHeads ? kvHeads % tp !== 0 : tp % kvHeads !== 0) return false;
  return intermediateSize === undefined || intermediateSize % tp === 0;
}

/** The profile with the least total GPU memory on which the deployment's vLLM settings fit. */
function cheapestFittingProfile(platform: Platform, d: Deployment): GpuProfile | undefined {
  const size = (p: GpuProfile) => p.gpu.memoryGiB * p.gpu.count;
  return [...platform.gpuProfiles.values()]
    .filter((p) => p.name !== d.gpuProfile.name && p.gpu.usableGiB !== undefined && tensorParallelFits(d.model, p.gpu.count))
    // One the deployment's clusters can run: each has a pool of it.
    .filter((p) => d.clusters.every((c) => c.nodePools.some((pool) => pool.gpuProfile === p.name)))
    .filter((p) => gpuFit(d.model, p, d.vllm).fits)
    .sort((a, b) => size(a) - size(b) || a.name.localeCompare(b.name))[0];
}

/**
 * Requests within limits, and within one node of every pool that offers the deployment's GPU
 * profile on its clusters: cpu, memory and node disk (the image and the model share it).
 */
export function checkNodeFit(d: Deployment): Problem[] {
  const problems: Problem[] = [];
  const where = d.resources.at;
  const field = where.path.split(".").pop() === "podResources" ? where.path : "resources";
  for (const r of resourceFigures(d)) {
    const key = r.name === "ephemeral-storage" ? "ephemeralStorage" : r.name;
    if (exceeds(r.request, r.limit)) {
      problems.push(error(where, `${r.name} request ${r.request} is above its limit ${r.limit}; Kubernetes rejects such a pod: raise ${field}.limits.${key} or lower ${field}.${key}`));
    }
  }
  for (const cluster of d.clusters) {
    for (const pool of cluster.nodePools.filter((p) => p.gpuProfile === d.gpuProfile.name)) {
      for (const r of resourceFigures(d)) {
        const key = r.name === "ephemeral-storage" ? "ephemeralStorage" : r.name;
        const has = pool.allocatable[key];
        if (!exceeds(r.request, has)) continue;
        const how =
          r.name === "ephemeral-storage"
            ? `give the pool's nodes a larger disk (and raise allocatable.ephemeralStorage), or set ${field}.ephemeralStorage if the estimate (vLLM image ${d.model.image.baseSizeGiB} GiB + model + caches) is too high`
            : `lower ${field}.${key}, or use a larger instance type`;
        problems.push(
          error(where, `${r.name} request ${r.request} does not fit a node of pool "${pool.name}" on cluster "${cluster.name}" (${pool.instanceType} allocatable ${has}); the pod would never schedule: ${how}`),
        );
      }
    }
  }
  return problems;
}
