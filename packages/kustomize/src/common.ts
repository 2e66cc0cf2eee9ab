import fastJsonPatch, { type Operation } from "fast-json-patch";
import { canonicalize, type KubernetesObject } from "@llm-gitops/core";

/** Marks a value the forms do not share: the base leaves it out and every overlay adds its own. */
const DROP = Symbol("drop");

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * What every value has in common. Equal values are kept whole; maps keep the keys all of them
 * have, each reduced the same way; lists of equal length keep their items' common parts. Anything
 * else is dropped. An empty map is dropped too rather than kept: an `add` below a key that holds
 * `{}` would depend on kustomize preserving an empty map, an `add` of the whole map does not.
 */
function common(values: readonly unknown[]): unknown {
  const first = values[0];
  if (values.every((v) => sameJson(v, first))) return first;
  if (values.every(isMap)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(first as Record<string, unknown>)) {
      if (!values.every((v) => key in (v as Record<string, unknown>))) continue;
      const c = common(values.map((v) => (v as Record<string, unknown>)[key]));
      if (c !== DROP) out[key] = c;
    }
    return Object.keys(out).length ? out : DROP;
  }
  if (values.every((v) => Array.isArray(v) && v.length === (first as unknown[]).length)) {
    // A list cannot have a hole, so one item with nothing shared drops the whole list.
    const items = (first as unknown[]).map((_, i) => common(values.map((v) => (v as unknown[])[i])));
    return items.includes(DROP) ? DROP : items;
  }
  return DROP;
}

/**
 * Whether two canonical values (canonicalize's: keys in one order, no undefined members) have the
 * same JSON text, without writing it: canonicalJson(a) === canonicalJson(b) (test/common.test.ts).
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return JSON.stringify(a) === JSON.stringify(b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bs = b as unknown[];
    return a.length === bs.length && a.every((x, i) => sameJson(item(x), item(bs[i])));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** A list item as JSON writes it: undefined, a function or a symbol is null there. */
const item = (v: unknown) => (v === undefined || typeof v === "function" || typeof v === "symbol" ? null : v);

/**
 * The form a base holds of one object that every cluster of an environment renders, possibly
 * differently: the part all clusters share. Undefined when not even the identity agrees (an
 * apiVersion that differs by cluster): then each overlay keeps its own copy.
 *
 * Why the shared part and not the most common form: the base then never depends on which cluster
 * holds which value, so an edit that makes one cluster differ moves only the differing field out of
 * the base, and each overlay's patch says exactly what is particular to its cluster. An
 * environment-wide edit of a field every cluster shares still changes one line of the base.
 */
export function sharedForm(forms: readonly KubernetesObject[], canon: Canon = canonicalize): KubernetesObject | undefined {
  const canonical = forms.map((f) => canon(f));
  if (new Set(canonical.map((f) => `${f.apiVersion}/${f.kind}`)).size !== 1) return undefined;
  const c = common(canonical);
  // Name and namespace are equal by identity, so metadata and the object itself always survive.
  return c === DROP ? undefined : (c as KubernetesObject);
}

/**
 * The JSON 6902 patch from the shared form (what sharedForm returned) to one cluster's form. The
 * shared form is a part of every form, so the patch only ever adds: it reads as the list of this
 * cluster's own values. It is canonical already: sharedForm builds it from canonical forms, in
 * their key order.
 */
export function patchFromShared(shared: KubernetesObject, form: KubernetesObject, canon: Canon = canonicalize): Operation[] {
  return fastJsonPatch.compare(shared, canon(form));
}

export type Canon = <T>(value: T) => T;

/** canonicalize, remembered per object for one layout: each form is compared for the base, then patched. */
export function canonicalizer(): Canon {
  const seen = new WeakMap<object, unknown>();
  return <T>(value: T): T => {
    if (typeof value !== "object" || value === null) return canonicalize(value);
    let c = seen.get(value);
    if (c === undefined) seen.set(value, (c = canonicalize(value)));
    return c as T;
  };
}
