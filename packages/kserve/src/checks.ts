import { gib, parseQuantity, problemAt as error, type Problem } from "@llm-gitops/core";
import type { Deployment, Environment, GpuProfile, Platform } from "@llm-gitops/config";
import { contextLimit, gpuFit, largestFittingMaxModelLen } from "./gpu-fit.ts";

/** The GPU-fit gate: refuses what vLLM would refuse at start-up, naming the numbers and a way out. */
export function checkGpuFit(platform: Platform, d: Deployment): Problem[] {
  const { model, gpuProfile: profile, vllm } = d;
  const limit = contextLimit(model);
  if (vllm.maxModelLen > limit) {
    const how = model.architecture.ropeScalingFactor ? "" : ` or declare architecture.ropeScalingFactor for "${model.name}" if the checkpoint extends it`;
    return [error(d.origin.at(["vllm", "maxModelLen"]), `${vllm.maxModelLen} exceeds the context length of "${model.name}" (${limit} tokens); lower it${how}`)];
  }
  const fit = gpuFit(model, profile, vllm);
  if (fit.fits) return [];
  const budget = `${profile.gpu.memoryGiB} GiB × ${vllm.gpuMemoryUtilization} = ${gib(fit.usableBytes)} usable per GPU`;
  const better = cheapestFittingProfile(platform, d);
  const alternative = better ? `use GPU profile "${better.name}"` : "no GPU profile in platform.yaml fits it";
  if (!fit.weightsFit) {
    return [
      error(
        d.origin.at(["gpuProfile"]),
        `vLLM would refuse to start: weights (${gib(fit.weightBytesPerGpu)} per GPU) plus overhead (${gib(fit.overheadBytes)}) exceed ${budget} on "${profile.name}"; ${alternative}`,
      ),
    ];
  }
  const largest = largestFittingMaxModelLen(fit, limit);
  return [
    error(
      d.origin.at(["vllm", "maxModelLen"]),
      `vLLM would refuse to start: one ${vllm.maxModelLen}-token sequence needs ${gib(fit.sequenceBytes)} of KV cache ` +
        `(${Math.round(fit.kvBytesPerToken / 1024)} KiB per token), but only ${gib(fit.kvBudgetBytes)} remain of ${budget} on "${profile.name}" ` +
        `after weights (${gib(fit.weightBytesPerGpu)}) and overhead (${gib(fit.overheadBytes)}); ` +
        `${largest > 0 ? `lower vllm.maxModelLen to at most ${largest}, or ` : ""}${alternative}`,
    ),
  ];
}

/** The profile with the least total GPU memory on which the deployment's vLLM settings fit. */
function cheapestFittingProfile(platform: Platform, d: Deployment): GpuProfile | undefined {
  const size = (p: GpuProfile) => p.gpu.memoryGiB * p.gpu.count;
  return [...platform.gpuProfiles.values()]
    .filter((p) => p.name !== d.gpuProfile.name && gpuFit(d.model, p, d.vllm).fits)
    .sort((a, b) => size(a) - size(b) || a.name.localeCompare(b.name))[0];
}

/** CPU and memory requests must fit one node of every pool that offers the deployment's GPU profile. */
export function checkNodeFit(env: Environment, d: Deployment): Problem[] {
  const problems: Problem[] = [];
  for (const cluster of env.clusters) {
    for (const pool of cluster.nodePools.filter((p) => p.gpuProfile === d.gpuProfile.name)) {
      for (const res of ["cpu", "memory"] as const) {
        const want = parseQuantity(d.resources[res]);
        const has = parseQuantity(pool.allocatable[res]);
        if (want > has) {
          problems.push(
            error(
              d.origin.at(["resources", res]),
              `${res} request ${d.resources[res]} does not fit a node of pool "${pool.name}" on cluster "${cluster.name}" (${pool.instanceType} allocatable ${pool.allocatable[res]}); the pod would never schedule: lower resources.${res} or set it on the GPU profile`,
            ),
          );
        }
      }
    }
  }
  return problems;
}
