import { describe, expect, it } from "vitest";
import { cents, estimateCost } from "../src/index.ts";
import { byKind, inputsOf, refCluster } from "./fixtures.ts";

/**
 * ../shared/DOMAIN.md A15: the reference architecture's cost table. 10 × g5.2xlarge, 5 ×
 * c6i.4xlarge and 10 × 1 TB gp3 at its own unit prices total $15,800/month; at us-east-1
 * on-demand list prices (B8: $1.212/h, $0.68/h, $0.08/GB-month, 730 h) about $12,149.
 */
const fleet = (gpuPrice: number | undefined, cpuPrice: number | undefined, storage: { sizeGiB: number; price?: number }, controlPlanePerHour?: number) =>
  inputsOf([
    {
      clusters: [
        refCluster(gpuPrice === undefined ? {} : { pricePerHour: gpuPrice }, {
          ...(controlPlanePerHour !== undefined ? { controlPlanePerHour } : {}),
          cpuNodes: [{ name: "cpu", instanceType: "c6i.4xlarge", count: 5, ...(cpuPrice === undefined ? {} : { pricePerHour: cpuPrice }) }],
          storage: [{ name: "models", sizeGiB: storage.sizeGiB, count: 10, ...(storage.price === undefined ? {} : { pricePerGiBMonth: storage.price }) }],
        }),
      ],
      deployments: [{ replicas: { min: 10, max: 10 } }],
    },
  ]);

describe("the reference cost table (DOMAIN.md A15)", () => {
  it("at the reference's unit prices: $12,000 + $3,000 + $800 = $15,800 a month", () => {
    // Its unit prices: $1,200 per GPU node-month, $600 per CPU node-month, $0.08 per GB-month of
    // 1 TB = 1,000 GB volumes; no control-plane fee (the reference leaves it out).
    const r = estimateCost(fleet(12_000 / 10 / 730, 3_000 / 5 / 730, { sizeGiB: 1000, price: 0.08 }, 0));
    expect(cents(byKind(r.lines, "gpu")[0]!.monthly.expected)).toBe(12_000);
    expect(cents(byKind(r.lines, "cpu")[0]!.monthly.expected)).toBe(3_000);
    expect(cents(byKind(r.lines, "storage")[0]!.monthly.expected)).toBe(800);
    expect(cents(r.total.expected)).toBe(15_800);
  });

  it("at us-east-1 on-demand list prices, from the price table: $8,847.60 + $2,482.00 + $819.20 = $12,148.80", () => {
    const r = estimateCost(fleet(undefined, undefined, { sizeGiB: 1024 }, 0));
    const monthly = Object.fromEntries(r.lines.map((l) => [l.kind, cents(l.monthly.expected)]));
    expect(monthly).toEqual({ gpu: 8_847.6, cpu: 2_482, storage: 819.2 });
    expect(cents(r.total.expected)).toBe(12_148.8);
    expect(Math.round(r.total.expected)).toBe(12_149);
    // Every figure came from the table, with its source.
    expect(r.lines.map((l) => l.price.source).every((s) => s.includes("DOMAIN.md B8"))).toBe(true);
  });

  it("adds the EKS control-plane fee the reference misses ($0.10/h = $73 a month)", () => {
    const r = estimateCost(fleet(undefined, undefined, { sizeGiB: 1024 }));
    expect(cents(byKind(r.lines, "control-plane")[0]!.monthly.expected)).toBe(73);
    expect(cents(r.total.expected)).toBe(12_221.8);
  });
});
