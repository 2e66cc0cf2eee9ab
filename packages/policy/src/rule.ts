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
