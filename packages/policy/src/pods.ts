import type { Obj } from "./rule.ts";

/** A pod template inside an object: where it sits, and its spec. */
export interface PodSpecAt {
  /** e.g. spec.predictor, spec.template.spec */
  path: string;
  spec: Obj;
  /** The pod's labels as the controller sets them (selectors of PDBs and mesh policies match these). */
  labels: Record<string, string>;
}

const TEMPLATED = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"]);
/** The InferenceService annotation that carries KServe's deployment mode, and its raw-Deployment values. */
const DEPLOYMENT_MODE = "serving.kserve.io/deploymentMode";
const RAW = new Set<unknown>(["Standard", "RawDeployment"]);

/**
 * The pod specs an object becomes. An InferenceService's predictor (and transformer, explainer) is
 * a pod spec inline; KServe builds the Deployment from it and adds its own containers (the
 * storage-initializer for storageUri, the queue-proxy in Knative mode) and Istio its sidecar. Those
 * are the controllers' to secure: the rules judge what we render.
 */
export function podSpecs(o: Obj): PodSpecAt[] {
  const name: string = o.metadata?.name ?? "";
  if (o.kind === "InferenceService") {
    return (["predictor", "transformer", "explainer"] as const)
      .filter((c) => o.spec?.[c])
      .map((c) => ({
        path: `spec.${c}`,
        spec: o.spec[c],
        // kserve pkg/constants GetRawServiceLabel and the component labels (DOMAIN B2); the app label
        // only in Standard (RawDeployment) mode, the one whose reconciler sets it (kserve v0.16.0
        // pkg/controller/v1beta1/inferenceservice/reconcilers/deployment/deployment_reconciler.go:145)
        labels: { ...o.metadata?.labels, ...o.spec[c].labels, "serving.kserve.io/inferenceservice": name, component: c, ...(RAW.has(o.metadata?.annotations?.[DEPLOYMENT_MODE]) ? { app: `isvc.${name}-${c}` } : {}) },
      }));
  }
  if (TEMPLATED.has(o.kind) && o.spec?.template?.spec) return [{ path: "spec.template.spec", spec: o.spec.template.spec, labels: o.spec.template.metadata?.labels ?? {} }];
  if (o.kind === "CronJob" && o.spec?.jobTemplate?.spec?.template?.spec) {
    const t = o.spec.jobTemplate.spec.template;
    return [{ path: "spec.jobTemplate.spec.template.spec", spec: t.spec, labels: t.metadata?.labels ?? {} }];
  }
  if (o.kind === "Pod" && o.spec) return [{ path: "spec", spec: o.spec, labels: o.metadata?.labels ?? {} }];
  return [];
}

/** Containers of a pod spec; init containers only where asked (they run to completion: no probes). */
export function containers(spec: Obj, init = true): Obj[] {
  return [...(init ? (spec.initContainers ?? []) : []), ...(spec.containers ?? [])];
}

/** Does a label selector (matchLabels and matchExpressions) select these labels? An empty one selects all. */
export function selects(selector: Obj | undefined, labels: Record<string, string>): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const value = labels[e.key];
    const values: string[] = e.values ?? [];
    if (e.operator === "In" && !(has && values.includes(value!))) return false;
    if (e.operator === "NotIn" && has && values.includes(value!)) return false;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
  }
  return true;
}
