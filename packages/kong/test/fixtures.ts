import type { Cluster, Deployment, Environment, EnvironmentGateway, KongGateway } from "@llm-gitops/config";
import { deployment, environment, gateway, meshCluster } from "@llm-gitops/config/testing";
import type { KubernetesObject } from "@llm-gitops/core";

/** A cluster behind Kong, with gateway settings overridden. */
export function kongCluster(routes: "ingress" | "gateway-api" = "ingress", over: Partial<KongGateway> = {}, name = "prod-a"): Cluster {
  const c = meshCluster(name, routes);
  return { ...c, gateway: { ...c.gateway!, ...over } };
}

/** The prod environment on `cluster`, exposing its deployments on llm.example.com. */
export function gatewayEnv(cluster: Cluster, g: Partial<EnvironmentGateway> = {}, deployments?: Deployment[]): Environment {
  const ds = (deployments ?? [deployment()]).map((d) => ({ ...d, clusters: [cluster], route: d.route ?? { host: g.host ?? "llm.example.com" } }));
  return { ...environment(ds), clusters: [cluster], gateway: gateway(g) };
}

/** Looks an object up by kind and name; fails the test when absent. */
export function get<T = KubernetesObject>(objects: readonly KubernetesObject[], kind: string, name: string): T {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(", ")}`);
  return found as T;
}

export const LABELS = { "app.kubernetes.io/component": "gateway", "app.kubernetes.io/managed-by": "llm-gitops" };
export const DEPLOYMENT_LABELS = { "app.kubernetes.io/component": "gateway", "app.kubernetes.io/instance": "qwen-chat", "app.kubernetes.io/managed-by": "llm-gitops" };
