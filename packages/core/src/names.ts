/**
 * Naming rules and the names one component needs of another. Components never import each
 * other; they agree on names through these functions.
 */

export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_LABEL_MAX = 63;

export function isDns1123Label(s: string): boolean {
  return s.length <= DNS1123_LABEL_MAX && DNS1123_LABEL.test(s);
}

/** The InferenceService of a model deployment carries the deployment's name. */
export function inferenceServiceName(deployment: string): string {
  return deployment;
}

/** KServe (Raw/Standard mode) names the predictor Deployment, Service and HPA `<isvc>-predictor`. */
export function predictorName(deployment: string): string {
  return `${inferenceServiceName(deployment)}-predictor`;
}

/** Pod labels KServe puts on predictor pods (pkg/constants GetRawServiceLabel and friends). */
export function predictorPodLabels(deployment: string): Record<string, string> {
  return {
    "serving.kserve.io/inferenceservice": inferenceServiceName(deployment),
    component: "predictor",
  };
}

export function serviceAccountName(deployment: string): string {
  return deployment;
}

/** Port vLLM listens on inside the predictor container (KServe's default for custom containers). */
export const VLLM_PORT = 8080;

/** Where a model baked into the serving image lives; the image and the server args agree on it. */
export function bakedModelPath(model: string): string {
  return `/models/${model}`;
}
