import type { Inputs, Origin } from "@llm-gitops/config";
import type { KubernetesObject } from "@llm-gitops/core";
import type { RenderedObject, Truth } from "@llm-gitops/render";

/**
 * A render's truths as plain data, for check's render record (render-cache.ts). An Origin holds a
 * closure over its parsed file, so the record names it instead: the environment, deployment or
 * cluster it belongs to, which the pipeline's origins always are (render/src/pipeline.ts). Thawed
 * against the inputs loaded again from the same files, every object gets back the very Origin a
 * render would have given it, so every gate reports the same locations.
 */
type OriginRef = ["environment", string] | ["deployment", string, string] | ["cluster", string];

export interface StoredTruth {
  cluster: string;
  environment: string;
  namespace: string;
  objects: { object: KubernetesObject; group: string; component: string; origin: OriginRef }[];
}

/** Every origin a render can give an object, both ways. */
function origins(inputs: Inputs): { ref: Map<Origin, OriginRef>; origin: Map<string, Origin> } {
  const ref = new Map<Origin, OriginRef>();
  const origin = new Map<string, Origin>();
  const add = (r: OriginRef, o: Origin) => {
    ref.set(o, r);
    origin.set(JSON.stringify(r), o);
  };
  for (const c of inputs.platform.clusters.values()) add(["cluster", c.name], c.origin);
  for (const e of inputs.environments) {
    add(["environment", e.name], e.origin);
    for (const d of e.deployments) add(["deployment", e.name, d.name], d.origin);
  }
  return { ref, origin };
}

/** The truths as plain data; undefined when an object's origin is none the inputs name (then nothing is recorded). */
export function freezeTruths(truths: readonly Truth[], inputs: Inputs): StoredTruth[] | undefined {
  const { ref } = origins(inputs);
  const stored: StoredTruth[] = [];
  for (const t of truths) {
    const objects: StoredTruth["objects"] = [];
    for (const o of t.objects) {
      const origin = ref.get(o.origin);
      if (!origin) return undefined;
      objects.push({ object: o.object, group: o.group, component: o.component, origin });
    }
    stored.push({ cluster: t.cluster, environment: t.environment, namespace: t.namespace, objects });
  }
  return stored;
}

/** The truths again, with the inputs' own origins; undefined when the data is not a record of these inputs. */
export function thawTruths(stored: unknown, inputs: Inputs): Truth[] | undefined {
  if (!Array.isArray(stored)) return undefined;
  const { origin } = origins(inputs);
  const truths: Truth[] = [];
  for (const t of stored as unknown[]) {
    if (!isObject(t) || !Array.isArray(t.objects) || ![t.cluster, t.environment, t.namespace].every((s) => typeof s === "string")) return undefined;
    const objects: RenderedObject[] = [];
    for (const o of t.objects as unknown[]) {
      if (!isObject(o) || !isObject(o.object) || typeof o.group !== "string" || typeof o.component !== "string") return undefined;
      const found = origin.get(JSON.stringify(o.origin));
      if (!found) return undefined;
      objects.push({ object: o.object as unknown as KubernetesObject, group: o.group, component: o.component, origin: found });
    }
    truths.push({ cluster: t.cluster as string, environment: t.environment as string, namespace: t.namespace as string, objects });
  }
  return truths;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
