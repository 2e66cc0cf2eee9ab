import type { Container } from "kubernetes-types/core/v1";
import { inferenceServiceName, serviceAccountName, standardLabels, VLLM_PORT } from "@llm-gitops/core";
import { imageRef, type Cluster, type Deployment, type Environment } from "@llm-gitops/config";
import { deploymentModeAnnotation } from "./mode.ts";
import type { InferenceService } from "./types.ts";
import { vllmArgs } from "./vllm-args.ts";

export function deploymentLabels(d: Deployment): Record<string, string> {
  return {
    ...standardLabels({ name: "vllm", instance: d.name, component: "inference-server" }),
    "llm-gitops.io/model": d.model.name,
  };
}

function servingContainer(d: Deployment): Container {
  const gpus = String(d.gpuProfile.gpu.count);
  return {
    name: "kserve-container",
    image: imageRef(d.image),
    command: ["vllm", "serve"],
    args: vllmArgs(d),
    ports: [{ name: "http1", containerPort: VLLM_PORT, protocol: "TCP" }],
    // GPUs: request = limit. CPU has no limit (throttling stalls token streaming); memory does.
    resources: {
      requests: { cpu: d.resources.cpu, memory: d.resources.memory, "nvidia.com/gpu": gpus },
      limits: { memory: d.resources.memory, "nvidia.com/gpu": gpus },
    },
  };
}

export function renderInferenceService(env: Environment, cluster: Cluster, d: Deployment): InferenceService {
  return {
    apiVersion: "serving.kserve.io/v1beta1",
    kind: "InferenceService",
    metadata: {
      name: inferenceServiceName(d.name),
      namespace: env.namespace,
      labels: deploymentLabels(d),
      annotations: { "serving.kserve.io/deploymentMode": deploymentModeAnnotation(d.deploymentMode, cluster) },
    },
    spec: {
      predictor: {
        serviceAccountName: serviceAccountName(d.name),
        minReplicas: d.replicas.min,
        maxReplicas: d.replicas.max,
        // The GPU node pool is tainted; only GPU workloads tolerate it and select it.
        nodeSelector: d.gpuProfile.nodeSelector,
        tolerations: d.gpuProfile.tolerations,
        containers: [servingContainer(d)],
      },
    },
  };
}
