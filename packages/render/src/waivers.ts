import { POLICY_RULES, WAIVER_ANNOTATION_PREFIX, type Deployment } from "@llm-gitops/config";
import type { KubernetesObject } from "@llm-gitops/core";

/**
 * A deployment's waivers as annotations on its objects of the kinds each waived rule judges, so the
 * exception is visible where it applies (in clusters/, to kubectl, to the diff) and the policy gate
 * reads it from the object it evaluates. Objects without a waiver are returned unchanged.
 */
export function annotateWaivers(object: KubernetesObject, d: Deployment): KubernetesObject {
  const applies = (d.waivers ?? []).filter((w) => (POLICY_RULES[w.rule] as readonly string[]).includes(object.kind));
  if (!applies.length) return object;
  const annotations = { ...object.metadata.annotations };
  for (const w of applies) annotations[`${WAIVER_ANNOTATION_PREFIX}${w.rule}`] = w.reason;
  return { ...object, metadata: { ...object.metadata, annotations } };
}
