const MAX_DEPTH = 256;

/**
 * Data that JSON.stringify writes one to one, so that its JSON stands for it alone and reads back
 * as the very same data: no undefined member (JSON drops it, a validator sees its key), no
 * non-enumerable member, no -0, NaN or Infinity, no holes, and only objects with Object.prototype
 * (one without inherits nothing, which `"constructor" in o` and a validator's `required` notice).
 * Deeper than 256 levels is refused rather than walked.
 */
export function plainJson(v: unknown, depth = 0): boolean {
  if (v === null || typeof v === "string" || typeof v === "boolean") return true;
  if (typeof v === "number") return Number.isFinite(v) && !Object.is(v, -0);
  if (typeof v !== "object" || depth > MAX_DEPTH) return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!(i in v) || !plainJson(v[i], depth + 1)) return false;
    return true;
  }
  if (Object.getPrototypeOf(v) !== Object.prototype) return false;
  if (Object.getOwnPropertyNames(v).length !== Object.keys(v).length) return false;
  for (const k in v) if (!plainJson((v as Record<string, unknown>)[k], depth + 1)) return false;
  return true;
}
