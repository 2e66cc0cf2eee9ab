import type { Cluster, Deployment, Environment } from "@llm-gitops/config";
import { MANAGED_BY, MESH_MERGED_METRICS, VLLM_PORT, type KubernetesObject } from "@llm-gitops/core";

/** The fields of security.istio.io/v1 PeerAuthentication we emit (istio/api 1.30.3 security/v1beta1/peer_authentication.proto). */
export interface PeerAuthentication extends KubernetesObject {
  apiVersion: "security.istio.io/v1";
  kind: "PeerAuthentication";
  spec: {
    selector?: { matchLabels: Record<string, string> };
    mtls?: { mode: MtlsMode };
    portLevelMtls?: Record<string, { mode: MtlsMode }>;
  };
}
export type MtlsMode = "UNSET" | "DISABLE" | "PERMISSIVE" | "STRICT";

/** The fields of security.istio.io/v1 AuthorizationPolicy we emit (istio/api 1.30.3 security/v1beta1/authorization_policy.proto). */
export interface AuthorizationPolicy extends KubernetesObject {
  apiVersion: "security.istio.io/v1";
  kind: "AuthorizationPolicy";
  spec: {
    selector?: { matchLabels: Record<string, string> };
    action?: "ALLOW" | "DENY" | "AUDIT" | "CUSTOM";
    rules?: AuthorizationRule[];
  };
}
export interface AuthorizationRule {
  from?: { source: { principals?: string[]; namespaces?: string[] } }[];
  /** Ports are strings in the API (`repeated string ports`), matched against the connection's port at the pod. */
  to?: { operation: { methods?: string[]; paths?: string[]; ports?: string[] } }[];
}

export const ISTIO_SECURITY = "security.istio.io/v1";
export const managedLabels = (): Record<string, string> => ({ "app.kubernetes.io/managed-by": MANAGED_BY });

/** The namespace Knative's activator and autoscaler run in. */
export const KNATIVE_NAMESPACE = "knative-serving";
/**
 * queue-proxy's ports (knative/serving knative-v1.17.0 = v0.44.0, the version KServe 0.15.2 and
 * 0.16.0 pin in go.mod; pkg/networking/constants.go): BackendHTTPPort 8012 serves HTTP/1 requests
 * (our container port is named http1), AutoscalingQueueMetricsPort 9090 is what the autoscaler
 * scrapes (pkg/autoscaler/metrics/stats_scraper.go `portAndPath`). queue-proxy forwards to vLLM on
 * localhost, which the sidecar does not capture, so 8012 is the port the mesh and the CNI see.
 */
export const QUEUE_PROXY_PORT = 8012;
export const QUEUE_METRICS_PORT = 9090;
/** The activator probes pods on queue-proxy with this path (knative/networking pkg/http/constants.go HealthCheckPath). */
export const KNATIVE_HEALTH_PATH = "/healthz";

/**
 * Sidecars fetch config and certificates from istiod on 15012 (istio 1.30.3 pkg/config/mesh/mesh.go
 * DiscoveryAddress "istiod.istio-system.svc:15012"; the istiod Service maps 15012 to the same pod port).
 */
export const ISTIOD_XDS_PORT = 15012;

export const isPlaced = (d: Deployment, cluster: Cluster) => d.clusters.some((c) => c.name === cluster.name);
export const placed = (env: Environment, cluster: Cluster) => env.deployments.filter((d) => isPlaced(d, cluster));
/** Kong routes to the environment's models on this cluster. */
export const routed = (env: Environment, cluster: Cluster) => Boolean(cluster.gateway && env.gateway);
/**
 * Kong calls this deployment's pods itself: Standard mode only. In Knative mode requests must pass
 * the activator and queue-proxy (Kong would bypass Knative's scaling), and @llm-gitops/kong refuses
 * a Knative deployment behind the gateway (checkGatewayDeployment), so Kong is never let in there.
 */
export const gatewayCalls = (env: Environment, cluster: Cluster, d: Deployment) => routed(env, cluster) && d.deploymentMode === "Standard";

/** Where requests reach a predictor pod: vLLM itself, or queue-proxy in front of it in Knative mode. */
export const inferencePort = (mode: Deployment["deploymentMode"]) => (mode === "Knative" ? QUEUE_PROXY_PORT : VLLM_PORT);

/**
 * Where Prometheus scrapes a predictor pod: in a mesh the sidecar agent's merged endpoint (:15020,
 * excluded from Envoy's inbound capture, so neither mTLS nor AuthorizationPolicy applies; only
 * NetworkPolicy does: istio 1.30.3 files/injection-template.yaml (istio-init -d 15090,15021,<statusPort>) and
 * pkg/kube/inject/template.go excludeInboundPort), else vLLM's own /metrics on 8080.
 */
export const metricsPort = (cluster: Cluster) => (cluster.mesh ? MESH_MERGED_METRICS.port : VLLM_PORT);

export const principal = (trustDomain: string, namespace: string, serviceAccount: string) => `${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;

/** Kong's identity in the mesh, when the cluster has a mesh and a gateway. */
export function gatewayPrincipal(cluster: Cluster): string | undefined {
  if (!cluster.mesh || !cluster.gateway) return undefined;
  return principal(cluster.mesh.trustDomain, cluster.gateway.namespace, cluster.gateway.serviceAccount);
}
