import type { Addons, Cluster } from "@llm-gitops/config";
import type { KubernetesObject } from "@llm-gitops/core";
import { API, destination, labels, projectName } from "./common.ts";
import { mergeValues, VALUES_FROM } from "./values.ts";

/**
 * Argo CD Applications of upstream Helm charts: the cluster add-ons. Each component renders the
 * add-ons its objects need with values that agree with what it renders (the adapter's rules, Fluent
 * Bit's ConfigMap, Kong's ServiceAccount); this module only knows where charts come from and how an
 * add-on Application is shaped. Argo CD v3.5.1 field names (manifests/crds/application-crd.yaml).
 */

/** Where each chart is published. Argo CD takes an OCI registry's repoURL without its scheme. */
export const CHARTS = {
  certManager: { repoURL: "https://charts.jetstack.io", chart: "cert-manager" },
  kserveCrd: { repoURL: "ghcr.io/kserve/charts", chart: "kserve-crd" },
  kserve: { repoURL: "ghcr.io/kserve/charts", chart: "kserve" },
  keda: { repoURL: "https://kedacore.github.io/charts", chart: "keda" },
  prometheusAdapter: { repoURL: "https://prometheus-community.github.io/helm-charts", chart: "prometheus-adapter" },
  dcgmExporter: { repoURL: "https://nvidia.github.io/dcgm-exporter/helm-charts", chart: "dcgm-exporter" },
  fluentBit: { repoURL: "https://fluent.github.io/helm-charts", chart: "fluent-bit" },
  kong: { repoURL: "https://charts.konghq.com", chart: "ingress" },
  istioBase: { repoURL: "https://istio-release.storage.googleapis.com/charts", chart: "base" },
  istiod: { repoURL: "https://istio-release.storage.googleapis.com/charts", chart: "istiod" },
} as const satisfies Record<string, { repoURL: string; chart: string }>;

export type ChartName = keyof typeof CHARTS;

/**
 * Sync waves of the argocd overlay (the root Application applies lower waves first): projects,
 * then what brings CRDs and certificates, then the controllers that use them, then the overlays.
 */
export const WAVES = { project: -3, crds: -2, controllers: -1, addons: 0, overlays: 1 } as const;

/** The annotation placing an object of the argocd overlay in its wave. */
export const syncWave = (wave: keyof typeof WAVES) => ({ "argocd.argoproj.io/sync-wave": String(WAVES[wave]) });

export type IgnoreDifference = {
  group: string;
  kind: string;
  name?: string;
  jsonPointers?: string[];
  jqPathExpressions?: string[];
};

export interface HelmAddon {
  /** The Application is `<cluster>-<name>`; also the Helm release name unless `releaseName`. */
  name: string;
  chart: ChartName;
  version: string;
  namespace: string;
  /** llm-gitops's values; the cluster's `addons.<valuesFrom>.values` are merged under them. */
  values: Record<string, unknown>;
  valuesFrom?: keyof Addons;
  wave: keyof typeof WAVES;
  releaseName?: string;
  /** Fields a controller of the add-on writes after install (webhook CA bundles), not drift. */
  ignoreDifferences?: IgnoreDifference[];
  /** Another Application creates the namespace (with labels the add-on depends on). */
  namespaceExists?: boolean;
}

/** The label an add-on Application carries, valued with its name (`<cluster>-<name>` is the Application's). */
export const ADDON_LABEL = "llm-gitops.io/addon";

export const addonProjectName = (cluster: Cluster) => `${projectName(cluster)}-addons`;

/**
 * No resources finalizer: removing an add-on from platform.yaml leaves it installed. Deleting a
 * CRD deletes every object of its kind (every InferenceService with KServe's), which must be a
 * deliberate act, not a side effect of a pull request.
 */
export function helmApplication(cluster: Cluster, addon: HelmAddon): KubernetesObject {
  const { repoURL, chart } = CHARTS[addon.chart];
  const user = addon.valuesFrom ? cluster.addons[addon.valuesFrom]?.values : undefined;
  return {
    apiVersion: API,
    kind: "Application",
    metadata: {
      name: `${cluster.name}-${addon.name}`,
      namespace: cluster.argocd.namespace,
      labels: { ...labels, "llm-gitops.io/cluster": cluster.name, [ADDON_LABEL]: addon.name, ...(user ? { [VALUES_FROM]: addon.valuesFrom! } : {}) },
      annotations: syncWave(addon.wave),
    },
    spec: {
      project: addonProjectName(cluster),
      source: { repoURL, chart, targetRevision: addon.version, helm: { releaseName: addon.releaseName ?? addon.name, valuesObject: user ? mergeValues(user, addon.values) : addon.values } },
      destination: { ...destination(cluster), namespace: addon.namespace },
      ...(addon.ignoreDifferences?.length ? { ignoreDifferences: addon.ignoreDifferences } : {}),
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        // Server-side apply: CRDs such as KServe's exceed client-side apply's annotation limit.
        syncOptions: [
          ...(addon.namespaceExists ? [] : ["CreateNamespace=true"]),
          "ServerSideApply=true",
          ...(addon.ignoreDifferences?.length ? ["RespectIgnoreDifferences=true"] : []),
        ],
        retry: { limit: 10, backoff: { duration: "30s", factor: 2, maxDuration: "10m" } },
      },
    },
  } as KubernetesObject;
}

/** The charts each add-on of platform.yaml installs. */
export const ADDON_CHARTS: Record<keyof Addons, readonly ChartName[]> = {
  certManager: ["certManager"],
  kserve: ["kserveCrd", "kserve"],
  keda: ["keda"],
  prometheusAdapter: ["prometheusAdapter"],
  dcgmExporter: ["dcgmExporter"],
  fluentBit: ["fluentBit"],
  kong: ["kong"],
  istio: ["istioBase", "istiod"],
};

/**
 * The add-ons' own project: their charts' repositories only, this cluster only, and every kind,
 * since charts install CRDs, RBAC, webhooks and API services (an add-on is a cluster-admin install
 * by nature; what it may install is decided by its pinned chart version, reviewed in platform.yaml).
 * Kept apart from the overlays' project, whose kind list stays narrow.
 */
export function renderAddonProject(cluster: Cluster): KubernetesObject[] {
  const keys = (Object.keys(cluster.addons) as (keyof Addons)[]).filter((k) => cluster.addons[k]);
  if (!keys.length) return [];
  const repos = [...new Set(keys.flatMap((k) => ADDON_CHARTS[k].map((c) => CHARTS[c].repoURL)))].sort();
  return [
    {
      apiVersion: API,
      kind: "AppProject",
      metadata: { name: addonProjectName(cluster), namespace: cluster.argocd.namespace, labels, annotations: syncWave("project") },
      spec: {
        description: `cluster add-ons of ${cluster.name} (upstream Helm charts pinned in platform.yaml)`,
        sourceRepos: repos,
        destinations: [{ ...destination(cluster), namespace: "*" }],
        clusterResourceWhitelist: [{ group: "*", kind: "*" }],
        namespaceResourceWhitelist: [{ group: "*", kind: "*" }],
      },
    } as KubernetesObject,
  ];
}

/**
 * Webhook CA bundles a controller injects after install (cert-manager's cainjector, istiod,
 * KEDA's rotator): the chart renders none, so they would read as drift, and a sync would wipe them.
 */
export function injectedCaBundles(kinds: readonly ("MutatingWebhookConfiguration" | "ValidatingWebhookConfiguration")[], name?: string): IgnoreDifference[] {
  return kinds.map((kind) => ({ group: "admissionregistration.k8s.io", kind, ...(name ? { name } : {}), jqPathExpressions: [".webhooks[]?.clientConfig.caBundle"] }));
}
