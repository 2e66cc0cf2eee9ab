import { MANAGED_BY } from "@llm-gitops/core";
import type { Cluster, Deployment, Environment, EnvironmentGateway, KongGateway } from "@llm-gitops/config";

/**
 * Names and annotation keys the Kong objects agree on. Annotation keys: Kong/kubernetes-ingress-
 * controller v3.5.13 internal/annotations/annotations.go L40-81 (prefix konghq.com).
 */
export const PLUGINS = "konghq.com/plugins";
export const INGRESS_CLASS = "kubernetes.io/ingress.class";
/** Kong proxies to the Service's ClusterIP, not pod IPs (annotations.go L197-200 HasServiceUpstreamAnnotation). */
export const SERVICE_UPSTREAM = "ingress.kubernetes.io/service-upstream";
/** Secret label KIC reads a credential's type from (internal/labels/labels.go). */
export const CREDENTIAL_LABEL = "konghq.com/credential";
export const KONG_API = "configuration.konghq.com/v1";
export const GATEWAY_API = "gateway.networking.k8s.io/v1";
export const GATEWAY_GROUP = "gateway.networking.k8s.io";
/** Our Service's port: Kong targets <svc>.<ns>.svc:<port> with service-upstream (translate_upstreams.go L285). */
export const SERVICE_PORT = 80;

/** The OpenAI API paths vLLM serves for a model's task, and the model list. */
export function apiPaths(d: Deployment): { post: string[]; get: string[] } {
  const post = d.model.task === "embed" ? ["/v1/embeddings"] : ["/v1/chat/completions", "/v1/completions"];
  return { post, get: ["/v1/models"] };
}

/**
 * Our Service, Ingress and HTTPRoute of a deployment. Not `<isvc>`: KServe's raw mode creates its own
 * Ingress or HTTPRoute by that name unless ingress creation is disabled; not `<isvc>-predictor`:
 * KServe owns that Service.
 */
export const routeName = (d: Deployment) => `${d.name}-api`;
export const redirectName = (d: Deployment) => `${d.name}-api-https-redirect`;

export const authPluginName = (g: EnvironmentGateway) => `llm-${g.authentication}`;
export const ACL_PLUGIN = "llm-acl";
export const DEFAULT_RATE_LIMIT_PLUGIN = "llm-rate-limit";
export const tierPluginName = (tier: string) => `llm-rate-limit-${tier}`;
export const REQUEST_SIZE_PLUGIN = "llm-request-size";
export const CORRELATION_PLUGIN = "llm-correlation-id";
export const PROMETHEUS_PLUGIN = "llm-prometheus";

/** Every plugin a route carries, in the order KIC's annotation lists them (Kong orders by priority anyway). */
export function routePlugins(g: EnvironmentGateway): string[] {
  return [authPluginName(g), ACL_PLUGIN, DEFAULT_RATE_LIMIT_PLUGIN, REQUEST_SIZE_PLUGIN, CORRELATION_PLUGIN, PROMETHEUS_PLUGIN];
}

/** Consumers are global in Kong: the environment in the username keeps two environments' tenants apart. */
export const consumerUsername = (env: Environment, tenant: string) => `${env.name}.${tenant}`;
/** The ACL group of an environment's consumers, and the Secret that gives it to them. */
export const aclGroup = (env: Environment) => env.name;
export const aclSecretName = (env: Environment) => `llm-acl-${env.name}`;

/** The cluster's shared Gateway is named after its GatewayClass: one Gateway per class and cluster. */
export const gatewayName = (gw: KongGateway) => gw.className;

export function labels(component: string, instance?: string): Record<string, string> {
  return { "app.kubernetes.io/component": component, ...(instance ? { "app.kubernetes.io/instance": instance } : {}), "app.kubernetes.io/managed-by": MANAGED_BY };
}

export const runsOn = (d: Deployment, cluster: Cluster) => d.clusters.some((c) => c.name === cluster.name);

/** A deployment Kong routes to on this cluster: both gateways declared, Standard mode (Knative is refused by the check). */
export function routed(env: Environment, cluster: Cluster, d: Deployment): boolean {
  return !!cluster.gateway && !!env.gateway && !!d.route && d.deploymentMode === "Standard" && runsOn(d, cluster);
}

export const routesOn = (env: Environment, cluster: Cluster) => env.deployments.some((d) => routed(env, cluster, d));
