import type { Cluster, Deployment, Environment, Inputs, Location } from "@llm-gitops/config";
import { formatProblem, problemAt, type Problem } from "@llm-gitops/core";
import { replicasPerNode } from "@llm-gitops/kserve";
import { blend, flat, levels, line, sumLevels, type CostLine, type Levels, type Price } from "./lines.ts";
import { idleNodes, nodeSteps, packing, phaseNodes, placeable, type NodeStep } from "./packing.ts";
import { controlPlanePrice, instancePrice, storagePrice } from "./prices.ts";
import { replicaPlan } from "./replicas.ts";
import { windowsInUtc } from "./schedule.ts";

export interface CostReport {
  lines: CostLine[];
  /** Per environment, its GPU lines and the shared lines of clusters it alone uses. */
  environments: { name: string; monthly: Levels }[];
  clusters: { name: string; monthly: Levels }[];
  total: Levels;
  warnings: Problem[];
}

/** Where a price was written, as the report cites it. */
export const cite = (l: Location) => `${l.file}:${l.line}:${l.col}`;

/** A node's price: platform.yaml's pricePerHour, else the list price; blended with its spot share. */
function nodePrice(c: Cluster, path: (string | number)[], node: { instanceType: string; pricePerHour?: number; spot?: { share: number; pricePerHour: number } }, warnings: Problem[]): Price | undefined {
  const at = (f: string) => c.origin.at([...path, f]);
  const listed = instancePrice(c.provider, c.region, node.instanceType);
  const base: Price | undefined = node.pricePerHour !== undefined ? { usd: node.pricePerHour, unit: "hour", source: cite(at("pricePerHour")), verified: true } : listed;
  if (!base) {
    warnings.push(problemAt(at("instanceType"), `llm-gitops has no list price for ${node.instanceType} on ${c.provider} in ${c.region}; set pricePerHour (USD per node-hour) so cost can count it`, "warning"));
    return undefined;
  }
  return blend(base, node.spot, cite(at("spot")));
}

/** ", windows open 65 h/week (America/New_York; 12:00-01:00 UTC in January, …), else offHoursMin 1". */
const windows = (d: Deployment, share: number) => {
  const s = d.autoscaling.scaler === "keda" ? d.autoscaling.schedule : undefined;
  if (!s) return "";
  const utc = windowsInUtc(s.windows, s.timezone);
  return `, windows open ${Number((share * 168).toFixed(2))} h/week (${s.timezone}${utc ? `; ${utc}` : ""}), else offHoursMin ${s.offHoursMin}`;
};

/** Whole GPU nodes a line keeps busy over the month, per level. */
type Busy = Map<CostLine, Record<keyof Levels, NodeStep[]>>;

/** The GPU nodes one deployment occupies on one cluster, priced at the first pool of its GPU profile. */
function deploymentLine(env: Environment, c: Cluster, d: Deployment, warnings: Problem[], busy: Busy): CostLine | undefined {
  const i = c.nodePools.findIndex((p) => p.gpuProfile === d.gpuProfile.name);
  const pool = c.nodePools[i];
  if (!pool) return undefined; // the loader already refuses a deployment without a pool
  const price = nodePrice(c, ["nodePools", i], pool, warnings);
  const gpus = d.gpuProfile.gpu.count;
  // kserve's replicasPerNode also counts CPU, memory and disk; a multi-node replica is GPU-bound.
  const pack = packing(gpus, pool.gpusPerNode, gpus > pool.gpusPerNode ? Infinity : replicasPerNode(pool, d));
  if (!placeable(pack)) {
    warnings.push(problemAt(d.resources.at, `a replica of ${d.name} fits no ${pool.instanceType} node of pool "${pool.name}" on ${c.name} (CPU, memory or disk), so cost cannot place it; the node-fit gate says which`, "warning"));
    return undefined;
  }
  if (!price) return undefined;
  const plan = replicaPlan(d);
  if (plan.unsupported) warnings.push(problemAt(plan.unsupported.at, plan.unsupported.message, "warning"));
  const l = line({
    cluster: c.name,
    environment: env.name,
    deployment: d.name,
    pool: pool.name,
    kind: "gpu",
    item: `${d.name}: ${pool.instanceType} (${pool.name}), ${pack.nodesPerReplica > 1 ? `${pack.nodesPerReplica} nodes per replica` : `${pack.replicasPerNode} replica(s) per node`}${windows(d, plan.openShare)}`,
    quantity: levels((l) => phaseNodes(plan[l], pack)),
    unit: "node",
    price,
  });
  busy.set(l, { min: nodeSteps(plan.min, pack), expected: nodeSteps(plan.expected, pack), max: nodeSteps(plan.max, pack) });
  return l;
}

/** What a cluster pays whoever uses it: idle GPU nodes below minNodes, control plane, CPU nodes, volumes. */
function sharedLines(c: Cluster, used: readonly CostLine[], owner: string | undefined, warnings: Problem[], steps: Busy): CostLine[] {
  const out: CostLine[] = [];
  const base = { cluster: c.name, ...(owner ? { environment: owner } : {}) };
  c.nodePools.forEach((pool, i) => {
    if (pool.minNodes === 0) return;
    const busy = used.filter((l) => l.pool === pool.name);
    const idle = levels((l) => idleNodes(pool.minNodes, busy.map((b) => steps.get(b)?.[l] ?? [{ share: 1, nodes: b.quantity[l] }])));
    const price = nodePrice(c, ["nodePools", i], pool, warnings);
    if (price && (idle.min > 0 || idle.max > 0)) out.push(line({ ...base, kind: "gpu-idle", item: `${pool.instanceType} (${pool.name}) idle below minNodes ${pool.minNodes}`, quantity: idle, unit: "node", price }));
  });
  const cp = c.cost?.controlPlanePerHour;
  const cpPrice: Price = cp !== undefined ? { usd: cp, unit: "hour", source: cite(c.origin.at(["cost", "controlPlanePerHour"])), verified: true } : controlPlanePrice(c.provider);
  if (cpPrice.usd > 0) out.push(line({ ...base, kind: "control-plane", item: `${c.provider} control plane`, quantity: flat(1), unit: "cluster", price: cpPrice }));
  (c.cost?.cpuNodes ?? []).forEach((g, i) => {
    const price = nodePrice(c, ["cost", "cpuNodes", i], g, warnings);
    if (price) out.push(line({ ...base, kind: "cpu", item: `${g.instanceType} (${g.name})`, quantity: flat(g.count), unit: "node", price }));
  });
  (c.cost?.storage ?? []).forEach((v, i) => {
    const cls = v.storageClass ?? "gp3";
    const at = (f: string) => c.origin.at(["cost", "storage", i, f]);
    const listed = storagePrice(c.provider, c.region, cls);
    const price: Price | undefined = v.pricePerGiBMonth !== undefined ? { usd: v.pricePerGiBMonth, unit: "GiB-month", source: cite(at("pricePerGiBMonth")), verified: true } : listed;
    if (!price) {
      warnings.push(problemAt(at("storageClass"), `llm-gitops has no list price for ${cls} volumes on ${c.provider} in ${c.region}; set pricePerGiBMonth`, "warning"));
      return;
    }
    const count = v.count ?? 1;
    out.push(line({ ...base, kind: "storage", item: `${count} × ${v.sizeGiB} GiB ${cls} (${v.name})`, quantity: flat(count * v.sizeGiB), unit: "GiB", price }));
  });
  return out;
}

/**
 * The monthly cost of every environment on every cluster it runs on, and of each cluster's
 * shared costs. Pure: the prices come from platform.yaml or the dated table in prices.ts.
 */
export function estimateCost(inputs: Inputs): CostReport {
  const warnings: Problem[] = [];
  const lines: CostLine[] = [];
  const busy: Busy = new Map();
  for (const env of inputs.environments) {
    for (const d of env.deployments) for (const c of d.clusters) {
      const l = deploymentLine(env, c, d, warnings, busy);
      if (l) lines.push(l);
    }
  }
  const users = (c: Cluster) => [...new Set(inputs.environments.filter((e) => e.clusters.some((x) => x.name === c.name)).map((e) => e.name))];
  const clusters = [...inputs.platform.clusters.values()].filter((c) => users(c).length > 0);
  for (const c of clusters) {
    const owners = users(c);
    lines.push(...sharedLines(c, lines.filter((l) => l.cluster === c.name), owners.length === 1 ? owners[0] : undefined, warnings, busy));
  }
  const total = (f: (l: CostLine) => boolean) => sumLevels(lines.filter(f).map((l) => l.monthly));
  return {
    lines,
    environments: inputs.environments.map((e) => ({ name: e.name, monthly: total((l) => l.environment === e.name) })),
    clusters: clusters.map((c) => ({ name: c.name, monthly: total((l) => l.cluster === c.name) })),
    total: total(() => true),
    // A pool without a price, or a schedule on two clusters, would say the same thing twice.
    warnings: [...new Map(warnings.map((w) => [formatProblem(w), w])).values()],
  };
}
