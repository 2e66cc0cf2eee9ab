import { POLICY_RULE_IDS, type Inputs, type Location, type Origin, type PolicyRuleId } from "@llm-gitops/config";
import { isRecord, plainJson, type KubernetesObject, type Problem } from "@llm-gitops/core";
import type { PolicyFinding, PolicyResult } from "@llm-gitops/policy";
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

/**
 * The truths as plain data; undefined (nothing is recorded) when an object's origin is none the
 * inputs name, or an object is not data JSON writes one to one (core plainJson).
 */
export function freezeTruths(truths: readonly Truth[], inputs: Inputs): StoredTruth[] | undefined {
  const { ref } = origins(inputs);
  const stored: StoredTruth[] = [];
  for (const t of truths) {
    const objects: StoredTruth["objects"] = [];
    for (const o of t.objects) {
      const origin = ref.get(o.origin);
      // Read back, an object must be the very data the gates would have checked.
      if (!origin || !plainJson(o.object)) return undefined;
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
    if (!isRecord(t) || !Array.isArray(t.objects) || ![t.cluster, t.environment, t.namespace].every((s) => typeof s === "string")) return undefined;
    const objects: RenderedObject[] = [];
    for (const o of t.objects as unknown[]) {
      if (!isRecord(o) || !isObjectLike(o.object) || typeof o.group !== "string" || typeof o.component !== "string") return undefined;
      const found = origin.get(JSON.stringify(o.origin));
      if (!found) return undefined;
      objects.push({ object: o.object as unknown as KubernetesObject, group: o.group, component: o.component, origin: found });
    }
    truths.push({ cluster: t.cluster as string, environment: t.environment as string, namespace: t.namespace as string, objects });
  }
  return truths;
}


/**
 * The policy gate's result as plain data: a pure function of the truths and the inputs, so of
 * the same render. Locations are copied field by field (they may be lazy getters).
 */
export function freezePolicy(p: PolicyResult): PolicyResult {
  const at = (l: Location): Location => ({ file: l.file, line: l.line, col: l.col, path: l.path });
  const problems = p.problems.map((x): Problem => ({ ...at(x), message: x.message, ...(x.severity ? { severity: x.severity } : {}) }));
  const waived = p.waived.map((w): PolicyFinding => ({ rule: w.rule, object: w.object, clusters: [...w.clusters], message: w.message, at: at(w.at), ...(w.waiver !== undefined ? { waiver: w.waiver } : {}) }));
  return { problems, waived, objects: p.objects, rules: p.rules };
}

/** A recorded policy result, when well formed. */
export function thawPolicy(v: unknown): PolicyResult | undefined {
  const location = (l: unknown) => isRecord(l) && typeof l.file === "string" && typeof l.path === "string" && Number.isInteger(l.line) && Number.isInteger(l.col);
  const problem = (x: unknown) => location(x) && isRecord(x) && typeof x.message === "string" && (x.severity === undefined || x.severity === "error" || x.severity === "warning");
  const finding = (w: unknown) =>
    isRecord(w) && POLICY_RULE_IDS.includes(w.rule as PolicyRuleId) && typeof w.object === "string" && Array.isArray(w.clusters) && w.clusters.every((c) => typeof c === "string") && typeof w.message === "string" && location(w.at) && (w.waiver === undefined || typeof w.waiver === "string");
  const ok = isRecord(v) && Array.isArray(v.problems) && v.problems.every(problem) && Array.isArray(v.waived) && v.waived.every(finding) && Number.isInteger(v.objects) && Number.isInteger(v.rules);
  return ok ? (v as unknown as PolicyResult) : undefined;
}

/** What every gate reads of an object before anything else: its apiVersion, kind and name. */
const isObjectLike = (v: unknown) => isRecord(v) && typeof v.apiVersion === "string" && typeof v.kind === "string" && isRecord(v.metadata) && typeof v.metadata.name === "string";
