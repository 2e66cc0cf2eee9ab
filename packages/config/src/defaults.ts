import type { Toleration } from "kubernetes-types/core/v1";
import type { DeploymentMode, Model } from "./model.ts";

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
} as const;

export const PLATFORM_FILE = "environments/platform.yaml";
