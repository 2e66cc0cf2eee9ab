import type { Toleration } from "kubernetes-types/core/v1";
import type { DeploymentMode, Model, ScalePolicy, ScalingMetric } from "./model.ts";

/** Every default of the input model, in one place. */
export const DEFAULTS = {
  /** vLLM's own default; raising it leaves less headroom, not more (DOMAIN A11). */
  gpuMemoryUtilization: 0.9,
  deploymentMode: "Standard" as DeploymentMode,
  /** The taint GPU node pools carry (GKE sets it itself; on EKS set it on the node group). */
  gpuTolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }] as Toleration[],
  /** GPU Feature Discovery's product label selects the pool. */
  gpuNodeSelector: (product: string): Record<string, string> => ({ "nvidia.com/gpu.product": product }),
  /** AWQ and GPTQ kernels want fp16 activations: a bf16 checkpoint with dtype auto fails to start. */
  dtype: (method: Model["quantization"]["method"]): Model["dtype"] => (method === "awq" || method === "gptq" ? "half" : "auto"),
  /** Non-torch GPU memory per GPU that vLLM's profiling subtracts (CUDA libraries, NCCL); see kserve gpu-fit. */
  overheadGiB: 0.5,
  /**
   * vllm/vllm-openai on a node's disk, unpacked: reported at 25-30 GB for 2025 releases (vllm
   * issues #17163, #28656; ~10-13 GB compressed). It shares the disk pods' ephemeral storage uses.
   */
  vllmImageGiB: 30,
  /** Queue depth is the signal that means "users are waiting" (DOMAIN B9). */
  metric: { Standard: "queueDepth", Knative: "concurrency" } as Record<DeploymentMode, ScalingMetric>,
  /** Per-replica targets: requests waiting or running, KV-cache fraction, GPU %, engine fraction. */
  target: {
    queueDepth: 2,
    runningRequests: 32,
    kvCacheUsage: 0.75,
    gpuUtilization: 80,
    gpuEngineActive: 0.8,
    concurrency: 8,
    rps: 10,
  } as Record<ScalingMetric, number>,
  /** A new GPU node takes minutes: add replicas early, remove them slowly. */
  scaleUp: { stabilizationWindowSeconds: 0, pods: 2, periodSeconds: 60 } as ScalePolicy,
  scaleDown: { stabilizationWindowSeconds: 600, pods: 1, periodSeconds: 180 } as ScalePolicy,
  /** Loading weights, compiling and capturing CUDA graphs can take many minutes. */
  startupTimeoutSeconds: 900,
  priority: 100000,
  /** Istio's defaults (meshConfig trustDomain, the root namespace istiod runs in). */
  mesh: { trustDomain: "cluster.local", rootNamespace: "istio-system" },
  /** Kong's chart names its IngressClass kong; the Gateway API release llm-gitops validates routes against. */
  gateway: { className: "kong", gatewayApiVersion: "1.6.1", maxRequestMegabytes: 8 },
  /** p95 targets an interactive chat service can hold on one GPU per replica; tighten per environment. */
  slo: { timeToFirstTokenSeconds: 2, interTokenLatencySeconds: 0.1, endToEndSeconds: 60, errorRatio: 0.01, queueDepth: 10, kvCacheUsage: 0.95, gpuUtilization: 95 },
  /** The GPU Operator's dcgm-exporter Service names its port gpu-metrics. */
  dcgmPort: "gpu-metrics",
  elasticsearch: { port: 9200, index: "llm-logs" },
  /**
   * Releases a cluster runs unless its `versions` says otherwise: those whose schemas are pinned
   * (kubeconform-wrapper/src/pins.ts; the files ../shared/crds mirrors).
   */
  versions: { kubernetes: "1.33.1", keda: "2.20.2", argocd: "3.5.1", prometheusOperator: "0.93.0" },
} as const;

export const PLATFORM_FILE = "environments/platform.yaml";
