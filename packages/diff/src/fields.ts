import type { KubernetesObject } from "@llm-gitops/core";

/** One changed field: a JSON path, the values before and after (absent when added or removed). */
export interface FieldChange {
  path: string;
  before?: string;
  after?: string;
}

/** Values land in CI logs and PR comments, and come from pull requests: one line, bounded. */
export const MAX_VALUE = 80;
export const HIDDEN = "(hidden)";

/** JSON-quoted (no raw newline or control character can forge a line), invisible marks escaped, clipped. */
export function clip(value: unknown, max = MAX_VALUE): string {
  const json = (JSON.stringify(value) ?? "null").replace(/[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  const chars = [...json];
  return chars.length <= max ? json : `${chars.slice(0, max - 1).join("")}…`;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const key = (k: string) => (IDENT.test(k) ? `.${k}` : `[${clip(k, 60)}]`);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Arrays of named items (containers, env, ports) pair up by name, so an insertion is one change, not a cascade. */
function byName(items: unknown[]): Map<string, unknown> | undefined {
  const map = new Map<string, unknown>();
  for (const item of items) {
    if (!isObject(item) || typeof item.name !== "string" || map.has(item.name)) return undefined;
    map.set(item.name, item);
  }
  return map;
}

function walk(path: string, a: unknown, b: unknown, out: FieldChange[], hide: (path: string) => boolean): void {
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  const shown = (v: unknown) => (v === undefined ? undefined : hide(path) ? HIDDEN : clip(v));
  if (isObject(a) && isObject(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) walk(`${path}${key(k)}`, a[k], b[k], out, hide);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const [na, nb] = [byName(a), byName(b)];
    if (na && nb) {
      for (const n of [...new Set([...na.keys(), ...nb.keys()])]) walk(`${path}[name=${clip(n, 60)}]`, na.get(n), nb.get(n), out, hide);
      return;
    }
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(`${path}[${i}]`, a[i], b[i], out, hide);
    return;
  }
  out.push({ path: path || ".", ...(a === undefined ? {} : { before: shown(a) }), ...(b === undefined ? {} : { after: shown(b) }) });
}

/** A Secret's data never leaves the machine: its paths are shown, its values are not. */
const secretHider = (o: KubernetesObject) => (path: string) => o.kind === "Secret" && /^\.(data|stringData)\b/.test(path);

/** Field-level changes between two versions of one object, in path order. */
export function fieldChanges(before: KubernetesObject, after: KubernetesObject): FieldChange[] {
  const out: FieldChange[] = [];
  const hide = secretHider(after);
  walk("", before, after, out, (p) => hide(p) || secretHider(before)(p));
  return out;
}
