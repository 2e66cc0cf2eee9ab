import type { KubernetesObject } from "@llm-gitops/core";

/**
 * The fields we emit of the CRDs in front of the models. Kong: KIC v3.5.13 CRDs (Kong/kubernetes-
 * configuration v1.5.2, /work/shared/crds/kong). Gateway API: v1.6.1 standard channel
 * (/work/shared/crds/gateway-api/standard). External Secrets: external-secrets/external-secrets
 * apis/externalsecrets/v1/externalsecret_types.go (v0.16.0, unchanged at v2.9.0).
 */

export type PluginConfig = Record<string, unknown>;

/** configuration.konghq.com/v1 KongPlugin (and KongClusterPlugin): plugin, config, configPatches at the top level. */
export interface KongPlugin extends KubernetesObject {
  plugin: string;
  config?: PluginConfig;
  /** JSON patches whose values come from a Secret in the KongPlugin's own namespace (kongplugins.yaml L90-130). */
  configPatches?: { path: string; valueFrom: { secretKeyRef: { name: string; key: string } } }[];
}

/** configuration.konghq.com/v1 KongConsumer: username, credentials (Secret names) at the top level. */
export interface KongConsumer extends KubernetesObject {
  username: string;
  credentials: string[];
}

export interface ParentReference {
  group?: string;
  kind?: string;
  namespace?: string;
  name: string;
  sectionName?: string;
}

export interface BackendRef {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
  port?: number;
}

export type HTTPMethod = "GET" | "POST";

export interface HTTPRouteRule {
  matches?: { path?: { type: "Exact" | "PathPrefix"; value: string }; method?: HTTPMethod }[];
  filters?: { type: "RequestRedirect"; requestRedirect: { scheme: "https"; hostname: string; statusCode: 308 } }[];
  backendRefs?: BackendRef[];
}

export interface HTTPRoute extends KubernetesObject {
  spec: { parentRefs: ParentReference[]; hostnames: string[]; rules: HTTPRouteRule[] };
}

export interface GatewayClass extends KubernetesObject {
  spec: { controllerName: string; description?: string };
}

export interface Listener {
  name: string;
  port: number;
  protocol: "HTTP" | "HTTPS";
  tls?: { mode: "Terminate"; certificateRefs: { kind: "Secret"; name: string }[] };
  allowedRoutes: {
    namespaces: { from: "Selector"; selector: { matchLabels: Record<string, string> } };
    kinds: { group: string; kind: "HTTPRoute" }[];
  };
}

export interface Gateway extends KubernetesObject {
  spec: { gatewayClassName: string; listeners: Listener[] };
}

/** external-secrets.io/v1 ExternalSecret: the fields we set (ESO validates that data or dataFrom is set). */
export interface ExternalSecret extends KubernetesObject {
  spec: {
    refreshInterval: string;
    secretStoreRef: { name: string; kind: "ClusterSecretStore" | "SecretStore" };
    target: { name: string; creationPolicy: "Owner"; template: { type: "Opaque"; metadata: { labels: Record<string, string> } } };
    data?: { secretKey: string; remoteRef: { key: string } }[];
    dataFrom?: { extract: { key: string } }[];
  };
}
