/**
 * Ratios of ours against the baselines measured in the same run, with the speed targets. Ratios,
 * not absolute times, are the claim: a shared machine shifts both sides alike. Targets are judged
 * on the 100-deployment case; other sizes are shown for information.
 */
import type { Measured } from "./measures.ts";

export interface SizeResult {
  deployments: number;
  objects: number;
  files: number;
  warnings: number;
  m: Record<string, Measured>;
}

export interface Row {
  case: string;
  measure: string;
  /** Which figure the ratio compares: cpu, wall or an absolute. */
  basis: string;
  value: number;
  unit: "x" | "s" | "MiB";
  target?: string;
  met?: boolean;
}

const TARGET_SIZE = 100;

export function rows(global: Record<string, Measured>, sizes: SizeResult[]): Row[] {
  const out: Row[] = [];
  const add = (r: Row) => out.push(r);
  const node = global["node -e 0"]!;
  for (const name of ["--help", "--version"]) {
    const v = global[name]!.wall / node.wall;
    add({ case: "-", measure: `${name} vs node -e 0`, basis: "wall", value: v, unit: "x", target: "<= 3x", met: v <= 3 });
  }
  for (const s of sizes) {
    const judged = s.deployments === TARGET_SIZE;
    const t = <T>(x: T) => (judged ? x : undefined);
    const c = `${s.deployments}`;
    const m = s.m;
    const gen = m["generate (full)"]!;
    if (m["cdk8s synth"]) {
      const vsCdk = gen.cpu / m["cdk8s synth"].cpu;
      add({ case: c, measure: "full generate vs cdk8s (chart/file)", basis: "cpu", value: vsCdk, unit: "x", target: t("<= 0.33x (3x faster)"), met: t(vsCdk <= 1 / 3) });
    }
    // The same objects in a chart per directory: cdk8s without its per-chart quadratic cost (information).
    add({ case: c, measure: "full generate vs cdk8s (chart/dir)", basis: "cpu", value: gen.cpu / m["cdk8s synth (chart/dir)"]!.cpu, unit: "x", target: t("(info)") });
    const vsFloor = gen.cpu / m["JSON floor (write)"]!.cpu;
    add({ case: c, measure: "full generate vs JSON floor", basis: "cpu", value: vsFloor, unit: "x", target: t("<= 3x"), met: t(vsFloor <= 3) });
    for (const name of ["generate (no-op)", "generate --check"]) {
      const v = m[name]!.cpu / m["JSON floor (no-op)"]!.cpu;
      add({ case: c, measure: `${name} vs no-op floor`, basis: "cpu", value: v, unit: "x", target: t("<= 1.5x"), met: t(v <= 1.5) });
      add({ case: c, measure: `${name} wall`, basis: "wall", value: m[name]!.wall, unit: "s", target: t("~0.3 s (info)") });
    }
    // Without the render record: a first run on a machine, or after environments/ changed (information).
    for (const name of ["generate (no-op, render)", "generate --check (render)"]) {
      if (m[name]) add({ case: c, measure: `${name} vs no-op floor`, basis: "cpu", value: m[name].cpu / m["JSON floor (no-op)"]!.cpu, unit: "x", target: t("(info)") });
    }
    const check = m["check (warm)"];
    if (check) {
      add({ case: c, measure: "check (warm caches) wall", basis: "wall", value: check.wall, unit: "s", target: t("<= 1 s"), met: t(check.wall <= 1) });
      const rss = Math.max(check.rssMiB, m["check (render)"]?.rssMiB ?? 0);
      add({ case: c, measure: "check peak RSS (either)", basis: "rss", value: rss, unit: "MiB", target: t("< 250 MiB"), met: t(rss < 250) });
    }
    // Without the render record: environments/ changed since the last check (information).
    const rendering = m["check (render)"];
    if (rendering) add({ case: c, measure: "check (render) wall", basis: "wall", value: rendering.wall, unit: "s", target: t("(info)") });
    const genRss = Math.max(...["generate (full)", "generate (no-op)", "generate (no-op, render)", "generate --check", "generate --check (render)"].flatMap((k) => (m[k] ? [m[k].rssMiB] : [])));
    add({ case: c, measure: "generate peak RSS (any mode)", basis: "rss", value: genRss, unit: "MiB", target: t("< 150 MiB"), met: t(genRss < 150) });
  }
  // Linear: the 1000 case against the 100 case, same measure.
  const hundred = sizes.find((s) => s.deployments === 100);
  const thousand = sizes.find((s) => s.deployments === 1000);
  if (hundred && thousand) {
    for (const name of ["generate (full)", "generate (no-op)", "generate --check", "check (warm)"]) {
      const a = hundred.m[name];
      const b = thousand.m[name];
      if (!a || !b) continue;
      const v = b.cpu / a.cpu;
      add({ case: "1000/100", measure: `${name} scaling`, basis: "cpu", value: v, unit: "x", target: "<= 12x", met: v <= 12 });
    }
  }
  return out;
}

export function table(rs: Row[]): string {
  const fmt = (r: Row) => (r.unit === "x" ? `${r.value.toFixed(2)}x` : r.unit === "s" ? `${r.value.toFixed(2)} s` : `${r.value.toFixed(0)} MiB`);
  const cells = rs.map((r) => [r.case, r.measure, r.basis, fmt(r), r.target ?? "", r.met === undefined ? "" : r.met ? "met" : "NOT MET"]);
  const head = ["deployments", "measure", "basis", "ours", "target", "verdict"];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(head), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...cells.map(line)].join("\n");
}
