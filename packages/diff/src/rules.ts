import type { KubernetesObject } from "@llm-gitops/core";
import { clip } from "./fields.ts";

/** One summary rule: the objects of one overlay before and after → lines a reviewer reads. */
export type Rule = (before: readonly KubernetesObject[], after: readonly KubernetesObject[]) => string[];

type Obj = Record<string, any>; // rendered objects are plain JSON; each rule reads a few fields
const of = (objects: readonly KubernetesObject[], kind: string) => new Map(objects.filter((o) => o.kind === kind).map((o) => [o.metadata.name, o as Obj]));
const names = (a: Map<string, unknown>, b: Map<string, unknown>) => [...new Set([...a.keys(), ...b.keys()])].sort();
const show = (v: unknown) => clip(v);
/** At most a few items in one line: policies can list hundreds of paths. */
const list = (items: readonly string[], max = 8) => `${items.slice(0, max).map(show).join(", ")}${items.length > max ? ` and ${items.length - max} more` : ""}`;
const n = (count: number, unit: string, to?: number) => `${range(count, to ?? count)} ${unit}${(to ?? count) === 1 ? "" : "s"}`;
const MODEL_LABEL = "llm-gitops.io/model";

/** Replicas and GPUs of one InferenceService's predictor. */
function capacity(isvc: Obj): { min: number; max: number; gpus: number } {
  const p = isvc.spec?.predictor ?? {};
  const containers: Obj[] = [...(p.containers ?? []), ...(p.model ? [p.model] : [])];
  const gpus = containers.reduce((n, c) => n + (Number(c.resources?.limits?.["nvidia.com/gpu"] ?? 0) || 0), 0);
  const min = Number(p.minReplicas ?? 1);
  return { min, max: Number(p.maxReplicas ?? min), gpus };
}
const range = (a: number, b: number) => (a === b ? `${a}` : `${a}–${b}`);

export const gpusAndReplicas: Rule = (before, after) => {
  const [a, b] = [of(before, "InferenceService"), of(after, "InferenceService")];
  return names(a, b).flatMap((name) => {
    const [x, y] = [a.get(name) && capacity(a.get(name)!), b.get(name) && capacity(b.get(name)!)];
    if (!x) return [`${show(name)}: new, ${n(y!.min, "replica", y!.max)} × ${n(y!.gpus, "GPU")} = ${n(y!.min * y!.gpus, "GPU", y!.max * y!.gpus)}`];
    if (!y) return [`${show(name)}: removed, frees ${n(x.min * x.gpus, "GPU", x.max * x.gpus)}`];
    if (x.min === y.min && x.max === y.max && x.gpus === y.gpus) return [];
    const perReplica = x.gpus === y.gpus ? "" : `, GPUs per replica ${x.gpus} → ${y.gpus}`;
    return [`${show(name)}: replicas ${range(x.min, x.max)} → ${range(y.min, y.max)}${perReplica}, GPUs ${range(x.min * x.gpus, x.max * x.gpus)} → ${range(y.min * y.gpus, y.max * y.gpus)}`];
  });
};

const image = (isvc: Obj): unknown => (isvc.spec?.predictor?.containers ?? []).find((c: Obj) => c.name === "kserve-container")?.image ?? isvc.spec?.predictor?.containers?.[0]?.image;

export const modelsAndImages: Rule = (before, after) => {
  const [a, b] = [of(before, "InferenceService"), of(after, "InferenceService")];
  return names(a, b).flatMap((n) => {
    const [x, y] = [a.get(n), b.get(n)];
    if (!y) return [];
    const [model, img] = [y.metadata?.labels?.[MODEL_LABEL], image(y)];
    if (!x) return [`${show(n)}: serves model ${show(model)} from image ${show(img)}`];
    const lines: string[] = [];
    if (x.metadata?.labels?.[MODEL_LABEL] !== model) lines.push(`${show(n)}: model ${show(x.metadata?.labels?.[MODEL_LABEL])} → ${show(model)}`);
    if (image(x) !== img) lines.push(`${show(n)}: image ${show(image(x))} → ${show(img)}`);
    return lines;
  });
};

/** Every host+path an overlay's routes expose, with the route that exposes it. */
function exposed(objects: readonly KubernetesObject[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, ing] of of(objects, "Ingress")) {
    for (const rule of ing.spec?.rules ?? []) for (const p of rule.http?.paths ?? []) out.set(`${rule.host ?? "*"}${p.path ?? "/"}`, `Ingress ${name}`);
  }
  for (const [name, route] of of(objects, "HTTPRoute")) {
    const hosts: string[] = route.spec?.hostnames?.length ? route.spec.hostnames : ["*"];
    for (const rule of route.spec?.rules ?? []) {
      for (const m of rule.matches?.length ? rule.matches : [{}]) {
        for (const h of hosts) out.set(`${m.method ? `${m.method} ` : ""}${h}${m.path?.value ?? "/"}`, `HTTPRoute ${name}`);
      }
    }
  }
  return out;
}

export const routesExposed: Rule = (before, after) => {
  const [a, b] = [exposed(before), exposed(after)];
  return [...b].filter(([k]) => !a.has(k)).map(([k, route]) => `newly exposed: ${show(k)} (${show(route)})`);
};

/** A policy's grants as atoms ("paths /v1/models" in rule 0): an ALLOW gains one, access widens. */
function grants(policy: Obj): Set<string> {
  const atoms = new Set<string>();
  for (const rule of policy.spec?.rules ?? []) {
    const parts = [...(rule.from ?? []).map((f: Obj) => f.source ?? {}), ...(rule.to ?? []).map((t: Obj) => t.operation ?? {})];
    if (!parts.length) atoms.add("any request (a rule without from/to)");
    for (const part of parts) for (const [field, values] of Object.entries(part)) for (const v of Array.isArray(values) ? values : [values]) atoms.add(`${field} ${typeof v === "string" ? v : JSON.stringify(v)}`);
  }
  return atoms;
}

export const authorizationWidened: Rule = (before, after) => {
  const [a, b] = [of(before, "AuthorizationPolicy"), of(after, "AuthorizationPolicy")];
  return names(a, b).flatMap((n) => {
    const [x, y] = [a.get(n), b.get(n)];
    const action = (p: Obj) => p.spec?.action ?? "ALLOW";
    if (x && !y) return [n === "allow-nothing" ? "allow-nothing removed: the namespace no longer denies by default" : `${show(n)}: ${action(x)} policy removed`];
    if (!y || action(y) !== "ALLOW") {
      // A DENY that loses a grant denies less.
      if (!x || !y || action(x) !== action(y)) return [];
      const lost = [...grants(x)].filter((g) => !grants(y).has(g));
      return lost.length ? [`${show(n)}: ${action(y)} no longer covers ${list(lost)}`] : [];
    }
    if (!x) return [`${show(n)}: new ALLOW policy${y.spec?.rules?.length ? ` granting ${list([...grants(y)])}` : ""}`];
    if (action(x) !== "ALLOW") return [`${show(n)}: action ${show(action(x))} → ALLOW`];
    const had = grants(x);
    const added = [...grants(y)].filter((g) => !had.has(g));
    const moreRules = (y.spec?.rules?.length ?? 0) > (x.spec?.rules?.length ?? 0);
    if (!added.length && !moreRules) return [];
    return [`${show(n)}: ALLOW widened${added.length ? `: ${list(added)}` : ` (${y.spec.rules.length - (x.spec?.rules?.length ?? 0)} rule(s) added)`}`];
  });
};

export const mtlsWeakened: Rule = (before, after) => {
  const [a, b] = [of(before, "PeerAuthentication"), of(after, "PeerAuthentication")];
  return names(a, b).flatMap((n) => {
    const [x, y] = [a.get(n), b.get(n)];
    if (x?.spec?.mtls?.mode !== "STRICT") return [];
    if (!y) return [`PeerAuthentication ${show(n)} (STRICT) removed`];
    const mode = y.spec?.mtls?.mode;
    const ports = Object.entries(y.spec?.portLevelMtls ?? {}).filter(([, v]) => (v as Obj)?.mode !== "STRICT").map(([p]) => p);
    return [...(mode === "STRICT" ? [] : [`PeerAuthentication ${show(n)}: mTLS STRICT → ${show(mode ?? "unset")}`]), ...(ports.length ? [`PeerAuthentication ${show(n)}: ports ${list(ports)} not STRICT`] : [])];
  });
};

const FLUENT_BIT = "llm-gitops-fluent-bit";
/** The keys the generated Lua filter removes, read from its `local REMOVE = { ["k"] = true, … }` table. */
export function removedKeys(configMap: Obj): Set<string> | undefined {
  for (const text of Object.values(configMap.data ?? {})) {
    const table = /local REMOVE = \{([^}]*)\}/.exec(String(text));
    if (table) return new Set([...table[1]!.matchAll(/\["((?:[^"\\]|\\.)*)"\]\s*=\s*true/g)].map((m) => m[1]!));
  }
  return undefined;
}

export const redactionWeakened: Rule = (before, after) => {
  const [a, b] = [of(before, "ConfigMap").get(FLUENT_BIT), of(after, "ConfigMap").get(FLUENT_BIT)];
  if (!a) return [];
  if (!b) return [`log redaction removed (ConfigMap ${FLUENT_BIT})`];
  const [x, y] = [removedKeys(a), removedKeys(b)];
  if (x && !y) return ["log redaction filter removed"];
  if (x && y) {
    const lost = [...x].filter((k) => !y.has(k));
    return lost.length ? [`log redaction no longer removes ${list(lost)}`] : [];
  }
  return JSON.stringify(a.data) === JSON.stringify(b.data) ? [] : ["log pipeline changed: review the redaction"];
};

/** The scaler of each scale target: HPA or KEDA ScaledObject. */
function scalers(objects: readonly KubernetesObject[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const [kind, label] of [["HorizontalPodAutoscaler", "HPA"], ["ScaledObject", "KEDA ScaledObject"]] as const) {
    for (const o of of(objects, kind).values()) out.set(String(o.spec?.scaleTargetRef?.name ?? o.metadata.name), label);
  }
  return out;
}

export const scalerSwitched: Rule = (before, after) => {
  const [a, b] = [scalers(before), scalers(after)];
  return names(a, b).flatMap((t) => {
    const [x, y] = [a.get(t), b.get(t)];
    if (x === y || !x) return [];
    return [y ? `${show(t)}: scaler ${x} → ${y}` : `${show(t)}: no longer autoscaled (${x} removed)`];
  });
};

/** Add-on Applications (a Helm chart source) by name: chart, version and values. */
function addons(objects: readonly KubernetesObject[]): Map<string, Obj> {
  return new Map([...of(objects, "Application")].filter(([, app]) => app.spec?.source?.chart));
}

export const addonsChanged: Rule = (before, after) => {
  const [a, b] = [addons(before), addons(after)];
  return names(a, b).flatMap((name) => {
    const [x, y] = [a.get(name)?.spec?.source, b.get(name)?.spec?.source];
    // No resources finalizer on add-ons: deleting the Application leaves the chart's objects.
    if (!y) return [`${show(name)}: no longer managed by Argo CD (${show(x.chart)} stays installed; uninstall it deliberately)`];
    if (!x) return [`${show(name)}: installs chart ${show(y.chart)} ${show(y.targetRevision)} from ${show(y.repoURL)}`];
    const lines: string[] = [];
    if (x.chart !== y.chart || x.repoURL !== y.repoURL) lines.push(`${show(name)}: chart ${show(x.chart)} → ${show(y.chart)} (${show(y.repoURL)})`);
    if (x.targetRevision !== y.targetRevision) lines.push(`${show(name)}: ${show(y.chart)} ${show(x.targetRevision)} → ${show(y.targetRevision)}`);
    if (JSON.stringify(x.helm?.valuesObject) !== JSON.stringify(y.helm?.valuesObject)) lines.push(`${show(name)}: chart values changed`);
    return lines;
  });
};
