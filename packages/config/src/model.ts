import type { Toleration } from "kubernetes-types/core/v1";
import type { METRICS, ModelInput } from "./schema.ts";

/** The resolved input: defaults applied, catalog references joined. Renderers read only this. */

/** A located field: what checks report problems at. */
export interface Location {
  file: string;
  line: number;
  col: number;
  path: string;
}

/** Where a resolved value came from, so checks can point back at the environment field. */
export interface Origin {
  file: string;
  path: string;
  /** Locates a field below this one, e.g. at(["vllm", "maxModelLen"]); the nearest written ancestor if absent. */
  at(sub?: readonly (string | number)[]): Location;
}

export interface GpuProfile {
  name: string;
  gpu: { product: string; memoryGiB: number; count: number; computeCapability: string };
  nodeSelector: Record<string, string>;
  tolerations: Toleration[];
  podResources: { cpu: string; memory: string };
  mig: boolean;
  /** GPU memory per GPU that is neither weights nor KV cache (activations, CUDA graphs, libraries). */
  overheadGiB: number;
  origin: Origin;
}

export type ModelStorage =
  | { kind: "image" }
  | { kind: "pvc"; claimName: string; path: string; size: string; storageClassName: string };

export interface Model {
  name: string;
  source: string;
  revision?: string;
  vllmVersion: string;
  /** Real size of the checkpoint's weights when known; else estimated from parameters and bits. */
  weightBytes?: number;
  storage: ModelStorage;
  servedName: string;
  image: { repository: string };
  architecture: ModelInput["architecture"];
  quantization: ModelInput["quantization"];
  dtype: "half" | "bfloat16" | "float16" | "auto";
  trustRemoteCode: boolean;
}

export interface NodePool {
  name: string;
  gpuProfile: string;
  instanceType: string;
  minNodes: number;
  maxNodes: number;
  pricePerHour: number;
  allocatable: { cpu: string; memory: string };
}

export interface Cluster {
  name: string;
  provider: "eks" | "gke" | "aks" | "other";
  region: string;
  kserve: { version: string };
  argocd: { server?: string; name?: string };
  nodePools: NodePool[];
  prometheus: { url: string; adapterNamespace: string };
  origin: Origin;
}

export interface Platform {
  /** URL of this Git repository. */
  repository: string;
  gpuProfiles: ReadonlyMap<string, GpuProfile>;
  models: ReadonlyMap<string, Model>;
  clusters: ReadonlyMap<string, Cluster>;
}

export type DeploymentMode = "Standard" | "Knative";
export type ScalingMetric = (typeof METRICS)[number];

export interface ScalePolicy {
  stabilizationWindowSeconds: number;
  pods: number;
  periodSeconds: number;
}

export interface Autoscaling {
  metric: ScalingMetric;
  target: number;
  scaleUp: ScalePolicy;
  scaleDown: ScalePolicy;
  schedule?: { timezone: string; windows: { start: string; end: string }[]; offHoursMin: number };
  /** Who scales the predictor: our HPA, our KEDA ScaledObject, or Knative's KPA. Exactly one. */
  scaler: "hpa" | "keda" | "knative";
}

export interface Deployment {
  name: string;
  model: Model;
  gpuProfile: GpuProfile;
  /** The serving image; exactly one of tag and digest is set. */
  image: { repository: string; tag?: string; digest?: string };
  replicas: { min: number; max: number };
  resources: { cpu: string; memory: string };
  vllm: { maxModelLen: number; gpuMemoryUtilization: number; maxNumSeqs?: number };
  deploymentMode: DeploymentMode;
  autoscaling: Autoscaling;
  startupTimeoutSeconds: number;
  origin: Origin;
}

export interface Environment {
  /** From the file name: environments/prod.yaml is environment "prod". */
  name: string;
  file: string;
  namespace: string;
  clusters: Cluster[];
  deployments: Deployment[];
  /** Scheduling priority of the environment's model servers. */
  priority: number;
  origin: Origin;
  /** Where `namespace` is written, for problems that span environments. */
  namespaceAt: { line: number; col: number };
}

export interface Inputs {
  platform: Platform;
  environments: Environment[];
}

/** Full image reference: repository:tag or repository@digest. */
export function imageRef(image: Deployment["image"]): string {
  return image.digest ? `${image.repository}@${image.digest}` : `${image.repository}:${image.tag}`;
}
