import { formatProblem } from "@llm-gitops/core";
import type { DeploymentCapacity } from "./capacity.ts";
import { costChart, usd } from "./chart.ts";
import type { CostReport } from "./estimate.ts";
import { cents, HOURS_PER_MONTH, sumLevels, type CostLine, type Levels, type Price } from "./lines.ts";

/** What `llm-gitops cost` prints: the fleet's cost, each deployment's capacity, and the warnings. */
export interface CostView {
  cost: CostReport;
  capacity: readonly DeploymentCapacity[];
}

/** The environments, then "(shared)" for cluster costs several environments share, when there are any. */
function payers(r: CostReport): { name: string; monthly: Levels }[] {
  const shared = r.lines.filter((l) => l.environment === undefined);
  return shared.length ? [...r.environments, { name: "(shared)", monthly: sumLevels(shared.map((l) => l.monthly)) }] : r.environments;
}

const round = (l: Levels): Levels => ({ min: cents(l.min), expected: cents(l.expected), max: cents(l.max) });
const qty = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));
const range = (l: Levels, f: (n: number) => string) => (l.min === l.max && l.min === l.expected ? f(l.min) : `${f(l.min)} / ${f(l.expected)} / ${f(l.max)}`);
/** Unit prices keep their own precision (g6.xlarge is $0.8048/h), to four decimals. */
const per = (p: Price) => `$${Number(p.usd.toFixed(4))}/${p.unit === "hour" ? "h" : "GiB-month"}`;

/** Where a price comes from, as one line: source, date, and the spot blend when there is one. */
export function priceSource(p: Price): string {
  const spot = p.spot ? `; ${Math.round(p.spot.share * 100)}% spot at ${usd(p.spot.usd)}/h (${p.spot.source}), on-demand ${usd(p.spot.onDemandUsd)}/h` : "";
  return `${p.source}${p.asOf ? `, list price as of ${p.asOf}` : ""}${p.verified ? "" : " (unverified: set the price in platform.yaml)"}${spot}`;
}

const lineText = (l: CostLine) =>
  `${l.cluster}${l.environment ? `/${l.environment}` : " (shared)"}: ${l.item}: ${range(l.quantity, qty)} ${l.unit}(s) × ${per(l.price)} = ${range(l.monthly, usd)}`;

function capacityText(c: DeploymentCapacity): string {
  const base = `${c.environment}/${c.deployment}: ${c.kvTokens} KV tokens per replica = ${c.maxLengthSequences} concurrent ${c.maxModelLen}-token sequences (max-num-seqs ${c.maxNumSeqs}), ${c.gpusPerReplica} GPU(s) per replica`;
  const p = c.peak;
  if (!p) return `${base}; declare load.peak to size it`;
  return `${base}; peak ${p.requestsPerSecond} req/s × ${p.requestSeconds.toFixed(1)} s = ${p.concurrent.toFixed(1)} in flight, ${p.perReplica} per replica at ${p.tokensPerSecondPerReplica.toFixed(0)} tokens/s each → ${p.replicas} replica(s), ${p.gpus} GPU(s)`;
}

export function formatCostText(v: CostView): string {
  const out = [`Monthly cost (${HOURS_PER_MONTH} h), USD: min / expected / max replicas`];
  const all = (l: Levels) => `${usd(l.min)} / ${usd(l.expected)} / ${usd(l.max)}`;
  for (const e of payers(v.cost)) out.push(`  ${e.name.padEnd(12)} ${all(e.monthly)}`);
  out.push(`  ${"total".padEnd(12)} ${all(v.cost.total)}`, "", "Lines:");
  for (const l of v.cost.lines) out.push(`  ${lineText(l)}`, `      price: ${priceSource(l.price)}`);
  out.push("", "Capacity (each sequence at the environment's TTFT and inter-token-latency SLOs):", ...v.capacity.map((c) => `  ${capacityText(c)}`));
  for (const w of v.cost.warnings) out.push(formatProblem(w));
  return out.join("\n");
}

/** Machine-readable and stable: monthly amounts in cents, every line with its price source. */
export function formatCostJson(v: CostView): string {
  const body = {
    hoursPerMonth: HOURS_PER_MONTH,
    currency: "USD",
    environments: v.cost.environments.map((e) => ({ name: e.name, monthly: round(e.monthly) })),
    clusters: v.cost.clusters.map((c) => ({ name: c.name, monthly: round(c.monthly) })),
    total: round(v.cost.total),
    lines: v.cost.lines.map((l) => ({ ...l, monthly: round(l.monthly) })),
    capacity: v.capacity,
    warnings: v.cost.warnings,
  };
  return JSON.stringify(body, null, 2);
}

/** Text from environments/ in Markdown: no tags, links, mentions or table cells can be forged. */
const md = (s: string) => s.replace(/([\\`*_[\]{}#|~!])/g, "\\$1").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/@/g, "&#64;");

export function formatCostMarkdown(v: CostView): string {
  const out = ["## llm-gitops cost", "", `Monthly cost in USD (${HOURS_PER_MONTH} h a month) with replicas at replicas.min, at the expected load, and at replicas.max.`, ""];
  out.push("| environment | min | expected | max |", "|---|---:|---:|---:|");
  for (const e of payers(v.cost)) out.push(`| ${md(e.name)} | ${usd(e.monthly.min)} | ${usd(e.monthly.expected)} | ${usd(e.monthly.max)} |`);
  out.push(`| **total** | ${usd(v.cost.total.min)} | ${usd(v.cost.total.expected)} | ${usd(v.cost.total.max)} |`, "");
  out.push("<details><summary>Lines and price sources</summary>", "", ...v.cost.lines.map((l) => `- ${md(lineText(l))}; price: ${md(priceSource(l.price))}`), "", "</details>", "");
  out.push("**Capacity** (each sequence at the environment's TTFT and inter-token-latency SLOs)", "", ...v.capacity.map((c) => `- ${md(capacityText(c))}`), "");
  if (v.cost.warnings.length) out.push("**Warnings**", "", ...v.cost.warnings.map((w) => `- ${md(formatProblem(w))}`), "");
  return out.join("\n");
}

/** The chart of expected monthly cost per environment, its replicas.max ceiling behind it. */
export const formatCostSvg = (v: CostView) =>
  costChart(v.cost.environments.map((e) => ({ label: e.name, value: e.monthly.expected, max: e.monthly.max })), `Monthly cost per environment (USD, ${HOURS_PER_MONTH} h)`);
