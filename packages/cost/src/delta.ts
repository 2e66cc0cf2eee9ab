import { usd } from "./chart.ts";
import type { CostReport } from "./estimate.ts";
import type { Levels } from "./lines.ts";

export interface CostChange {
  /** An environment, or "(shared)" for cluster costs no single environment pays. */
  name: string;
  before?: Levels;
  after?: Levels;
}

/** Not a DNS label, so no environment can be called this. */
const SHARED = "(shared)";

/** Monthly cost by who pays it: each environment, and what clusters share. */
function byPayer(r: CostReport): Map<string, Levels> {
  const out = new Map(r.environments.map((e) => [e.name, e.monthly]));
  const shared = r.lines.filter((l) => l.environment === undefined);
  if (shared.length) {
    out.set(SHARED, shared.reduce<Levels>((s, l) => ({ min: s.min + l.monthly.min, expected: s.expected + l.monthly.expected, max: s.max + l.monthly.max }), { min: 0, expected: 0, max: 0 }));
  }
  return out;
}

/** Differences of less than a cent are float noise, not a change. */
const same = (a: Levels, b: Levels) => (["min", "expected", "max"] as const).every((l) => Math.abs(a[l] - b[l]) < 0.005);

/** Who pays a different monthly amount between two revisions (base absent: everything is new). */
export function costChanges(base: CostReport | undefined, head: CostReport): CostChange[] {
  const [a, b] = [base ? byPayer(base) : new Map<string, Levels>(), byPayer(head)];
  const names = [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => (x === SHARED ? 1 : y === SHARED ? -1 : x.localeCompare(y)));
  return names.flatMap((name) => {
    const [before, after] = [a.get(name), b.get(name)];
    if (before && after && same(before, after)) return [];
    return [{ name, ...(before ? { before } : {}), ...(after ? { after } : {}) }];
  });
}

const signed = (n: number) => `${n >= 0 ? "+" : "-"}${usd(Math.abs(n))}`;
const percent = (from: number, to: number) => (from > 0 ? `, ${to >= from ? "+" : ""}${(((to - from) / from) * 100).toFixed(1)}%` : "");

/** One reviewer's line per change: the expected monthly cost, then the ceiling at replicas.max. */
export function costChangeLine(c: CostChange): string {
  const who = c.name === SHARED ? "shared cluster costs" : c.name;
  if (!c.before) return `${who}: new, ${usd(c.after!.expected)}/month expected (${usd(c.after!.max)} at replicas.max)`;
  if (!c.after) return `${who}: removed, saves ${usd(c.before.expected)}/month expected`;
  const { before: x, after: y } = c;
  const ceiling = `at replicas.max ${usd(x.max)} → ${usd(y.max)}`;
  if (Math.abs(y.expected - x.expected) < 0.005) return `${who}: ${usd(y.expected)}/month expected, unchanged; ${ceiling}`;
  return `${who}: ${usd(x.expected)} → ${usd(y.expected)}/month expected (${signed(y.expected - x.expected)}${percent(x.expected, y.expected)}); ${ceiling}`;
}

/** The total's change, the line a reviewer reads first; undefined when nothing changed. */
export function totalChangeLine(base: CostReport | undefined, head: CostReport): string | undefined {
  const before = base?.total.expected ?? 0;
  if (base && same(base.total, head.total)) return undefined;
  return `total: ${usd(before)} → ${usd(head.total.expected)}/month expected (${signed(head.total.expected - before)}${percent(before, head.total.expected)})`;
}
