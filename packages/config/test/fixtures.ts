import { InputError } from "@llm-gitops/core";
import { loadInputs } from "../src/load.ts";
import type { SourceFile } from "../src/source.ts";

export const PLATFORM = `repository: https://github.com/example-org/llm-platform
gpuProfiles:
  a10g-24gb:
    gpu:
      product: NVIDIA-A10G
      memoryGiB: 24
      count: 1
      computeCapability: "8.6"
    podResources:
      cpu: "6"
      memory: 24Gi
models:
  qwen2.5-7b-instruct-awq:
    source: Qwen/Qwen2.5-7B-Instruct-AWQ
    vllmVersion: "0.10.2"
    image:
      repository: ghcr.io/example-org/vllm-qwen
    architecture:
      parameters: 7.6e9
      layers: 28
      attentionHeads: 28
      kvHeads: 4
      headDim: 128
      hiddenSize: 3584
      vocabSize: 152064
      contextLength: 32768
    quantization:
      method: awq
      bits: 4
clusters:
  prod-a:
    provider: eks
    region: us-east-1
    kserve:
      version: "0.15.2"
    argocd:
      name: prod-a
    gpuNodeLabels: gpu-feature-discovery
    nodePools:
      - name: gpu
        gpuProfile: a10g-24gb
        instanceType: g5.2xlarge
        gpusPerNode: 1
        minNodes: 0
        maxNodes: 20
        pricePerHour: 1.212
        allocatable:
          cpu: 7910m
          memory: 29Gi
          ephemeralStorage: 95Gi
    prometheus:
      url: http://prometheus-operated.monitoring.svc:9090
      adapterNamespace: monitoring
      monitorLabels: {}
`;

export const PROD = `namespace: llm-prod
clusters:
  - prod-a
deployments:
  - name: qwen-chat
    model: qwen2.5-7b-instruct-awq
    gpuProfile: a10g-24gb
    image:
      tag: v1
    replicas:
      min: 3
      max: 20
`;

export function sources(overrides: Record<string, string> = {}): SourceFile[] {
  const files: Record<string, string> = { "environments/platform.yaml": PLATFORM, "environments/prod.yaml": PROD, ...overrides };
  return Object.entries(files).map(([path, text]) => ({ path, text }));
}

/** Loads platform.yaml and prod.yaml as given. */
export const loadPair = (platform: string, prod: string) => loadInputs(sources({ "environments/platform.yaml": platform, "environments/prod.yaml": prod }));

/** The formatted problems loading platform.yaml and prod.yaml fails with, one line each. */
export function pairProblems(platform: string, prod: string): string[] {
  try {
    loadPair(platform, prod);
  } catch (e) {
    if (e instanceof InputError) return e.message.split("\n");
    throw e;
  }
  throw new Error("expected the load to fail");
}
