import type { Cluster, Deployment, Environment, Platform } from "@llm-gitops/config";
import type { KubernetesObject, Problem } from "@llm-gitops/core";
import { checkGpuFit, checkNodeFit } from "./checks.ts";
import { renderInferenceService } from "./inference-service.ts";
import { renderServiceAccount } from "./service-account.ts";
import { renderModelVolumeClaims, renderPodDisruptionBudget, renderPriorityClass } from "./workload.ts";

export { renderInferenceService, deploymentLabels } from "./inference-service.ts";
export { renderServiceAccount } from "./service-account.ts";
export { renderPodDisruptionBudget, renderPriorityClass, renderModelVolumeClaims } from "./workload.ts";
export { vllmArgs, quantizationArg, modelPath, requestLoggingArgs } from "./vllm-args.ts";
export { deploymentModeAnnotation } from "./mode.ts";
export { gpuFit, kvBytesPerToken, weightBytes, contextLimit, largestFittingMaxModelLen, type GpuFit } from "./gpu-fit.ts";
export { checkGpuFit, checkNodeFit } from "./checks.ts";
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

/** The serving gates: vLLM must be able to start, and the pod must fit its node. */
export function checkServing(platform: Platform, env: Environment, d: Deployment): Problem[] {
  return [...checkGpuFit(platform, d), ...checkNodeFit(env, d)];
}
