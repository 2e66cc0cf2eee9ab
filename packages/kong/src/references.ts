import type { Service } from "kubernetes-types/core/v1";
import type { Ingress } from "kubernetes-types/networking/v1";
import { INFERENCESERVICE_LABEL, predictorName, problemAt, VLLM_PORT, type KubernetesObject, type Problem } from "@llm-gitops/core";
import type { Origin } from "@llm-gitops/config";
import { PLUGINS } from "./names.ts";
import type { HTTPRoute } from "./types.ts";

/** One overlay as the pipeline renders it (render's Truth is assignable). */
export interface Overlay {
  cluster: string;
  /** The environment's name, or "platform" for the cluster-wide overlay. */
  environment: string;
  namespace: string;
  objects: readonly { object: KubernetesObject; origin: Origin }[];
}

/** The input field an object comes from: a deployment's route, a tenant, or the gateway section. */
export function fieldOf(o: KubernetesObject): (string | number)[] {
  if (o.kind === "Ingress" || o.kind === "HTTPRoute" || o.kind === "Service") return ["route"];
  if (o.kind === "KongConsumer") return ["gateway", "consumers"];
  return ["gateway"];
}

/**
 * Lookups in overlays by kind, namespace (the overlay's when unset) and name, the first object of
 * each, and by kind and name in any namespace: the contracts look up every route's Services and
 * plugins. Each overlay is indexed once per check.
 */
function lookups() {
  const indexes = new WeakMap<Overlay, Map<string, KubernetesObject>>();
  const indexOf = (overlay: Overlay): Map<string, KubernetesObject> => {
    let index = indexes.get(overlay);
    if (!index) {
      index = new Map();
      for (const { object: o } of overlay.objects) {
        for (const key of [`${o.kind}\0in\0${o.metadata.namespace ?? overlay.namespace}\0${o.metadata.name}`, `${o.kind}\0any\0${o.metadata.name}`]) if (!index.has(key)) index.set(key, o);
      }
      indexes.set(overlay, index);
    }
    return index;
  };
  return {
    find: (overlay: Overlay, kind: string, namespace: string, name: string): KubernetesObject | undefined => indexOf(overlay).get(`${kind}\0in\0${namespace}\0${name}`),
    findAny: (overlay: Overlay, kind: string, name: string): KubernetesObject | undefined => indexOf(overlay).get(`${kind}\0any\0${name}`),
  };
}
type Find = ReturnType<typeof lookups>["find"];

interface BackendUse {
  name: string;
  namespace: string;
  port: number | string | undefined;
  kind: string;
}

function backends(o: KubernetesObject, ns: string): BackendUse[] {
  if (o.kind === "Ingress") {
    const spec = (o as Ingress).spec ?? {};
    const all = [spec.defaultBackend, ...(spec.rules ?? []).flatMap((r) => (r.http?.paths ?? []).map((p) => p.backend))];
    return all.flatMap((b) => (b?.service ? [{ name: b.service.name, namespace: ns, port: b.service.port?.number ?? b.service.port?.name, kind: "Service" }] : []));
  }
  if (o.kind === "HTTPRoute") {
    return (o as HTTPRoute).spec.rules.flatMap((r) => r.backendRefs ?? []).map((b) => ({ name: b.name, namespace: b.namespace ?? ns, port: b.port, kind: b.kind ?? "Service" }));
  }
  return [];
}

/** Why a route backend cannot work, or undefined when it is a Service this overlay renders (or KServe's). */
function backendProblem(overlay: Overlay, routeNs: string, b: BackendUse, find: Find): string | undefined {
  if (b.kind !== "Service") return `is a ${b.kind}; routes here point at Services`;
  if (b.namespace !== routeNs) return `is in namespace "${b.namespace}", not the route's ("${routeNs}"); no ReferenceGrant is rendered`;
  const svc = find(overlay, "Service", b.namespace, b.name) as (Service & KubernetesObject) | undefined;
  if (svc) {
    const port = svc.spec?.ports?.find((p) => p.port === b.port || (typeof b.port === "string" && p.name === b.port));
    if (!port) return `uses port ${b.port ?? "(none)"}, which Service "${b.name}" does not expose`;
    const toPredictor = svc.spec?.selector?.[INFERENCESERVICE_LABEL] !== undefined;
    if (toPredictor && port.targetPort !== VLLM_PORT) return `reaches the predictor on port ${port.targetPort ?? port.port}, but vLLM listens on ${VLLM_PORT}`;
    return undefined;
  }
  // KServe's raw-mode Service `<isvc>-predictor` exposes port 80 (service_reconciler.go createDefaultSvc).
  const isvc = overlay.objects.find(({ object: o }) => o.kind === "InferenceService" && predictorName(o.metadata.name) === b.name && (o.metadata.namespace ?? overlay.namespace) === b.namespace);
  if (isvc) return b.port === 80 ? undefined : `uses port ${b.port ?? "(none)"}; KServe's predictor Service exposes 80`;
  return `names Service "${b.name}", which nothing renders in namespace "${b.namespace}" on this cluster`;
}

/** Contract a: every route backend is a Service of the same overlay and namespace, on a port it exposes. */
export function checkBackends(truths: readonly Overlay[]): Problem[] {
  const { find } = lookups();
  const problems: Problem[] = [];
  for (const overlay of truths) {
    for (const { object: o, origin } of overlay.objects) {
      const ns = o.metadata.namespace ?? overlay.namespace;
      const unique = new Map(backends(o, ns).map((b) => [`${b.kind}/${b.namespace}/${b.name}:${b.port}`, b]));
      for (const b of unique.values()) {
        const why = backendProblem(overlay, ns, b, find);
        if (why) problems.push(problemAt(origin.at(fieldOf(o)), `${o.kind} "${o.metadata.name}" backend ${why} (cluster "${overlay.cluster}"); report a bug: routes and their Service are rendered together`));
      }
    }
  }
  return problems;
}

/** The plugin names of a konghq.com/plugins annotation, with the namespace each is looked up in. */
export function pluginRefs(o: KubernetesObject, ns: string): { name: string; namespace: string }[] {
  const value = o.metadata.annotations?.[PLUGINS];
  if (!value) return [];
  return value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((ref) => {
      const [first, second] = ref.split(":");
      return second === undefined ? { name: first!, namespace: ns } : { name: second, namespace: first! };
    });
}

const ANNOTATED = new Set(["Ingress", "HTTPRoute", "Service", "KongConsumer"]);

/** Contract b: every plugin an annotation names is a KongPlugin in that namespace or a KongClusterPlugin. */
export function checkPluginRefs(truths: readonly Overlay[]): Problem[] {
  const { find, findAny } = lookups();
  const problems: Problem[] = [];
  const byCluster = new Map<string, Overlay[]>();
  for (const t of truths) byCluster.get(t.cluster)?.push(t) ?? byCluster.set(t.cluster, [t]);
  for (const overlay of truths) {
    const sameCluster = byCluster.get(overlay.cluster)!;
    for (const { object: o, origin } of overlay.objects) {
      if (!ANNOTATED.has(o.kind)) continue;
      for (const ref of pluginRefs(o, o.metadata.namespace ?? overlay.namespace)) {
        const local = sameCluster.some((t) => find(t, "KongPlugin", ref.namespace, ref.name));
        const global = sameCluster.some((t) => findAny(t, "KongClusterPlugin", ref.name) !== undefined);
        if (!local && !global) {
          problems.push(problemAt(origin.at(fieldOf(o)), `${o.kind} "${o.metadata.name}" names plugin "${ref.name}", but no KongPlugin of that name is rendered in namespace "${ref.namespace}" (nor a KongClusterPlugin) on cluster "${overlay.cluster}"; Kong would skip it silently; report a bug`));
        }
      }
    }
  }
  return problems;
}
