import { WAIVER_ANNOTATION_PREFIX } from "@llm-gitops/config";
import type { KubernetesObject } from "@llm-gitops/core";
import { clip } from "./fields.ts";
import type { Rule } from "./rules.ts";

/** Every waiver in an overlay: `Kind name` + rule → reason. */
function waivers(objects: readonly KubernetesObject[]): Map<string, { object: string; rule: string; reason: string }> {
  const out = new Map<string, { object: string; rule: string; reason: string }>();
  for (const o of objects) {
    for (const [key, reason] of Object.entries(o.metadata.annotations ?? {})) {
      if (!key.startsWith(WAIVER_ANNOTATION_PREFIX)) continue;
      const [object, rule] = [`${o.kind} ${o.metadata.name}`, key.slice(WAIVER_ANNOTATION_PREFIX.length)];
      out.set(`${object}\0${rule}`, { object, rule, reason });
    }
  }
  return out;
}

/** Exceptions to the policy gate granted, changed or withdrawn: reviewers approve each one. */
export const waiversChanged: Rule = (before, after) => {
  const [a, b] = [waivers(before), waivers(after)];
  return [...new Set([...a.keys(), ...b.keys()])].sort().flatMap((k) => {
    const [x, y] = [a.get(k), b.get(k)];
    if (y && !x) return [`${clip(y.object)}: waives ${clip(y.rule)} (${clip(y.reason)})`];
    if (x && !y) return [`${clip(x.object)}: no longer waives ${clip(x.rule)}`];
    return x!.reason === y!.reason ? [] : [`${clip(y!.object)}: waiver of ${clip(y!.rule)} now says ${clip(y!.reason)}`];
  });
};
