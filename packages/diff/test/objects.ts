import type { KubernetesObject } from "@llm-gitops/core";

/** Small objects shaped like the renderers' output, for table-driven rule tests. */
export const obj = (apiVersion: string, kind: string, name: string, { metadata, ...rest }: Record<string, unknown> = {}): KubernetesObject =>
  ({ apiVersion, kind, metadata: { name, namespace: "llm-dev", ...(metadata as object | undefined) }, ...rest }) as KubernetesObject;

export const isvc = (name: string, o: { min?: number; max?: number; gpus?: number; image?: string; model?: string } = {}) =>
  obj("serving.kserve.io/v1beta1", "InferenceService", name, {
    metadata: { labels: { "llm-gitops.io/model": o.model ?? "qwen" } },
    spec: { predictor: { minReplicas: o.min ?? 1, maxReplicas: o.max ?? 2, containers: [{ name: "kserve-container", image: o.image ?? "img:v1", resources: { limits: { "nvidia.com/gpu": String(o.gpus ?? 1) } } }] } },
  });

export const ingress = (name: string, host: string, paths: string[]) =>
  obj("networking.k8s.io/v1", "Ingress", name, { spec: { rules: [{ host, http: { paths: paths.map((path) => ({ path, pathType: "Exact" })) } }] } });

export const httpRoute = (name: string, hostnames: string[], paths: string[]) =>
  obj("gateway.networking.k8s.io/v1", "HTTPRoute", name, { spec: { hostnames, rules: [{ matches: paths.map((value) => ({ method: "POST", path: { type: "Exact", value } })) }] } });

export const policy = (name: string, rules: unknown[] | undefined, action?: string) =>
  obj("security.istio.io/v1", "AuthorizationPolicy", name, { spec: { ...(action ? { action } : {}), ...(rules ? { rules } : {}) } });

export const rule = (principals: string[], paths: string[], methods = ["POST"]) => ({ from: [{ source: { principals } }], to: [{ operation: { paths, methods, ports: ["8080"] } }] });

export const peer = (mode: string, portLevelMtls?: Record<string, { mode: string }>) =>
  obj("security.istio.io/v1", "PeerAuthentication", "default", { spec: { mtls: { mode }, ...(portLevelMtls ? { portLevelMtls } : {}) } });

export const fluentBit = (keys: string[] | string) =>
  obj("v1", "ConfigMap", "llm-gitops-fluent-bit", {
    metadata: { namespace: "logging" },
    data: { "fluent-bit.yaml": typeof keys === "string" ? keys : `code: |\n  local REMOVE = { ${keys.map((k) => `["${k}"] = true`).join(", ")} }\n  local KEEP = { ["level"] = true }\n` },
  });

export const hpa = (target: string) => obj("autoscaling/v2", "HorizontalPodAutoscaler", `${target}-hpa`, { spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: target } } });
export const scaledObject = (target: string) => obj("keda.sh/v1alpha1", "ScaledObject", `${target}-autoscaler`, { spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: target } } });

export const addon = (name: string, o: { chart?: string; version?: string; values?: Record<string, unknown> } = {}) =>
  obj("argoproj.io/v1alpha1", "Application", name, {
    metadata: { namespace: "argocd" },
    spec: { source: { repoURL: "https://kedacore.github.io/charts", chart: o.chart ?? "keda", targetRevision: o.version ?? "2.20.2", helm: { valuesObject: o.values ?? {} } } },
  });
