/**
 * The arithmetic of a cost line. A month is 730 hours (8,760 / 12), as AWS's pricing examples
 * and ../shared/DOMAIN.md A15 count it.
 */
export const HOURS_PER_MONTH = 730;

/** The three levels every figure is given at: replicas at their floor, expected, and at the ceiling. */
export type Levels = { min: number; expected: number; max: number };
export const levels = (f: (l: keyof Levels) => number): Levels => ({ min: f("min"), expected: f("expected"), max: f("max") });
export const flat = (n: number): Levels => ({ min: n, expected: n, max: n });
export const sumLevels = (items: readonly Levels[]): Levels => levels((l) => items.reduce((n, x) => n + x[l], 0));

/** A unit price and where it comes from; `source` is a URL or a file:line:col of platform.yaml. */
export interface Price {
  usd: number;
  unit: "hour" | "GiB-month";
  source: string;
  asOf?: string;
  verified: boolean;
  /** When part of the capacity runs on spot: the on-demand price and the spot share and price blended into usd. */
  spot?: { share: number; usd: number; onDemandUsd: number; source: string };
}

/** The price of a node with `share` of the fleet on spot at `spotUsd`: the time-weighted blend of both. */
export function blend(onDemand: Price, spot: { share: number; pricePerHour: number } | undefined, spotSource: string): Price {
  if (!spot || spot.share === 0) return onDemand;
  const usd = (1 - spot.share) * onDemand.usd + spot.share * spot.pricePerHour;
  return { ...onDemand, usd, spot: { share: spot.share, usd: spot.pricePerHour, onDemandUsd: onDemand.usd, source: spotSource } };
}

export type LineKind = "gpu" | "gpu-idle" | "cpu" | "storage" | "control-plane";

export interface CostLine {
  cluster: string;
  /** The environment that pays for it; absent for what several environments share. */
  environment?: string;
  deployment?: string;
  /** The node pool a GPU line occupies. */
  pool?: string;
  kind: LineKind;
  /** What is billed, e.g. "g5.2xlarge (gpu-a10g)". */
  item: string;
  /** Nodes on average, GiB, or clusters. */
  quantity: Levels;
  unit: "node" | "GiB" | "cluster";
  price: Price;
  monthly: Levels;
}

/** Monthly USD of a quantity at a price: node- and cluster-hours for 730 hours, GiB for a month. */
export function monthly(quantity: number, price: Price): number {
  return quantity * price.usd * (price.unit === "hour" ? HOURS_PER_MONTH : 1);
}

export function line(fields: Omit<CostLine, "monthly">): CostLine {
  return { ...fields, monthly: levels((l) => monthly(fields.quantity[l], fields.price)) };
}

/** Whole cents, so totals add up the way a reader checks them. */
export const cents = (usd: number) => Math.round(usd * 100) / 100;
