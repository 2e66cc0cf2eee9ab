import { excerpt } from "@llm-gitops/core";

/**
 * What we know of common GPU products, keyed by the product name GPU Feature Discovery labels
 * nodes with (`nvidia.com/gpu.product`).
 *
 * - usableGiB: the total memory CUDA reports (torch.cuda.mem_get_info), which vLLM multiplies by
 *   --gpu-memory-utilization; it is below the marketed size. Figures from vLLM start-up logs on
 *   those GPUs (../shared/DOMAIN.md B10). A product without one needs `gpu.usableGiB`.
 * - karpenter: the value of `karpenter.k8s.aws/instance-gpu-name` (lower-case GPU name).
 * - gke: the value of `cloud.google.com/gke-accelerator` (GKE's accelerator type names).
 */
export interface KnownGpu {
  usableGiB?: number;
  karpenter?: string;
  /** `karpenter.k8s.aws/instance-gpu-memory` (MiB), where one GPU name covers several sizes. */
  karpenterMemoryMiB?: number;
  gke?: string;
}

export const KNOWN_GPUS: Readonly<Record<string, KnownGpu>> = {
  "NVIDIA-A10G": { usableGiB: 21.98, karpenter: "a10g" },
  "NVIDIA-L4": { usableGiB: 22.04, karpenter: "l4", gke: "nvidia-l4" },
  "NVIDIA-A100-SXM4-80GB": { usableGiB: 79.1, karpenter: "a100", karpenterMemoryMiB: 81920, gke: "nvidia-a100-80gb" },
  "NVIDIA-A100-SXM4-40GB": { karpenter: "a100", karpenterMemoryMiB: 40960, gke: "nvidia-tesla-a100" },
  "NVIDIA-H100-80GB-HBM3": { karpenter: "h100", gke: "nvidia-h100-80gb" },
  "NVIDIA-L40S": { karpenter: "l40s" },
  "Tesla-T4": { karpenter: "t4", gke: "nvidia-tesla-t4" },
};

/** Where a cluster's GPU nodes get the labels we select them by. */
export const GPU_NODE_LABEL_SOURCES = ["gpu-feature-discovery", "instance-type", "karpenter", "gke-accelerator"] as const;
export type GpuNodeLabelSource = (typeof GPU_NODE_LABEL_SOURCES)[number];

/** The node labels that select a profile's GPU nodes on a cluster, or why there are none. */
export type GpuSelector = { ok: true; labels: Record<string, string>[] } | { ok: false; message: string };

/**
 * Labels by source (../shared/DOMAIN.md B7, B11): GPU Feature Discovery's product label exists
 * only where the GPU Operator runs GFD; otherwise the provider's own node labels. One entry per
 * alternative (node pools of the profile with different instance types): any one may match.
 */
export function gpuNodeSelector(
  source: GpuNodeLabelSource,
  profile: { gpu: { product: string } },
  instanceTypes: readonly string[],
): GpuSelector {
  const product = profile.gpu.product;
  const known = KNOWN_GPUS[product];
  switch (source) {
    case "gpu-feature-discovery":
      return { ok: true, labels: [{ "nvidia.com/gpu.product": product }] };
    case "instance-type":
      return { ok: true, labels: [...new Set(instanceTypes)].sort().map((t) => ({ "node.kubernetes.io/instance-type": t })) };
    case "karpenter":
      if (!known?.karpenter) return { ok: false, message: `no Karpenter GPU name is known for product ${excerpt(product)}` };
      return {
        ok: true,
        labels: [
          {
            "karpenter.k8s.aws/instance-gpu-name": known.karpenter,
            ...(known.karpenterMemoryMiB ? { "karpenter.k8s.aws/instance-gpu-memory": String(known.karpenterMemoryMiB) } : {}),
          },
        ],
      };
    case "gke-accelerator":
      return known?.gke
        ? { ok: true, labels: [{ "cloud.google.com/gke-accelerator": known.gke }] }
        : { ok: false, message: `no GKE accelerator name is known for product ${excerpt(product)}` };
  }
}
