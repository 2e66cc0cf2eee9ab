import type { Affinity } from "kubernetes-types/core/v1";
import { gpuNodeSelector, type Cluster, type Deployment } from "@llm-gitops/config";

/**
 * How the predictor reaches its GPU pool on one cluster: the GPU profile's own nodeSelector when
 * platform.yaml sets one, else the labels the cluster's nodes really carry (gpuNodeLabels:
 * `nvidia.com/gpu.product` exists only where GPU Feature Discovery runs; ../shared/DOMAIN.md B11).
 * Pools of several instance types become alternatives of a required node affinity.
 */
export function gpuPlacement(cluster: Cluster, d: Deployment): { nodeSelector?: Record<string, string>; affinity?: Affinity } {
  const profile = d.gpuProfile;
  if (profile.nodeSelector) return { nodeSelector: profile.nodeSelector };
  const types = cluster.nodePools.filter((p) => p.gpuProfile === profile.name).map((p) => p.instanceType);
  const selector = gpuNodeSelector(cluster.gpuNodeLabels, profile, types);
  if (!selector.ok) throw new Error(`unreachable: platform.yaml validation lets no profile without node labels through (${selector.message})`);
  if (selector.labels.length === 1) return { nodeSelector: selector.labels[0]! };
  return {
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: selector.labels.map((labels) => ({
            matchExpressions: Object.entries(labels).map(([key, value]) => ({ key, operator: "In", values: [value] })),
          })),
        },
      },
    },
  };
}
