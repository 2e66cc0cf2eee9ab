import { containers, podSpecs } from "../pods.ts";
import type { Obj, Rule, RuleContext } from "../rule.ts";

/** Node labels that only GPU nodes carry (GPU Feature Discovery, Karpenter, GKE). */
const GPU_LABELS = new Set(["nvidia.com/gpu.product", "nvidia.com/gpu.present", "nvidia.com/gpu.count", "karpenter.k8s.aws/instance-gpu-name", "karpenter.k8s.aws/instance-gpu-memory", "karpenter.k8s.aws/instance-gpu-count", "cloud.google.com/gke-accelerator"]);
const INSTANCE_TYPE = "node.kubernetes.io/instance-type";
const isGpuResource = (name: string) => /^[a-z0-9.-]+\/gpu$/.test(name);

const usesGpu = (spec: Obj) => containers(spec).some((c) => [...Object.keys(c.resources?.limits ?? {}), ...Object.keys(c.resources?.requests ?? {})].some(isGpuResource));

/** The node labels a pod requires: its nodeSelector and required node affinity (In terms). */
function required(spec: Obj): [string, string[]][] {
  const terms: Obj[] = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  const exprs = terms.flatMap((t) => t.matchExpressions ?? []).filter((e: Obj) => e.operator === "In" || e.operator === "Exists");
  return [...Object.entries(spec.nodeSelector ?? {}).map(([k, v]): [string, string[]] => [k, [String(v)]]), ...exprs.map((e: Obj): [string, string[]] => [e.key, e.values ?? []])];
}

const selectsGpuPool = (spec: Obj, ctx: RuleContext) =>
  required(spec).some(([k, values]) => GPU_LABELS.has(k) || (k === INSTANCE_TYPE && values.length > 0 && values.every((v) => ctx.gpuInstanceTypes.has(v))));
/** A toleration of a GPU taint (nvidia.com/gpu, amd.com/gpu …) or of every taint. */
const toleratesGpu = (spec: Obj) => (spec.tolerations ?? []).some((t: Obj) => (t.key === undefined && t.operator === "Exists") || (typeof t.key === "string" && isGpuResource(t.key)));

export const gpuPool: Rule = {
  id: "gpu-pool",
  title: "GPU workloads tolerate and select the GPU pool; other workloads do neither",
  check: (o, ctx) =>
    podSpecs(o).flatMap(({ path, spec }) => {
      const [gpu, selects, tolerates] = [usesGpu(spec), selectsGpuPool(spec, ctx), toleratesGpu(spec)];
      if (gpu && !tolerates) return [{ message: `${path} requests GPUs but tolerates no GPU taint, so it never schedules on GPU nodes: add the pool's toleration (e.g. nvidia.com/gpu, Exists, NoSchedule)` }];
      if (gpu && !selects) return [{ message: `${path} requests GPUs but selects no GPU pool, so it may wait on or take another pool's nodes: select the pool by its GPU label or instance type (the cluster's gpuNodeLabels)` }];
      if (!gpu && (selects || tolerates)) return [{ message: `${path} uses no GPU yet ${selects ? "selects" : "tolerates"} the GPU pool, taking nodes GPU workloads need: remove the GPU ${selects ? "node selector" : "toleration"}` }];
      return [];
    }),
};
