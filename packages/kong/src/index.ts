import type { Cluster, Deployment, Environment } from "@llm-gitops/config";
import type { KubernetesObject } from "@llm-gitops/core";
import { renderGateway, renderGatewayClass } from "./cluster.ts";
import { renderConsumers, renderExternalSecrets } from "./consumers.ts";
import { routed, routesOn } from "./names.ts";
import { renderPlugins } from "./plugins.ts";
import { renderRoute } from "./routes.ts";

export { checkGateway, checkGatewayDeployment, checkSecrets, checkPayloadLogging, checkHosts } from "./checks.ts";
export { checkBackends, checkPluginRefs, type Overlay } from "./references.ts";
export { renderService, renderIngress, renderHttpRoutes } from "./routes.ts";
export { renderPlugins } from "./plugins.ts";
export { renderConsumers, renderExternalSecrets } from "./consumers.ts";
export { renderGateway, renderGatewayClass, KIC_CONTROLLER } from "./cluster.ts";
export * from "./names.ts";
export { renderKongAddon, KONG_RELEASE } from "./addon.ts";
export type * from "./types.ts";

/**
 * Kong in front of the models (KIC 3.x, Kong Gateway 3.9 OSS). Nothing is rendered unless both the
 * cluster (gateway.kong in platform.yaml) and the environment (gateway) declare one, and the
 * environment routes a deployment on the cluster.
 */

/** Once per environment and cluster: plugins, tenants and their credentials' sources. */
export function renderGatewayEnvironment(env: Environment, cluster: Cluster): KubernetesObject[] {
  if (!cluster.gateway || !env.gateway || !routesOn(env, cluster)) return [];
  return [...renderPlugins(env, cluster.gateway), ...renderConsumers(env, cluster.gateway), ...renderExternalSecrets(env, cluster.gateway)];
}

/** Once per deployment: our Service and its route (Ingress or HTTPRoute). */
export function renderGatewayDeployment(env: Environment, cluster: Cluster, d: Deployment): KubernetesObject[] {
  return routed(env, cluster, d) ? renderRoute(env, cluster, d) : [];
}

/** Once per cluster (platform overlay): the GatewayClass and shared Gateway, for Gateway API routes. */
/**
 * The cluster's GatewayClass and Gateway follow from platform.yaml alone (the pipeline calls this
 * only for a cluster some environment runs on): an edit to an environment file never changes the
 * cluster's platform overlay.
 */
export function renderGatewayCluster(cluster: Cluster, _environments: Environment[]): KubernetesObject[] {
  const gw = cluster.gateway;
  if (!gw || gw.routes !== "gateway-api") return [];
  return [renderGatewayClass(gw), renderGateway(gw)];
}
