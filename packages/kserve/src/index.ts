import type { Cluster, Deployment, Environment, Platform } from "@llm-gitops/config";
import type { KubernetesObject, Problem } from "@llm-gitops/core";
import { checkCapacity } from "./capacity.ts";
import { checkGpuFit, checkNames, checkNodeFit } from "./checks.ts";
import { renderInferenceService } from "./inference-service.ts";
import { renderServiceAccount } from "./service-account.ts";
import { renderModelVolumeClaims, renderPodDisruptionBudget, renderPriorityClass } from "./workload.ts";

export { renderInferenceService, deploymentLabels } from "./inference-service.ts";
export { renderServiceAccount } from "./service-account.ts";
export { renderPodDisruptionBudget, renderPriorityClass, renderModelVolumeClaims } from "./workload.ts";
export { vllmArgs, quantizationArg, modelPath, ropeScalingArgs } from "./vllm-args.ts";
export { deploymentModeAnnotation } from "./mode.ts";
export { gpuFit, kvBytesPerToken, weightBytes, activationBytes, unquantizedParameters, contextLimit, largestFittingMaxModelLen, schedulerDefaults, type GpuFit, type FitSettings } from "./gpu-fit.ts";
export { checkGpuFit, checkNames, checkNodeFit } from "./checks.ts";
export { checkCapacity, checkSharedCapacity, poolCapacity, replicasPerNode } from "./capacity.ts";
export { containerResources, ephemeralStorage } from "./resources.ts";
export { gpuPlacement } from "./placement.ts";
export { RUN_AS, CACHE_DIR } from "./container.ts";
export type { InferenceService, PredictorSpec } from "./types.ts";

/** Objects one environment needs once, whatever it serves. */
export function renderServingEnvironment(env: Environment): KubernetesObject[] {
  return [renderPriorityClass(env), ...renderModelVolumeClaims(env)];
}

/** Every object the serving workload of one deployment needs. */
export function renderServing(env: Environment, cluster: Cluster, d: Deployment): KubernetesObject[] {
  return [renderServiceAccount(env, d), renderInferenceService(env, cluster, d), renderPodDisruptionBudget(env, d)];
}

/** The serving gates: vLLM must start, the pod must fit its node, the pool must hold replicas.max. */
export function checkServing(platform: Platform, env: Environment, d: Deployment): Problem[] {
  return [...checkNames(env, d), ...checkGpuFit(platform, d), ...checkNodeFit(d), ...checkCapacity(d)];
}
export { checkModeTransitions } from "./transitions.ts";
export { renderKserveAddons, KSERVE_NAMESPACE } from "./addons.ts";
