import type { Cluster, Deployment, Environment } from "@llm-gitops/config";
import type { KubernetesObject } from "@llm-gitops/core";
import { renderInferenceService } from "./inference-service.ts";
import { renderServiceAccount } from "./service-account.ts";

export { renderInferenceService, deploymentLabels } from "./inference-service.ts";
export { renderServiceAccount } from "./service-account.ts";
export { vllmArgs, quantizationArg } from "./vllm-args.ts";
export { deploymentModeAnnotation } from "./mode.ts";
export type { InferenceService, PredictorSpec } from "./types.ts";

/** Every object the serving workload of one deployment needs. */
export function renderServing(env: Environment, cluster: Cluster, d: Deployment): KubernetesObject[] {
  return [renderServiceAccount(env, d), renderInferenceService(env, cluster, d)];
}
