import { inferenceServiceName, priorityClassName, serviceAccountName, standardLabels, VLLM_PORT } from "@llm-gitops/core";
import type { Cluster, Deployment, Environment } from "@llm-gitops/config";
import { podSecurityContext, podVolumes, servingContainer } from "./container.ts";
import { deploymentModeAnnotation } from "./mode.ts";
import { gpuPlacement } from "./placement.ts";
import type { InferenceService, PredictorSpec } from "./types.ts";

export function deploymentLabels(d: Deployment): Record<string, string> {
  return {
    ...standardLabels({ name: "vllm", instance: d.name, component: "inference-server" }),
    "llm-gitops.io/model": d.model.name,
  };
}

/**
 * Exactly one scaler per predictor: Knative's KPA in Knative mode; otherwise our HPA or KEDA
 * ScaledObject, with KServe told (`external`) to create none of its own.
 */
function scaling(d: Deployment): Pick<PredictorSpec, "minReplicas" | "maxReplicas" | "scaleMetric" | "scaleTarget"> {
  const a = d.autoscaling;
  if (a.scaler === "knative") {
    const metric = a.metric === "rps" ? "rps" : "concurrency";
    return { minReplicas: d.replicas.min, maxReplicas: d.replicas.max, scaleMetric: metric, scaleTarget: a.target };
  }
  // With `external`, KServe >= 0.15.1 neither creates a scaler nor touches the Deployment's
  // replicas (kserve/kserve PR #4363); the bounds only document what our scaler enforces.
  return { minReplicas: a.schedule?.offHoursMin ?? d.replicas.min, maxReplicas: d.replicas.max };
}

/**
 * In a mesh the sidecar agent serves vLLM's /metrics merged with its own on :15020, outside
 * Envoy's inbound capture, so Prometheus needs no mesh certificate under STRICT mTLS and no
 * AuthorizationPolicy rule (a Prometheus with mesh certificates cannot be expressed in a
 * PodMonitor, whose tlsConfig takes Secrets, not the sidecar's files). The injector finds the
 * application's endpoint in the prometheus.io annotations and rewrites them to its own; the
 * merge annotation turns merging on whatever meshConfig.enablePrometheusMerge says (istio 1.30.3
 * pkg/kube/inject/webhook.go applyPrometheusMerge, enablePrometheusMerge). KServe copies
 * predictor annotations onto the pod template (v0.15.2 components/predictor.go buildObjectMeta).
 */
function podAnnotations(cluster: Cluster): Pick<PredictorSpec, "annotations"> {
  if (!cluster.mesh) return {};
  return {
    annotations: {
      "prometheus.istio.io/merge-metrics": "true",
      "prometheus.io/scrape": "true",
      "prometheus.io/port": String(VLLM_PORT),
      "prometheus.io/path": "/metrics",
    },
  };
}

/**
 * Models are reached through the gateway only. Without this label KServe exposes every
 * InferenceService itself, unauthenticated: in Standard mode an Ingress (or HTTPRoute) on its
 * ingress domain, in Knative mode a route on the external gateway. KServe skips them for a
 * cluster-local service (v0.15.2 and v0.16.0 reconcilers/ingress/kube_ingress_reconciler.go and
 * httproute_reconciler.go read networking.kserve.io/visibility; ingress_reconciler.go, the
 * Knative one, reads networking.knative.dev/visibility).
 */
function clusterLocal(d: Deployment): Record<string, string> {
  return d.deploymentMode === "Knative" ? { "networking.knative.dev/visibility": "cluster-local" } : { "networking.kserve.io/visibility": "cluster-local" };
}

export function renderInferenceService(env: Environment, cluster: Cluster, d: Deployment): InferenceService {
  const annotations: Record<string, string> = {
    "serving.kserve.io/deploymentMode": deploymentModeAnnotation(d.deploymentMode, cluster),
  };
  if (d.autoscaling.scaler !== "knative") annotations["serving.kserve.io/autoscalerClass"] = "external";
  return {
    apiVersion: "serving.kserve.io/v1beta1",
    kind: "InferenceService",
    metadata: { name: inferenceServiceName(d.name), namespace: env.namespace, labels: { ...deploymentLabels(d), ...clusterLocal(d) }, annotations },
    spec: {
      predictor: {
        ...podAnnotations(cluster),
        serviceAccountName: serviceAccountName(d.name),
        priorityClassName: priorityClassName(env.name),
        ...scaling(d),
        // The GPU node pool is tainted; only GPU workloads tolerate it and select it.
        ...gpuPlacement(cluster, d),
        tolerations: d.gpuProfile.tolerations,
        securityContext: podSecurityContext(),
        containers: [servingContainer(d)],
        volumes: podVolumes(d),
      },
    },
  };
}
