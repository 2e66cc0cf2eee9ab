import type { Location, PolicyRuleId } from "@llm-gitops/config";
import type { KubernetesObject } from "@llm-gitops/core";

/** Rendered objects are plain JSON; each rule reads a few fields of them. */
export type Obj = Record<string, any>;

/** What a rule sees besides the object: the cluster it lands on, with everything rendered for it. */
export interface RuleContext {
  cluster: string;
  environment: string;
  /** The environment serves real users (images by digest). */
  production: boolean;
  /** Every object rendered for the cluster, in all its overlays (mesh root, platform, environments). */
  objects: readonly KubernetesObject[];
  /** Instance types of the cluster's GPU node pools: a selector on these selects the GPU pool. */
  gpuInstanceTypes: ReadonlySet<string>;
  /** Istio's root namespace on the cluster, where mesh-wide policies live. */
  meshRoot: string;
  /** The input field behind the cluster (platform.yaml clusters["…"]), for cluster-wide causes. */
  clusterAt?: (sub?: readonly (string | number)[]) => Location;
}

/** One broken rule on one object: what is wrong and how to fix it, in one line. */
export interface Violation {
  message: string;
  /** The field below the object's origin that causes it (e.g. ["image"] of a deployment). */
  field?: readonly (string | number)[];
  /** A cause elsewhere than the object's origin (e.g. the cluster's logging). */
  at?: Location;
}

export interface Rule {
  id: PolicyRuleId;
  /** What the rule requires, for the README and the rule table. */
  title: string;
  check(object: Obj, ctx: RuleContext): Violation[];
}

/** `InferenceService llm-prod/qwen-chat` */
export const describe = (o: KubernetesObject) => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata.name}`;

const indexes = new WeakMap<readonly KubernetesObject[], Map<string, Obj[]>>();

/**
 * The context's objects of a kind, in a namespace or (namespace undefined) in any: rules look up
 * a route's Services and plugins, a predictor's policies, for every object of a cluster, so the
 * cluster's objects are indexed once by kind and namespace.
 */
export function objectsOf(ctx: RuleContext, kind: string, namespace?: string): readonly Obj[] {
  let index = indexes.get(ctx.objects);
  if (!index) {
    const built = new Map<string, Obj[]>();
    const add = (key: string, o: Obj) => built.get(key)?.push(o) ?? built.set(key, [o]);
    for (const o of ctx.objects) {
      add(`${o.kind}\0any`, o);
      add(`${o.kind}\0in\0${o.metadata.namespace ?? "\0none"}`, o);
    }
    indexes.set(ctx.objects, (index = built));
  }
  return index.get(namespace === undefined ? `${kind}\0any` : `${kind}\0in\0${namespace}`) ?? [];
}
