import type { Environment, Inputs } from "@llm-gitops/config";
import { problemAt, type Problem } from "@llm-gitops/core";
import { gpuFit, poolCapacity, schedulerDefaults } from "@llm-gitops/kserve";

/**
 * What one replica can serve, from the GPU-fit model (packages/kserve gpu-fit.ts: the KV cache
 * vLLM 0.10 sizes at start-up), and what a declared peak needs. Speed is not modelled: each
 * sequence is assumed to decode at the environment's inter-token-latency SLO and to wait the
 * time-to-first-token SLO, so the figures say what the fleet serves *within its SLOs*.
 */
export interface PeakNeed {
  requestsPerSecond: number;
  /** Seconds one request holds a sequence slot: TTFT + output tokens × ITL (the SLOs). */
  requestSeconds: number;
  /** Requests in flight at the peak (Little's law: rate × time in system). */
  concurrent: number;
  /** Typical requests one replica holds at once: its KV cache over prompt + output tokens, at most max-num-seqs. */
  perReplica: number;
  /** Generated tokens per second one replica delivers at that concurrency. */
  tokensPerSecondPerReplica: number;
  replicas: number;
  gpus: number;
}

export interface DeploymentCapacity {
  environment: string;
  deployment: string;
  gpusPerReplica: number;
  /** Tokens of KV cache per replica, and concurrent sequences of max-model-len it holds. */
  kvTokens: number;
  maxLengthSequences: number;
  maxModelLen: number;
  maxNumSeqs: number;
  peak?: PeakNeed;
}

/** The need of a declared peak, or undefined when a replica cannot hold even one typical request. */
export function peakNeed(peak: { requestsPerSecond: number; inputTokens: number; outputTokens: number }, perReplica: { kvTokens: number; maxNumSeqs: number }, slo: { timeToFirstTokenSeconds: number; interTokenLatencySeconds: number }, gpusPerReplica: number): PeakNeed | undefined {
  const requestSeconds = slo.timeToFirstTokenSeconds + peak.outputTokens * slo.interTokenLatencySeconds;
  const concurrent = peak.requestsPerSecond * requestSeconds;
  const held = Math.min(perReplica.maxNumSeqs, Math.floor(perReplica.kvTokens / (peak.inputTokens + peak.outputTokens)));
  if (held < 1) return undefined;
  const replicas = Math.ceil(concurrent / held - 1e-9);
  return { requestsPerSecond: peak.requestsPerSecond, requestSeconds, concurrent, perReplica: held, tokensPerSecondPerReplica: (held * peak.outputTokens) / requestSeconds, replicas, gpus: replicas * gpusPerReplica };
}

function deploymentCapacity(env: Environment, d: Environment["deployments"][number], warnings: Problem[]): DeploymentCapacity {
  const fit = gpuFit(d.model, d.gpuProfile, d.vllm);
  const { seqs } = schedulerDefaults(d.gpuProfile, d.vllm);
  const gpusPerReplica = d.gpuProfile.gpu.count;
  const out: DeploymentCapacity = { environment: env.name, deployment: d.name, gpusPerReplica, kvTokens: fit.maxTokens, maxLengthSequences: Math.min(fit.sequences, seqs), maxModelLen: d.vllm.maxModelLen, maxNumSeqs: seqs };
  const declared = d.load?.peak;
  if (!declared) return out;
  const peakAt = d.origin.at(["load", "peak"]);
  const need = peakNeed(declared, { kvTokens: fit.maxTokens, maxNumSeqs: seqs }, env.slo, gpusPerReplica);
  if (!need) {
    warnings.push(problemAt(peakAt, `one request of ${declared.inputTokens + declared.outputTokens} tokens does not fit the ${fit.maxTokens}-token KV cache of a replica; shorten requests or use a larger GPU profile`, "warning"));
    return out;
  }
  const maxAt = d.origin.at(["replicas", "max"]);
  if (need.replicas > d.replicas.max) {
    warnings.push(problemAt(maxAt, `${d.replicas.max} replicas cannot meet the declared peak: ${declared.requestsPerSecond} req/s × ${need.requestSeconds.toFixed(1)} s = ${need.concurrent.toFixed(1)} requests in flight at ${need.perReplica} per replica needs ${need.replicas} replicas (${need.gpus} GPUs); raise replicas.max to ${need.replicas}`, "warning"));
  }
  for (const c of d.clusters) {
    const cap = poolCapacity(c, d);
    const want = Math.max(d.replicas.max, need.replicas);
    if (want > cap.replicas) {
      warnings.push(problemAt(maxAt, `the pools for GPU profile "${d.gpuProfile.name}" on cluster "${c.name}" hold ${cap.replicas} replicas at maxNodes, fewer than the ${want} that ${want === d.replicas.max ? "replicas.max" : "the declared peak"} needs; raise the pools' maxNodes`, "warning"));
    }
  }
  return { ...out, peak: need };
}

/** Capacity of every deployment of every environment, with warnings at the fields to change. */
export function estimateCapacity(inputs: Inputs): { deployments: DeploymentCapacity[]; warnings: Problem[] } {
  const warnings: Problem[] = [];
  const deployments = inputs.environments.flatMap((env) => env.deployments.map((d) => deploymentCapacity(env, d, warnings)));
  return { deployments, warnings };
}
