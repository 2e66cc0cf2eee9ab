/**
 * Kubernetes resource quantities (resource.Quantity): a decimal number with an optional binary
 * (Ki…Ei) or decimal (m, k, M…E) suffix. Returned in base units: cores, bytes.
 */
const SUFFIX: Record<string, number> = {
  "": 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$/;

export function parseQuantity(q: string | number): number {
  if (typeof q === "number") return q;
  const m = QUANTITY.exec(q.trim());
  if (!m) throw new Error(`not a Kubernetes quantity: ${JSON.stringify(q)}`);
  return Number(m[1]) * SUFFIX[m[2] ?? ""]!;
}

/** A number as a quantity string HPA targets accept: integers plain, fractions in milli-units. */
export function formatQuantity(n: number): string {
  if (Number.isInteger(n)) return String(n);
  const milli = Math.round(n * 1000);
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

export const GiB = 2 ** 30;
export const MiB = 2 ** 20;
export const KiB = 2 ** 10;

/** Bytes as GiB with one decimal, for messages. */
export function gib(bytes: number): string {
  return `${(bytes / GiB).toFixed(1)} GiB`;
}
