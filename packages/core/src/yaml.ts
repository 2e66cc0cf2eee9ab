import { stringify } from "yaml";
import { emitYaml } from "./yaml-emit.ts";

/** Keys that lead every mapping when present, in this order; all others follow alphabetically. */
const LEADING_KEYS = ["apiVersion", "kind", "metadata", "name", "namespace"];

export function compareKeys(a: string, b: string): number {
  const ia = LEADING_KEYS.indexOf(a);
  const ib = LEADING_KEYS.indexOf(b);
  if (ia >= 0 || ib >= 0) return (ia < 0 ? Infinity : ia) - (ib < 0 ? Infinity : ib);
  return a < b ? -1 : a > b ? 1 : 0;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * A copy with keys in the canonical order and `undefined` members dropped, so output never
 * depends on the order in which a renderer happened to build an object.
 */
export function canonicalize<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => canonicalize(v)) as T;
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(compareKeys)) {
    const v = value[key];
    if (v !== undefined) out[key] = canonicalize(v);
  }
  return out as T;
}

/** Canonical JSON text: equal for deep-equal values, whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalize(value));
}

export function deepEqual(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** Deterministic YAML for one document; `header` lines become leading comments. */
export function toYaml(value: unknown, header: readonly string[] = []): string {
  const body = emitYaml(value, compareKeys) ?? libraryYaml(value);
  return header.map((h) => `# ${h}\n`).join("") + body;
}

/** The `yaml` package's text of canonicalize(value): what emitYaml writes, for any value. */
export function libraryYaml(value: unknown): string {
  return stringify(canonicalize(value), { lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false });
}
