import type { Cluster, Deployment, Environment, EnvironmentGateway, GpuProfile, Model, Origin } from "./model.ts";

/** Small resolved inputs for tests of the packages that render them. */

export function testOrigin(file = "environments/prod.yaml", path = "deployments[0]"): Origin {
  return {
    file,
    path,
    at: (sub = []) => ({ file, line: 1, col: 1, path: [path, ...sub.map(String)].filter(Boolean).join(".") }),
  };
}

export const qwen25: Model = {
  name: "qwen2.5-7b-instruct-awq",
  source: "Qwen/Qwen2.5-7B-Instruct-AWQ",
  vllmVersion: "0.10.2",
  weightBytes: 5_580_000_000,
  storage: { kind: "image" },
  servedName: "qwen2.5-7b-instruct",
  image: { repository: "ghcr.io/example-org/vllm-qwen", baseSizeGiB: 30 },
  // Qwen/Qwen2.5-7B-Instruct config.json.
  architecture: { parameters: 7.6e9, layers: 28, attentionHeads: 28, kvHeads: 4, headDim: 128, hiddenSize: 3584, vocabSize: 152064, contextLength: 32768 },
  quantization: { method: "awq", bits: 4 },
  dtype: "half",
  trustRemoteCode: false,
  task: "generate",
};

export const a10g: GpuProfile = {
  name: "a10g-24gb",
  gpu: { product: "NVIDIA-A10G", memoryGiB: 24, usableGiB: 21.98, count: 1, computeCapability: "8.6" },
  tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
  podResources: { cpu: "6", memory: "24Gi" },
  mig: false,
  overheadGiB: 0.5,
  origin: testOrigin("environments/platform.yaml", 'gpuProfiles["a10g-24gb"]'),
};

export function deployment(over: Partial<Deployment> = {}): Deployment {
  return {
    name: "qwen-chat",
    model: qwen25,
    gpuProfile: a10g,
    image: { repository: qwen25.image.repository, tag: "v1" },
    replicas: { min: 3, max: 20 },
    clusters: [cluster()],
    resources: { requests: { cpu: "6", memory: "24Gi" }, limits: { cpu: "6", memory: "24Gi" }, at: testOrigin().at(["resources"]) },
    vllm: { maxModelLen: 8192, gpuMemoryUtilization: 0.9 },
    deploymentMode: "Standard",
    autoscaling: {
      metric: "queueDepth",
      target: 2,
      scaleUp: { stabilizationWindowSeconds: 0, pods: 2, periodSeconds: 60 },
      scaleDown: { stabilizationWindowSeconds: 600, pods: 1, periodSeconds: 180 },
      scaler: "hpa",
    },
    startupTimeoutSeconds: 900,
    origin: testOrigin(),
    ...over,
  };
}

export function cluster(version = "0.16.0", name = "prod-a"): Cluster {
  return {
    name,
    provider: "eks",
    region: "us-east-1",
    kserve: { version },
    argocd: { name, namespace: "argocd" },
    addons: {},
    versions: { kubernetes: "1.33.1", kserve: version, keda: "2.20.2", argocd: "3.5.1", prometheusOperator: "0.93.0" },
    gpuNodeLabels: "gpu-feature-discovery",
    nodePools: [
      {
        name: "gpu",
        gpuProfile: "a10g-24gb",
        instanceType: "g5.2xlarge",
        gpusPerNode: 1,
        minNodes: 0,
        maxNodes: 20,
        pricePerHour: 1.212,
        allocatable: { cpu: "7910m", memory: "28Gi", ephemeralStorage: "95Gi" },
      },
    ],
    prometheus: { url: "http://prometheus-operated.monitoring.svc:9090", adapterNamespace: "monitoring", monitorLabels: { release: "kube-prometheus-stack" }, namespace: "monitoring" },
    origin: testOrigin("environments/platform.yaml", `clusters["${name}"]`),
  };
}

export function environment(deployments: Deployment[] = [deployment()]): Environment {
  return {
    name: "prod",
    file: "environments/prod.yaml",
    namespace: "llm-prod",
    clusters: [cluster()],
    deployments,
    priority: 100000,
    slo: { timeToFirstTokenSeconds: 2, interTokenLatencySeconds: 0.1, endToEndSeconds: 60, errorRatio: 0.01, queueDepth: 10, kvCacheUsage: 0.95, gpuUtilization: 95 },
    origin: testOrigin("environments/prod.yaml", ""),
    namespaceAt: { line: 1, col: 1 },
  };
}

/** A cluster in an Istio mesh behind Kong (Ingress routes unless told otherwise). */
export function meshCluster(name = "prod-a", routes: "ingress" | "gateway-api" = "ingress"): Cluster {
  return {
    ...cluster("0.16.0", name),
    versions: { ...cluster("0.16.0", name).versions, istio: "1.30.3", kong: "3.5.13", gatewayApi: "1.6.1" },
    mesh: { version: "1.30.3", trustDomain: "cluster.local", rootNamespace: "istio-system", meshWideStrict: false },
    gateway: {
      version: "3.5.13",
      namespace: "kong",
      serviceAccount: "kong-gateway",
      routes,
      className: "kong",
      gatewayApiVersion: "1.6.1",
      rateLimiting: { policy: "local" },
    },
  };
}

/** An environment's public API with two tiers and one key-auth consumer. */
export function gateway(over: Partial<EnvironmentGateway> = {}): EnvironmentGateway {
  return {
    host: "llm.example.com",
    authentication: "key-auth",
    maxRequestMegabytes: 8,
    tiers: { standard: { minute: 60 }, premium: { minute: 600, hour: 20000 } },
    defaultTier: "standard",
    consumers: [{ name: "acme", tier: "premium", credentials: [{ secret: "acme-api-key" }] }],
    origin: testOrigin("environments/prod.yaml", "gateway"),
    ...over,
  };
}

/** A cluster with Grafana's dashboard sidecar, the GPU Operator's DCGM exporter and Fluent Bit shipping to Loki. */
export function observedCluster(name = "prod-a"): Cluster {
  const c = meshCluster(name);
  return {
    ...c,
    prometheus: { ...c.prometheus, dcgmExporter: { namespace: "gpu-operator", serviceLabels: { app: "nvidia-dcgm-exporter" }, port: "gpu-metrics" } },
    grafana: { namespace: "monitoring", dashboardLabels: { grafana_dashboard: "1" } },
    logging: { fluentBit: { version: "3.2.10", namespace: "logging" }, output: { kind: "loki", url: "http://loki-gateway.logging.svc" }, removeKeys: [] },
  };
}
