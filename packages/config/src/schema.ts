import { Type, type Static, type TSchema } from "@sinclair/typebox";
import { GPU_NODE_LABEL_SOURCES } from "./gpus.ts";

/**
 * JSON Schemas of the two kinds of input file. `description` texts double as the hint shown
 * when a required field is missing; `hint` says what a valid value looks like.
 */

const DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
const DNS_LABEL_HINT =
  "use a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters";

const Label = (description: string) =>
  Type.String({ pattern: DNS_LABEL, maxLength: 63, description, hint: DNS_LABEL_HINT });

/** KServe requires InferenceService names to start with a letter; `-predictor` is appended. */
const DeploymentName = Type.String({
  pattern: "^[a-z]([-a-z0-9]*[a-z0-9])?$",
  maxLength: 45,
  description: "name of the model deployment (becomes the InferenceService name)",
  hint: "use a DNS-1123 label that starts with a letter (lowercase letters, digits and '-', at most 45 characters, so that '<name>-predictor' fits KServe's limits)",
});

const CatalogKey = "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$";

/** A map keyed by name: keys are checked like values, so a bad key is reported at the key. */
function Catalog<T extends TSchema>(value: T, what: string) {
  return Type.Unsafe<Record<string, Static<T>>>({
    type: "object",
    description: what,
    propertyNames: {
      pattern: CatalogKey,
      maxLength: 63,
      hint: "use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 63 characters",
    },
    additionalProperties: value,
  });
}

/** Kubernetes resource quantity; YAML may give it as a number (`cpu: 6`). */
const Quantity = (description: string) =>
  Type.Unsafe<string | number>({
    type: ["string", "number"],
    pattern: "^[0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$",
    description,
    hint: "use a Kubernetes quantity such as 6, 500m, 24Gi",
  });

const Strict = { additionalProperties: false } as const;

/** Kubernetes' int32 fields (replicas, ports, counts): larger values are refused by the API server. */
const INT32_MAX = 2147483647;
/** The largest GPU nodes have 8 (p5, a3) and a few 16 GPUs. */
const MAX_GPUS_PER_NODE = 16;
const DNS_SUBDOMAIN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
/** An OCI image name (distribution/reference): optional registry host[:port], lowercase path components. */
const IMAGE_NAME =
  "^(([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)(\\.([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?))*(:[0-9]+)?/)?[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*(/[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*)*$";
/** URLs that reach labels and queries: no whitespace, quotes, backslashes or shell metacharacters. */
const HTTPS_URL = "^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%!+,;=@/-]*)?$";
const HTTP_URL = "^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%!+,;=@/-]*)?$";

/** Kubernetes label keys and values (apimachinery validation: qualified name, label value). */
const LABEL_KEY = "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$";
const LABEL_VALUE = "^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$";

/** A label map; a bad key is reported at the key, a bad value at the value. */
const Labels = (description: string) =>
  Type.Unsafe<Record<string, string>>({
    type: "object",
    description,
    propertyNames: { pattern: LABEL_KEY, maxLength: 316, hint: "use a Kubernetes label key such as release or example.com/tier" },
    additionalProperties: { type: "string", pattern: LABEL_VALUE, hint: "use a label value: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit" },
  });

/** A string from a fixed set (an `enum`, which ajv reports as one clear error). */
function Choice<const T extends readonly string[]>(values: T, description?: string) {
  return Type.Unsafe<T[number]>({ type: "string", enum: [...values], ...(description ? { description } : {}) });
}

const Toleration = Type.Object(
  {
    key: Type.String({ pattern: LABEL_KEY, maxLength: 316, description: "taint key", hint: "use a Kubernetes label key such as nvidia.com/gpu" }),
    operator: Type.Optional(Choice(["Exists", "Equal"] as const)),
    value: Type.Optional(Type.String({ pattern: LABEL_VALUE, hint: "use a label value: at most 63 letters, digits, '-', '_' or '.'" })),
    effect: Type.Optional(
      Choice(["NoSchedule", "PreferNoSchedule", "NoExecute"] as const),
    ),
  },
  Strict,
);

const Resources = Type.Object(
  {
    cpu: Quantity("CPU each replica requests"),
    memory: Quantity("memory each replica requests"),
    limits: Type.Optional(
      Type.Object(
        {
          cpu: Type.Optional(Quantity("CPU limit (default: the request)")),
          memory: Type.Optional(Quantity("memory limit (default: the request)")),
        },
        { ...Strict, description: "limits above the requests; KServe fills any missing limit with its own 1 CPU / 2Gi default" },
      ),
    ),
    ephemeralStorage: Type.Optional(
      Quantity("node disk each replica requests and is limited to (default: image, baked model and caches)"),
    ),
  },
  Strict,
);

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
    pricePerHour: Type.Number({ minimum: 0, description: "on-demand price of one node in USD per hour" }),
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
      },
      Strict,
    ),
  },
  Strict,
);

export const PlatformSchema = Type.Object(
  {
    repository: Type.String({ pattern: HTTPS_URL, maxLength: 2048, description: "URL of this Git repository (OCI source label, Argo CD source)", hint: "use an https URL such as https://github.com/example-org/llm-platform" }),
    gpuProfiles: Catalog(GpuProfileSchema, "GPU profiles by name"),
    models: Catalog(ModelSchema, "model catalog by name"),
    clusters: Catalog(ClusterSchema, "clusters by name"),
  },
  Strict,
);

const ScalePolicy = Type.Object(
  {
    stabilizationWindowSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 3600 })),
    pods: Type.Optional(Type.Integer({ minimum: 1, maximum: INT32_MAX, description: "at most this many pods per period" })),
    periodSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 1800 })),
  },
  Strict,
);

export const METRICS = ["queueDepth", "runningRequests", "kvCacheUsage", "gpuUtilization", "gpuEngineActive", "concurrency", "rps"] as const;

const Autoscaling = Type.Object(
  {
    metric: Type.Optional(Choice(METRICS, "the load signal replicas follow")),
    target: Type.Optional(Type.Number({ minimum: 0.001, maximum: 1e9, description: "per-replica target of the metric (Kubernetes quantities go down to milli-units: at least 0.001)" })),
    scaleUp: Type.Optional(ScalePolicy),
    scaleDown: Type.Optional(ScalePolicy),
    schedule: Type.Optional(
      Type.Object(
        {
          timezone: Type.String({ pattern: "^[A-Za-z0-9_+/-]{1,64}$", description: "IANA time zone of the windows, e.g. America/New_York", hint: "use an IANA time zone name such as America/New_York or UTC" }),
          windows: Type.Array(
            Type.Object(
              {
                start: Type.String({ maxLength: 100, description: "cron expression when the window opens, e.g. 0 7 * * 1-5" }),
                end: Type.String({ maxLength: 100, description: "cron expression when it closes, e.g. 0 20 * * 1-5" }),
              },
              Strict,
            ),
            { minItems: 1 },
          ),
          offHoursMin: Type.Integer({ minimum: 0, maximum: INT32_MAX, description: "fewest replicas outside the windows" }),
        },
        { ...Strict, description: "scale down outside working hours (KEDA cron)" },
      ),
    ),
  },
  Strict,
);

export const DeploymentSchema = Type.Object(
  {
    name: DeploymentName,
    model: Type.String({ maxLength: 253, description: "key of a model in the models catalog of environments/platform.yaml" }),
    gpuProfile: Type.String({ maxLength: 253, description: "key of a GPU profile in environments/platform.yaml" }),
    image: Type.Object(
      {
        tag: Type.Optional(Type.String({ pattern: "^[\\w][\\w.-]{0,127}$", hint: "use a Docker tag: letters, digits, '_', '.', '-'" })),
        digest: Type.Optional(
          Type.String({ pattern: "^sha256:[a-f0-9]{64}$", hint: "use sha256: followed by 64 lowercase hex digits" }),
        ),
      },
      { ...Strict, description: "the image version to run: tag or digest" },
    ),
    replicas: Type.Object(
      {
        min: Type.Integer({ minimum: 0, maximum: INT32_MAX, description: "fewest replicas" }),
        max: Type.Integer({ minimum: 1, maximum: INT32_MAX, description: "most replicas" }),
      },
      { ...Strict, description: "replica bounds" },
    ),
    resources: Type.Optional(Resources),
    vllm: Type.Optional(
      Type.Object(
        {
          maxModelLen: Type.Optional(Type.Integer({ minimum: 1, maximum: INT32_MAX, description: "longest sequence (prompt + output) in tokens" })),
          gpuMemoryUtilization: Type.Optional(
            Type.Number({ exclusiveMinimum: 0, maximum: 1, description: "fraction of GPU memory vLLM pre-allocates" }),
          ),
          maxNumSeqs: Type.Optional(Type.Integer({ minimum: 1, maximum: INT32_MAX, description: "most sequences in one batch (vLLM's API-server default: 256, or 1024 on GPUs of 70 GiB or more other than A100)" })),
          maxNumBatchedTokens: Type.Optional(
            Type.Integer({ minimum: 1, maximum: INT32_MAX, description: "most tokens in one scheduler step (vLLM's API-server default: 2048, or 8192 on GPUs of 70 GiB or more other than A100)" }),
          ),
        },
        Strict,
      ),
    ),
    clusters: Type.Optional(
      Type.Array(Type.String({ description: "key of one of the environment's clusters" }), {
        minItems: 1,
        description: "the clusters of the environment that run this deployment (default: all of them)",
      }),
    ),
    kserve: Type.Optional(
      Type.Object({ deploymentMode: Type.Optional(Choice(["Standard", "Knative"] as const)) }, Strict),
    ),
    autoscaling: Type.Optional(Autoscaling),
    startupTimeoutSeconds: Type.Optional(
      Type.Integer({ minimum: 60, maximum: INT32_MAX, description: "how long the model may take to load before the pod is restarted" }),
    ),
  },
  Strict,
);

export const EnvironmentSchema = Type.Object(
  {
    namespace: Label("namespace the environment's workloads run in"),
    priority: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 1000000000, description: "scheduling priority of the environment's model servers (default 100000)" }),
    ),
    clusters: Type.Array(Type.String({ description: "key of a cluster in environments/platform.yaml" }), { minItems: 1 }),
    deployments: Type.Array(DeploymentSchema),
  },
  Strict,
);

export type PlatformInput = Static<typeof PlatformSchema>;
export type GpuProfileInput = Static<typeof GpuProfileSchema>;
export type ModelInput = Static<typeof ModelSchema>;
export type ClusterInput = Static<typeof ClusterSchema>;
export type EnvironmentInput = Static<typeof EnvironmentSchema>;
export type DeploymentInput = Static<typeof DeploymentSchema>;
