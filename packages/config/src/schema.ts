import { Type, type Static, type TSchema } from "@sinclair/typebox";
import { GPU_NODE_LABEL_SOURCES } from "./gpus.ts";
import { Catalog, Choice, DNS_SUBDOMAIN, HTTPS_URL, HTTP_URL, IMAGE_NAME, INT32_MAX, LABEL_VALUE, Label, Labels, MAX_GPUS_PER_NODE, Quantity, Resources, Strict, Toleration } from "./schema-kit.ts";
import { DeploymentSchema, EnvironmentSchema } from "./schema-environment.ts";
import { AddonsSchema } from "./schema-addons.ts";
import { VersionsSchema } from "./schema-versions.ts";
import { ClusterCostSchema, SpotSchema } from "./schema-cost.ts";
import { GatewaySchema, MeshSchema } from "./schema-network.ts";
import { DcgmExporterSchema, GrafanaSchema, LoggingSchema } from "./schema-observability.ts";

/**
 * JSON Schemas of the two kinds of input file (the shared pieces are in schema-kit.ts, the
 * environment file in schema-environment.ts). `description` texts double as the hint shown
 * when a required field is missing; `hint` says what a valid value looks like.
 */

export const GpuProfileSchema = Type.Object(
  {
    gpu: Type.Object(
      {
        product: Type.String({ pattern: LABEL_VALUE, minLength: 1, description: "GPU product as GPU Feature Discovery labels it, e.g. NVIDIA-A10G", hint: "use the node label value, e.g. NVIDIA-A10G" }),
        memoryGiB: Type.Number({ exclusiveMinimum: 0, description: "marketed memory of one GPU in GiB" }),
        usableGiB: Type.Optional(
          Type.Number({
            exclusiveMinimum: 0,
            description: "memory CUDA reports for one GPU in GiB (torch.cuda.mem_get_info()[1] / 2**30); known for common products",
          }),
        ),
        count: Type.Integer({ minimum: 1, maximum: MAX_GPUS_PER_NODE, description: "GPUs each replica gets (= tensor-parallel size)" }),
        computeCapability: Type.String({
          pattern: "^[0-9]+\\.[0-9]+$",
          description: "CUDA compute capability, e.g. 8.6 for A10G",
          hint: "use major.minor, e.g. 8.6",
        }),
      },
      Strict,
    ),
    mig: Type.Optional(Type.Boolean({ description: "the profile is a MIG slice (DCGM reports no utilisation for it)" })),
    overheadGiB: Type.Optional(
      Type.Number({ minimum: 0, description: "GPU memory per GPU that vLLM's profiling counts outside weights and activations: CUDA libraries, NCCL (default 0.5)" }),
    ),
    nodeSelector: Type.Optional(Labels("node labels that select the GPU pool (default: from the cluster's gpuNodeLabels)")),
    tolerations: Type.Optional(Type.Array(Toleration)),
    podResources: Resources,
  },
  Strict,
);

const Version = (description: string) =>
  Type.String({ pattern: "^[0-9]+\\.[0-9]+(\\.[0-9]+)*$", description, hint: "use a release version such as 0.10.2" });

const PvcStorage = Type.Object(
  {
    claimName: Label("name of the ReadWriteMany PVC holding the weights"),
    path: Type.String({
      pattern: "^(?!.*(^|/)\\.\\.?(/|$))[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$",
      maxLength: 255,
      description: "directory of the model inside the volume",
      hint: "use a relative path such as models/qwen2.5-7b (no '..', no leading '/')",
    }),
    size: Quantity("capacity of the volume, e.g. 50Gi"),
    storageClassName: Type.String({ pattern: DNS_SUBDOMAIN, maxLength: 253, description: "RWX storage class, e.g. nfs-client", hint: "use a storage class name (lowercase DNS subdomain)" }),
  },
  { ...Strict, description: "serve the weights from a shared volume instead of the image" },
);

export const ModelSchema = Type.Object(
  {
    source: Type.String({
      pattern: "^(?!.*(--|\\.\\.))[A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9][A-Za-z0-9._-]{0,95}$",
      description: "the Hugging Face repository the weights come from, e.g. Qwen/Qwen2.5-7B-Instruct-AWQ",
      hint: "use a Hugging Face repo id: owner/name of letters, digits, '-', '_' and '.' (no '--' or '..')",
    }),
    revision: Type.Optional(
      Type.String({
        pattern: "^[0-9a-f]{40}$",
        description: "the commit of the source repository to bake in (else the image build must pass MODEL_REVISION)",
        hint: "use the full 40-character commit hash of the model repository",
      }),
    ),
    vllmVersion: Version("vLLM release the image is built from, e.g. 0.10.2"),
    weightBytes: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: "size of the checkpoint's weight files in bytes" })),
    pvc: Type.Optional(PvcStorage),
    servedName: Type.Optional(
      Type.String({
        pattern: "^[A-Za-z0-9][A-Za-z0-9._/:-]{0,127}$",
        description: "model name clients ask for (default: the catalog key)",
        hint: "use letters, digits, '.', '_', '-', '/' and ':' (at most 128)",
      }),
    ),
    image: Type.Object(
      {
        repository: Type.String({
          pattern: IMAGE_NAME,
          maxLength: 255,
          hint: "use an image name without tag or digest, e.g. ghcr.io/example-org/vllm-qwen (lowercase)",
          description: "image repository: the vLLM image with this model baked in (or, with pvc, the plain vLLM image)",
        }),
        baseSizeGiB: Type.Optional(
          Type.Number({ exclusiveMinimum: 0, description: "unpacked size of the vLLM base image on a node's disk in GiB (default 30)" }),
        ),
      },
      Strict,
    ),
    architecture: Type.Object(
      {
        parameters: Type.Number({ exclusiveMinimum: 0, description: "parameter count, e.g. 7.6e9" }),
        layers: Type.Integer({ minimum: 1, maximum: INT32_MAX, description: "transformer layers (config.json num_hidden_layers)" }),
        attentionHeads: Type.Integer({ minimum: 1, maximum: INT32_MAX, description: "attention heads (config.json num_attention_heads); the tensor-parallel size must divide it" }),
        kvHeads: Type.Integer({ minimum: 1, maximum: INT32_MAX, description: "key/value heads (config.json num_key_value_heads)" }),
        headDim: Type.Integer({ minimum: 1, maximum: INT32_MAX, description: "dimension of one attention head" }),
        hiddenSize: Type.Integer({ minimum: 1, maximum: INT32_MAX, description: "config.json hidden_size" }),
        intermediateSize: Type.Optional(
          Type.Integer({ minimum: 1, maximum: INT32_MAX, description: "config.json intermediate_size (the MLP width); the tensor-parallel size must divide it" }),
        ),
        vocabSize: Type.Integer({ minimum: 1, maximum: INT32_MAX, description: "config.json vocab_size" }),
        tieWordEmbeddings: Type.Optional(
          Type.Boolean({ description: "config.json tie_word_embeddings: the output layer shares the embedding weights (default false)" }),
        ),
        contextLength: Type.Integer({ minimum: 1, maximum: INT32_MAX, description: "native context length in tokens" }),
        ropeScalingFactor: Type.Optional(
          Type.Number({ exclusiveMinimum: 1, description: "context extension the checkpoint declares (e.g. YaRN factor 4)" }),
        ),
      },
      Strict,
    ),
    quantization: Type.Object(
      {
        method: Choice(["awq", "gptq", "fp8", "none"] as const),
        bits: Type.Integer({ minimum: 1, maximum: 32, description: "bits per weight" }),
      },
      Strict,
    ),
    dtype: Type.Optional(
      Choice(["half", "bfloat16", "float16", "auto"] as const),
    ),
    trustRemoteCode: Type.Optional(Type.Boolean({ description: "the model ships custom code (Qwen v1, ChatGLM)" })),
    task: Type.Optional(
      Choice(["generate", "embed"] as const, "what the model does: generate (chat and completions, default) or embed (embeddings); vLLM picks its runner from the architecture"),
    ),
  },
  Strict,
);

const NodePool = Type.Object(
  {
    name: Label("node pool name"),
    gpuProfile: Type.String({ description: "key of a GPU profile in gpuProfiles" }),
    instanceType: Type.String({ pattern: LABEL_VALUE, minLength: 1, description: "cloud instance type, e.g. g5.2xlarge", hint: "use the instance type as nodes are labelled, e.g. g5.2xlarge" }),
    gpusPerNode: Type.Integer({ minimum: 1, maximum: MAX_GPUS_PER_NODE, description: "GPUs one node of the pool has, e.g. 1 for g5.2xlarge" }),
    minNodes: Type.Integer({ minimum: 0, maximum: 10000 }),
    maxNodes: Type.Integer({ minimum: 0, maximum: 10000 }),
    pricePerHour: Type.Optional(Type.Number({ minimum: 0, description: "on-demand price of one node in USD per hour (default: llm-gitops's dated list-price table, packages/cost/src/prices.ts)" })),
    spot: Type.Optional(SpotSchema),
    allocatable: Type.Object(
      {
        cpu: Quantity("CPU a node offers pods after system reservations"),
        memory: Quantity("memory a node offers pods after system reservations"),
        ephemeralStorage: Quantity("node disk a node offers pods (Allocatable ephemeral-storage); images share that disk"),
      },
      { ...Strict, description: "what one node offers pods (kubectl describe node: Allocatable)" },
    ),
  },
  Strict,
);

export const ClusterSchema = Type.Object(
  {
    provider: Choice(["eks", "gke", "aks", "other"] as const),
    region: Type.String({ pattern: "^[a-z0-9]([-a-z0-9]{0,62})$", description: "cloud region, e.g. us-east-1", hint: "use a region name such as us-east-1" }),
    kserve: Type.Object(
      {
        version: Type.String({
          pattern: "^[0-9]+\\.[0-9]+\\.[0-9]+$",
          description: "KServe release installed in the cluster, e.g. 0.15.2",
          hint: "use the full release version major.minor.patch, e.g. 0.15.2 (behaviour changes between patch releases)",
        }),
      },
      Strict,
    ),
    argocd: Type.Object(
      {
        server: Type.Optional(Type.String({ pattern: HTTPS_URL, maxLength: 2048, description: "API server URL Argo CD deploys to", hint: "use an https URL such as https://kubernetes.default.svc" })),
        name: Type.Optional(Type.String({ pattern: DNS_SUBDOMAIN, maxLength: 253, description: "cluster name registered in Argo CD", hint: "use the cluster's name in Argo CD (lowercase letters, digits, '-', '.')" })),
        namespace: Type.Optional(Label("namespace of the Argo CD instance that deploys to this cluster (default argocd)")),
      },
      Strict,
    ),
    gpuNodeLabels: Choice(GPU_NODE_LABEL_SOURCES, "where the GPU nodes' labels come from: gpu-feature-discovery (GPU Operator), instance-type, karpenter or gke-accelerator"),
    nodePools: Type.Array(NodePool, { minItems: 1 }),
    prometheus: Type.Object(
      {
        url: Type.String({ pattern: HTTP_URL, maxLength: 2048, description: "in-cluster Prometheus URL KEDA queries", hint: "use an http(s) URL such as http://prometheus-operated.monitoring.svc:9090" }),
        adapterNamespace: Label("namespace of the prometheus-adapter release (its rules ConfigMap goes there)"),
        monitorLabels: Labels(
          "labels the cluster's Prometheus selects PodMonitors by (its podMonitorSelector), e.g. release: kube-prometheus-stack; {} when it selects all",
        ),
        namespace: Type.Optional(Label("namespace Prometheus runs in (default: adapterNamespace); network policies let it scrape")),
        dcgmExporter: Type.Optional(DcgmExporterSchema),
      },
      Strict,
    ),
    grafana: Type.Optional(GrafanaSchema),
    logging: Type.Optional(LoggingSchema),
    mesh: Type.Optional(MeshSchema),
    gateway: Type.Optional(GatewaySchema),
    addons: Type.Optional(AddonsSchema),
    versions: Type.Optional(VersionsSchema),
    cost: Type.Optional(ClusterCostSchema),
  },
  Strict,
);

export const PlatformSchema = Type.Object(
  {
    repository: Type.String({ pattern: HTTPS_URL, maxLength: 2048, description: "URL of this Git repository (OCI source label, Argo CD source)", hint: "use an https URL such as https://github.com/example-org/llm-platform" }),
    revision: Type.Optional(
      Type.String({ pattern: "^[A-Za-z0-9][A-Za-z0-9._/-]{0,127}$", description: "the branch or tag Argo CD syncs (default main)", hint: "use a branch or tag name such as main" }),
    ),
    gpuProfiles: Catalog(GpuProfileSchema, "GPU profiles by name"),
    models: Catalog(ModelSchema, "model catalog by name"),
    clusters: Catalog(ClusterSchema, "clusters by name"),
  },
  Strict,
);

export { METRICS, DeploymentSchema, EnvironmentSchema } from "./schema-environment.ts";

export type PlatformInput = Static<typeof PlatformSchema>;
export type GpuProfileInput = Static<typeof GpuProfileSchema>;
export type ModelInput = Static<typeof ModelSchema>;
export type ClusterInput = Static<typeof ClusterSchema>;
export type EnvironmentInput = Static<typeof EnvironmentSchema>;
export type DeploymentInput = Static<typeof DeploymentSchema>;
