import type { Cluster, Deployment, Environment } from "@llm-gitops/config";
import type { KubernetesObject } from "@llm-gitops/core";
import { allowNothing, deploymentPolicy, meshClusterObjects, peerAuthentication } from "./mesh.ts";
import { networkPolicies } from "./network-policy.ts";
import { isPlaced, placed } from "./types.ts";

export { checkMesh, type Overlay, type OverlayObject } from "./checks.ts";
export { ingressAllowed, selects, type Mode, type Peer, type Target } from "./evaluate.ts";
export { apiOperations } from "./mesh.ts";
export { NAMESPACE_NAME_LABEL, PREDICTOR_PODS } from "./network-policy.ts";
export * from "./types.ts";

/**
 * Once per environment and cluster, for environments serving on it: NetworkPolicies always; in a
 * mesh also namespace-wide STRICT mTLS and deny-by-default authorization.
 */
export function renderMeshEnvironment(env: Environment, cluster: Cluster): KubernetesObject[] {
  if (placed(env, cluster).length === 0) return [];
  const mesh = cluster.mesh ? [peerAuthentication(env.namespace, "STRICT"), allowNothing(env.namespace)] : [];
  return [...mesh, ...networkPolicies(env, cluster)];
}

/** Per deployment in a mesh: the AuthorizationPolicy that lets its callers reach its predictor pods. */
export function renderMeshDeployment(env: Environment, cluster: Cluster, d: Deployment): KubernetesObject[] {
  if (!cluster.mesh || !isPlaced(d, cluster)) return [];
  const policy = deploymentPolicy(env, cluster, d);
  return policy ? [policy] : [];
}

/** Cluster-wide: mesh-wide STRICT (when asked for), Kong's namespace in the mesh. */
export { renderIstioAddons } from "./addon.ts";

export function renderMeshCluster(cluster: Cluster, _environments: Environment[]): KubernetesObject[] {
  return meshClusterObjects(cluster);
}
