import type { Toleration } from "kubernetes-types/core/v1";
import type { ModelInput } from "./schema.ts";

/** The resolved input: defaults applied, catalog references joined. Renderers read only this. */

/** Where a resolved value came from, so checks can point back at the environment field. */
export interface Origin {
  file: string;
  path: string;
}

export interface GpuProfile {
  name: string;
  gpu: { product: string; memoryGiB: number; count: number; computeCapability: string };
  nodeSelector: Record<string, string>;
  tolerations: Toleration[];
  podResources: { cpu: string; memory: string };
}

export interface Model {
  name: string;
  source: string;
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
}

export interface Cluster {
  name: string;
  provider: "eks" | "gke" | "aks" | "other";
  region: string;
  kserve: { version: string };
  argocd: { server?: string; name?: string };
  nodePools: NodePool[];
}

export interface Platform {
  gpuProfiles: ReadonlyMap<string, GpuProfile>;
  models: ReadonlyMap<string, Model>;
  clusters: ReadonlyMap<string, Cluster>;
}

export type DeploymentMode = "Standard" | "Knative";

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
  origin: Origin;
}

export interface Environment {
  /** From the file name: environments/prod.yaml is environment "prod". */
  name: string;
  file: string;
  namespace: string;
  clusters: Cluster[];
  deployments: Deployment[];
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
