import { inferenceServiceName, priorityClassName, serviceAccountName, standardLabels } from "@llm-gitops/core";
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

export function renderInferenceService(env: Environment, cluster: Cluster, d: Deployment): InferenceService {
  const annotations: Record<string, string> = {
    "serving.kserve.io/deploymentMode": deploymentModeAnnotation(d.deploymentMode, cluster),
  };
  if (d.autoscaling.scaler !== "knative") annotations["serving.kserve.io/autoscalerClass"] = "external";
  return {
    apiVersion: "serving.kserve.io/v1beta1",
    kind: "InferenceService",
    metadata: { name: inferenceServiceName(d.name), namespace: env.namespace, labels: deploymentLabels(d), annotations },
    spec: {
      predictor: {
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
