import { apiGroup, type KubernetesObject } from "./object.ts";

/**
 * Documents are sorted by this kind order, then by namespace and name: dependencies first
 * (namespaces, identities, config) and workloads and their scalers after, as people read them.
 */
export const KIND_ORDER: readonly string[] = [
  "CustomResourceDefinition",
  "Namespace",
  "ServiceAccount",
  "ClusterRole",
  "ClusterRoleBinding",
  "Role",
  "RoleBinding",
  "PriorityClass",
  "ConfigMap",
  "Secret",
  "ExternalSecret",
  "PersistentVolumeClaim",
  "PeerAuthentication",
  "AuthorizationPolicy",
  "NetworkPolicy",
  "ServingRuntime",
  "Service",
  "Deployment",
  "InferenceService",
  "HorizontalPodAutoscaler",
  "ScaledObject",
  "PodDisruptionBudget",
  "KongPlugin",
  "KongClusterPlugin",
  "KongConsumer",
  "Ingress",
  "GatewayClass",
  "Gateway",
  "HTTPRoute",
  "ServiceMonitor",
  "PodMonitor",
  "PrometheusRule",
  "AppProject",
  "Application",
  "ApplicationSet",
];

function kindRank(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareObjects(a: KubernetesObject, b: KubernetesObject): number {
  return (
    kindRank(a.kind) - kindRank(b.kind) ||
    cmp(a.kind, b.kind) ||
    cmp(apiGroup(a.apiVersion), apiGroup(b.apiVersion)) ||
    cmp(a.metadata.namespace ?? "", b.metadata.namespace ?? "") ||
    cmp(a.metadata.name, b.metadata.name)
  );
}

export function sortObjects<T extends KubernetesObject>(objects: readonly T[]): T[] {
  return [...objects].sort(compareObjects);
}

/** File name for one object: `<kind>-<name>.yaml`, lower case. */
export function objectFileName(o: KubernetesObject): string {
  const ns = o.metadata.namespace ? `${o.metadata.namespace}-` : "";
  return `${o.kind.toLowerCase()}-${ns}${o.metadata.name}.yaml`;
}
