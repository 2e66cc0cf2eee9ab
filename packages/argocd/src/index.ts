import type { Cluster, Platform } from "@llm-gitops/config";
import { ARGOCD_OVERLAY, type KubernetesObject, type Problem } from "@llm-gitops/core";
import { API, destination, labels, projectName } from "./common.ts";
import { renderAddonProject, syncWave } from "./helm.ts";

export { ADDON_CHARTS, ADDON_LABEL, CHARTS, WAVES, syncWave, addonProjectName, helmApplication, injectedCaBundles, type ChartName, type HelmAddon, type IgnoreDifference } from "./helm.ts";
export { checkAddonSources, checkAddonValues, mergeValues, overridden, VALUES_FROM } from "./values.ts";

/**
 * What the Argo CD instance deploying to a cluster holds, in clusters/<cluster>/argocd/: a project
 * that confines it, one ApplicationSet that makes an Application of every overlay of the cluster,
 * and the root Application that syncs this overlay itself (app of apps; bootstrap with
 * `kubectl apply -k clusters/<cluster>/argocd`). Argo CD v3.5.1 field names throughout
 * (manifests/crds/*-crd.yaml; docs/operator-manual/applicationset/Generators-Git.md).
 *
 * An ApplicationSet with a git directories generator, not an Application per overlay: adding an
 * environment to a cluster adds its overlay directory and nothing here, so an edit to an
 * environment file never touches the Argo CD objects (the layout's locality promise).
 */

/** Deleting an Application deletes what it deployed (Argo CD docs: app_deletion.md). */
const FINALIZER = "resources-finalizer.argocd.argoproj.io";

export { projectName };
const overlay = (cluster: Cluster, name: string) => `clusters/${cluster.name}/${name}`;

/**
 * Kinds the project lets its Applications create: everything llm-gitops renders, and nothing else
 * (an environment file cannot smuggle in, say, a ClusterRoleBinding). Cluster-scoped ones apart.
 */
export const CLUSTER_KINDS: readonly { group: string; kind: string }[] = [
  { group: "", kind: "Namespace" },
  { group: "scheduling.k8s.io", kind: "PriorityClass" },
  { group: "gateway.networking.k8s.io", kind: "GatewayClass" },
];
export const NAMESPACED_KINDS: readonly { group: string; kind: string }[] = [
  { group: "", kind: "ConfigMap" },
  { group: "", kind: "Service" },
  { group: "", kind: "ServiceAccount" },
  { group: "", kind: "PersistentVolumeClaim" },
  { group: "policy", kind: "PodDisruptionBudget" },
  { group: "autoscaling", kind: "HorizontalPodAutoscaler" },
  { group: "networking.k8s.io", kind: "Ingress" },
  { group: "networking.k8s.io", kind: "NetworkPolicy" },
  { group: "serving.kserve.io", kind: "InferenceService" },
  { group: "keda.sh", kind: "ScaledObject" },
  { group: "monitoring.coreos.com", kind: "PodMonitor" },
  { group: "monitoring.coreos.com", kind: "ServiceMonitor" },
  { group: "monitoring.coreos.com", kind: "PrometheusRule" },
  { group: "security.istio.io", kind: "PeerAuthentication" },
  { group: "security.istio.io", kind: "AuthorizationPolicy" },
  { group: "configuration.konghq.com", kind: "KongPlugin" },
  { group: "configuration.konghq.com", kind: "KongConsumer" },
  { group: "gateway.networking.k8s.io", kind: "Gateway" },
  { group: "gateway.networking.k8s.io", kind: "HTTPRoute" },
  { group: "external-secrets.io", kind: "ExternalSecret" },
];

export function renderAppProject(cluster: Cluster, platform: Platform): KubernetesObject {
  return {
    apiVersion: API,
    kind: "AppProject",
    metadata: { name: projectName(cluster), namespace: cluster.argocd.namespace, labels, annotations: syncWave("project") },
    spec: {
      description: `llm-gitops overlays of cluster ${cluster.name}`,
      sourceRepos: [platform.repository],
      destinations: [{ ...destination(cluster), namespace: "*" }],
      clusterResourceWhitelist: CLUSTER_KINDS,
      namespaceResourceWhitelist: NAMESPACED_KINDS,
    },
  } as KubernetesObject;
}

/**
 * One Application per overlay directory of the cluster (the platform overlay and each
 * environment's), except the argocd overlay, which the root Application syncs. Automated sync
 * prunes what the tree no longer has and undoes drift; server-side apply (CRDs such as the
 * InferenceService are too large for client-side apply's last-applied annotation); server-side
 * diff with mutation webhooks, so KServe's defaulting webhook does not show as drift
 * (docs/user-guide/diff-strategies.md). Argo CD applies Namespaces and CRDs before the objects
 * in them within an application (its kind order), which is what our overlays need.
 */
export function renderApplicationSet(cluster: Cluster, platform: Platform): KubernetesObject {
  return {
    apiVersion: API,
    kind: "ApplicationSet",
    // After the add-ons: an overlay's kinds are theirs (InferenceService, KongPlugin, …).
    metadata: { name: projectName(cluster), namespace: cluster.argocd.namespace, labels, annotations: syncWave("overlays") },
    spec: {
      goTemplate: true,
      goTemplateOptions: ["missingkey=error"],
      generators: [
        {
          git: {
            repoURL: platform.repository,
            revision: platform.revision,
            directories: [{ path: overlay(cluster, "*") }, { path: overlay(cluster, ARGOCD_OVERLAY), exclude: true }],
          },
        },
      ],
      template: {
        metadata: {
          name: `${cluster.name}-{{.path.basename}}`,
          labels: { ...labels, "llm-gitops.io/cluster": cluster.name },
          annotations: { "argocd.argoproj.io/compare-options": "ServerSideDiff=true,IncludeMutationWebhook=true" },
          finalizers: [FINALIZER],
        },
        spec: {
          project: projectName(cluster),
          source: { repoURL: platform.repository, targetRevision: platform.revision, path: "{{.path.path}}" },
          destination: destination(cluster),
          syncPolicy: {
            automated: { prune: true, selfHeal: true },
            syncOptions: ["ServerSideApply=true", "PruneLast=true"],
            retry: { limit: 5, backoff: { duration: "30s", factor: 2, maxDuration: "10m" } },
          },
        },
      },
    },
  } as KubernetesObject;
}

/** The root: syncs clusters/<cluster>/argocd (this project, the ApplicationSet, itself) into Argo CD's own cluster. */
export function renderRootApplication(cluster: Cluster, platform: Platform): KubernetesObject {
  return {
    apiVersion: API,
    kind: "Application",
    metadata: { name: `${projectName(cluster)}-root`, namespace: cluster.argocd.namespace, labels, finalizers: [FINALIZER] },
    spec: {
      project: "default",
      source: { repoURL: platform.repository, targetRevision: platform.revision, path: overlay(cluster, ARGOCD_OVERLAY) },
      // The Argo CD objects live where Argo CD runs, whichever cluster it deploys to.
      destination: { server: "https://kubernetes.default.svc", namespace: cluster.argocd.namespace },
      syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ["ServerSideApply=true"] },
    },
  } as KubernetesObject;
}

export function renderArgoCd(cluster: Cluster, platform: Platform): KubernetesObject[] {
  return [renderAppProject(cluster, platform), ...renderAddonProject(cluster), renderApplicationSet(cluster, platform), renderRootApplication(cluster, platform)];
}

/** What the check reads of a render: each overlay's cluster and objects (render's Truth fits). */
export interface Overlay {
  cluster: string;
  environment: string;
  objects: readonly { object: KubernetesObject; origin: { at(sub?: readonly (string | number)[]): Location } }[];
}
type Location = { file: string; line: number; col: number; path: string };

const groupOf = (apiVersion: string) => (apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "");
const listed = (kinds: readonly { group: string; kind: string }[], o: KubernetesObject) => kinds.some((k) => k.kind === o.kind && k.group === groupOf(o.apiVersion));

/**
 * Argo CD refuses to sync a kind its project does not whitelist (the Application stays OutOfSync
 * with "resource … is not permitted in project"): every object rendered into an overlay the
 * ApplicationSet picks up must be of a listed kind.
 */
export function checkProjectKinds(truths: readonly Overlay[]): Problem[] {
  const problems: Problem[] = [];
  for (const t of truths) {
    if (t.environment === ARGOCD_OVERLAY) continue;
    for (const { object, origin } of t.objects) {
      if (listed(NAMESPACED_KINDS, object) || listed(CLUSTER_KINDS, object)) continue;
      problems.push({ ...origin.at(), message: `${object.kind} ${object.metadata.name} (${object.apiVersion}) is not a kind the Argo CD project of cluster "${t.cluster}" permits; add it to @llm-gitops/argocd's kind lists` });
    }
  }
  return problems;
}
