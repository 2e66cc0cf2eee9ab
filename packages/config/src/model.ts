import type { Toleration } from "kubernetes-types/core/v1";
import type { GpuNodeLabelSource } from "./gpus.ts";
import type { Waiver } from "./waivers.ts";
import type { METRICS, ModelInput } from "./schema.ts";
import type { ClusterCostInput, LoadInput, SpotInput } from "./schema-cost.ts";

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
  /** usableGiB: what CUDA reports (below the marketed memoryGiB); undefined when unknown. */
  gpu: { product: string; memoryGiB: number; usableGiB?: number; count: number; computeCapability: string };
  /** Set in platform.yaml: overrides the selector the cluster's gpuNodeLabels would give. */
  nodeSelector?: Record<string, string>;
  tolerations: Toleration[];
  podResources: ResourceInput;
  mig: boolean;
  /** GPU memory per GPU outside weights, activations and KV cache (CUDA libraries, NCCL). */
  overheadGiB: number;
  origin: Origin;
}

/** Resources as written in platform.yaml or an environment, quantities as strings. */
export interface ResourceInput {
  cpu: string;
  memory: string;
  limits?: { cpu?: string; memory?: string };
  ephemeralStorage?: string;
}

/** CPU and memory the serving container requests and is limited to (limits default to requests). */
export interface Resources {
  requests: { cpu: string; memory: string };
  limits: { cpu: string; memory: string };
  /** Node disk requested and limited to, when set; else sized by the serving component. */
  ephemeralStorage?: string;
  /** Where the resources were written: the deployment's `resources`, or the GPU profile's `podResources`. */
  at: Location;
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
  /** baseSizeGiB: unpacked size of the vLLM base image on a node's disk. */
  image: { repository: string; baseSizeGiB: number };
  architecture: ModelInput["architecture"];
  quantization: ModelInput["quantization"];
  dtype: "half" | "bfloat16" | "float16" | "auto";
  trustRemoteCode: boolean;
  /** generate: chat and completions; embed: embeddings (vLLM chooses its runner from the architecture). */
  task: "generate" | "embed";
}

export interface NodePool {
  name: string;
  gpuProfile: string;
  instanceType: string;
  gpusPerNode: number;
  minNodes: number;
  maxNodes: number;
  /** On-demand USD per node-hour as platform.yaml sets it; else packages/cost's list-price table. */
  pricePerHour?: number;
  /** Part of the pool on spot capacity, at the spot price the budget assumes. */
  spot?: SpotInput;
  allocatable: { cpu: string; memory: string; ephemeralStorage: string };
}

export interface Cluster {
  name: string;
  provider: "eks" | "gke" | "aks" | "other";
  region: string;
  kserve: { version: string };
  /** The Argo CD destination, and the namespace of the Argo CD instance that deploys here. */
  argocd: { server?: string; name?: string; namespace: string };
  gpuNodeLabels: GpuNodeLabelSource;
  nodePools: NodePool[];
  /** namespace: where Prometheus runs (network policies let it scrape from there). */
  prometheus: { url: string; adapterNamespace: string; monitorLabels: Record<string, string>; namespace: string; dcgmExporter?: DcgmExporter };
  /** Where dashboards go, when the cluster runs Grafana's dashboard sidecar. */
  grafana?: { namespace: string; dashboardLabels: Record<string, string> };
  /** The Fluent Bit pipeline, when the cluster ships logs. */
  logging?: Logging;
  /** The Istio sidecar mesh, when the cluster runs one. */
  mesh?: Mesh;
  /** Kong, when the cluster exposes models through it. */
  gateway?: KongGateway;
  /** The upstream Helm charts Argo CD installs on the cluster (none: the README's prerequisites). */
  addons: Addons;
  /** Every release the cluster runs; the schema gate validates its objects against exactly these. */
  versions: ClusterVersions;
  /** Fixed costs beyond the GPU pools (control plane, CPU nodes, volumes), for `llm-gitops cost`. */
  cost?: ClusterCostInput;
  origin: Origin;
}

/** Releases by project: `versions` with its defaults, and the release fields of kserve, mesh and gateway. */
export interface ClusterVersions {
  kubernetes: string;
  kserve: string;
  keda: string;
  argocd: string;
  prometheusOperator: string;
  /** When the cluster runs a mesh (mesh.istio.version). */
  istio?: string;
  /** When the cluster runs Kong (gateway.kong.version, gateway.kong.gatewayApiVersion). */
  kong?: string;
  gatewayApi?: string;
}

/** One add-on chart: its exact version and the user's extra values (merged under llm-gitops's). */
export interface Addon {
  chart: string;
  values: Record<string, unknown>;
}

/** Add-ons whose chart version is a release the cluster already names carry only values. */
export interface Addons {
  certManager?: Addon;
  /** Charts at `kserve.version`. */
  kserve?: { values: Record<string, unknown> };
  keda?: Addon;
  prometheusAdapter?: Addon;
  dcgmExporter?: Addon;
  fluentBit?: Addon;
  kong?: Addon;
  /** Charts at `mesh.istio.version`. */
  istio?: { values: Record<string, unknown> };
}

export interface DcgmExporter {
  namespace: string;
  serviceLabels: Record<string, string>;
  port: string;
}

export type LogOutput =
  | { kind: "loki"; url: string; tenant?: string }
  | { kind: "elasticsearch"; host: string; port: number; index: string; tls: boolean; opensearch: boolean }
  | { kind: "stdout" };

export interface Logging {
  fluentBit: { version: string; namespace: string };
  output: LogOutput;
  /** Keys removed wherever they occur, beyond the defaults. */
  removeKeys: string[];
}

/** An environment's service-level objectives: the thresholds its alerts fire at. */
export interface Slo {
  timeToFirstTokenSeconds: number;
  interTokenLatencySeconds: number;
  endToEndSeconds: number;
  errorRatio: number;
  queueDepth: number;
  kvCacheUsage: number;
  gpuUtilization: number;
}

export interface Mesh {
  version: string;
  /** istiod revision: namespaces are labelled istio.io/rev=<revision> instead of istio-injection=enabled. */
  revision?: string;
  trustDomain: string;
  rootNamespace: string;
  meshWideStrict: boolean;
}

export interface KongGateway {
  version: string;
  namespace: string;
  serviceAccount: string;
  routes: "ingress" | "gateway-api";
  /** IngressClass or GatewayClass name. */
  className: string;
  gatewayApiVersion: string;
  /** Certificate of the cluster Gateway's HTTPS listener (gateway-api). */
  tlsSecret?: string;
  rateLimiting: { policy: "local" } | { policy: "redis"; redis: { host: string; port: number; passwordEnv?: string; passwordSecret?: { name: string; key: string } } };
  secretStore?: { name: string; kind: "ClusterSecretStore" | "SecretStore" };
}

export interface RateLimits {
  second?: number;
  minute?: number;
  hour?: number;
  day?: number;
}

/** An environment's public API: its host, how consumers authenticate, and their rate limits. */
export interface EnvironmentGateway {
  host: string;
  tlsSecret?: string;
  authentication: "key-auth" | "jwt";
  maxRequestMegabytes: number;
  tiers: Readonly<Record<string, RateLimits>>;
  defaultTier: string;
  consumers: { name: string; tier: string; credentials: { secret: string; remoteKey?: string }[] }[];
  origin: Origin;
}

export interface Platform {
  /** URL of this Git repository. */
  repository: string;
  /** The branch or tag Argo CD syncs. */
  revision: string;
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
  /** The environment's clusters that run it (all of them unless the deployment names a subset). */
  clusters: Cluster[];
  resources: Resources;
  vllm: { maxModelLen: number; gpuMemoryUtilization: number; maxNumSeqs?: number; maxNumBatchedTokens?: number };
  deploymentMode: DeploymentMode;
  autoscaling: Autoscaling;
  startupTimeoutSeconds: number;
  /** The host the gateway serves it on; absent when the environment has no gateway. */
  route?: { host: string };
  /** The expected and peak load it is priced and sized for (`llm-gitops cost`). */
  load?: LoadInput;
  /** Policy rules its objects are exempt from (rendered as waiver.llm-gitops.io/<rule> annotations). */
  waivers?: Waiver[];
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
  /** The public API, when the environment exposes its models through the clusters' gateway. */
  gateway?: EnvironmentGateway;
  slo: Slo;
  /** Serves real users: images must be pinned by digest. The loader always sets it. */
  production?: boolean;
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
