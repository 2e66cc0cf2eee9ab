import type { Cluster, Deployment, Environment, Model } from "./model.ts";

/** Small resolved inputs for tests of the packages that render them. */
export const qwen25: Model = {
  name: "qwen2.5-7b-instruct-awq",
  source: "Qwen/Qwen2.5-7B-Instruct-AWQ",
  servedName: "qwen2.5-7b-instruct",
  image: { repository: "ghcr.io/example-org/vllm-qwen" },
  architecture: { parameters: 7.6e9, layers: 28, kvHeads: 4, headDim: 128, contextLength: 32768 },
  quantization: { method: "awq", bits: 4 },
  dtype: "half",
  trustRemoteCode: false,
};

export function deployment(over: Partial<Deployment> = {}): Deployment {
  return {
    name: "qwen-chat",
    model: qwen25,
    gpuProfile: {
      name: "a10g-24gb",
      gpu: { product: "NVIDIA-A10G", memoryGiB: 24, count: 1, computeCapability: "8.6" },
      nodeSelector: { "nvidia.com/gpu.product": "NVIDIA-A10G" },
      tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
      podResources: { cpu: "6", memory: "24Gi" },
    },
    image: { repository: qwen25.image.repository, tag: "v1" },
    replicas: { min: 3, max: 20 },
    resources: { cpu: "6", memory: "24Gi" },
    vllm: { maxModelLen: 8192, gpuMemoryUtilization: 0.9 },
    deploymentMode: "Standard",
    origin: { file: "environments/prod.yaml", path: "deployments[0]" },
    ...over,
  };
}

export function cluster(version = "0.16"): Cluster {
  return { name: "prod-a", provider: "eks", region: "us-east-1", kserve: { version }, argocd: { name: "prod-a" }, nodePools: [] };
}

export function environment(deployments: Deployment[] = [deployment()]): Environment {
  return { name: "prod", file: "environments/prod.yaml", namespace: "llm-prod", clusters: [cluster()], deployments, namespaceAt: { line: 1, col: 1 } };
}
