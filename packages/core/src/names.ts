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

/** The label KServe puts on every pod of an InferenceService, valued with its name. */
export const INFERENCESERVICE_LABEL = "serving.kserve.io/inferenceservice";
/** The label that tells a predictor's pods from transformer and explainer pods. */
export const PREDICTOR_COMPONENT_LABELS: Readonly<Record<string, string>> = { component: "predictor" };

/** Pod labels KServe puts on predictor pods (components/predictor.go buildObjectMeta, 0.15-0.17). */
export function predictorPodLabels(deployment: string): Record<string, string> {
  return { [INFERENCESERVICE_LABEL]: inferenceServiceName(deployment), ...PREDICTOR_COMPONENT_LABELS };
}

export function serviceAccountName(deployment: string): string {
  return deployment;
}

/** Port vLLM listens on inside the predictor container (KServe's default for custom containers). */
export const VLLM_PORT = 8080;
/** Name of that port: the API, /health and /metrics; monitors scrape it by this name. */
export const VLLM_PORT_NAME = "http1";

/** Where a model baked into the serving image lives; the image and the server args agree on it. */
export function bakedModelPath(model: string): string {
  return `/models/${model}`;
}

/** Where KServe mounts a storageUri's model for a custom container. */
export const KSERVE_MODEL_MOUNT = "/mnt/models";

/** Our HPA or KEDA ScaledObject for a deployment; distinct from KServe's own `<isvc>-predictor` HPA. */
export function autoscalerName(deployment: string): string {
  return `${deployment}-autoscaler`;
}

/** Per-environment PriorityClass, so production model servers can preempt development ones. */
export function priorityClassName(environment: string): string {
  return `llm-gitops-${environment}`;
}

/** The ConfigMap prometheus-adapter reads its rules from (chart value rules.existing). */
export const ADAPTER_RULES_CONFIGMAP = "llm-gitops-adapter-rules";

/** The per-cluster overlay holding objects shared by every environment on a cluster. */
export const PLATFORM_OVERLAY = "platform";

/** The per-cluster overlay the Argo CD instance itself syncs: its project and applications. */
export const ARGOCD_OVERLAY = "argocd";

/**
 * Namespace labels that turn on Istio sidecar injection: the revision label when the cluster runs
 * a revisioned istiod, else the default injector's label (istio-injection wins over istio.io/rev
 * when both are set, so only one is ever rendered).
 */
export function meshInjectionLabels(revision?: string): Record<string, string> {
  return revision ? { "istio.io/rev": revision } : { "istio-injection": "enabled" };
}

/** Where the sidecar agent serves the application's metrics merged with its own (Istio metrics merging). */
export const MESH_MERGED_METRICS = { port: 15020, path: "/stats/prometheus" } as const;

/** Label on serving namespaces whose routes the cluster's shared Gateway accepts (Gateway API). */
export const GATEWAY_ROUTES_LABEL = "llm-gitops.io/gateway-routes";
