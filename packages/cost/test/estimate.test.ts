import { describe, expect, it } from "vitest";
import type { Autoscaling } from "@llm-gitops/config";
import { cents, costView, estimateCost, HOURS_PER_MONTH } from "../src/index.ts";
import { byKind, inputsOf, refCluster } from "./fixtures.ts";

const scheduled = (timezone: string, offHoursMin = 1): Autoscaling => ({
  metric: "queueDepth",
  target: 2,
  scaleUp: { stabilizationWindowSeconds: 0, pods: 2, periodSeconds: 60 },
  scaleDown: { stabilizationWindowSeconds: 600, pods: 1, periodSeconds: 180 },
  schedule: { timezone, windows: [{ start: "0 7 * * 1-5", end: "0 20 * * 1-5" }], offHoursMin },
  scaler: "keda",
});
const gpuLine = (r: ReturnType<typeof estimateCost>, deployment = "qwen-chat") => byKind(r.lines, "gpu").find((l) => l.deployment === deployment)!;

describe("GPU nodes of a deployment at three levels", () => {
  it("min, expected (load.utilisation of the way to max) and max replicas", () => {
    const r = estimateCost(inputsOf([{ clusters: [refCluster({ pricePerHour: 1 })], deployments: [{ replicas: { min: 2, max: 10 }, load: { utilisation: 0.25 } }] }]));
    expect(gpuLine(r).quantity).toEqual({ min: 2, expected: 4, max: 10 });
    expect(gpuLine(r).monthly).toEqual({ min: 2 * HOURS_PER_MONTH, expected: 4 * HOURS_PER_MONTH, max: 10 * HOURS_PER_MONTH });
  });

  it("a KEDA schedule drops to offHoursMin outside its windows: 65 of 168 hours at 2, the rest at 1", () => {
    const r = estimateCost(inputsOf([{ clusters: [refCluster({ pricePerHour: 1 })], deployments: [{ replicas: { min: 2, max: 4 }, autoscaling: scheduled("America/New_York") }] }]));
    const share = 65 / 168;
    expect(gpuLine(r).quantity.min).toBeCloseTo(share * 2 + (1 - share) * 1, 12);
    expect(gpuLine(r).quantity.max).toBe(4); // the ceiling ignores the schedule: the load trigger can reach it any time
    expect(gpuLine(r).item).toContain("windows open 65 h/week (America/New_York; 12:00-01:00 UTC in January, 11:00-00:00 UTC in July), else offHoursMin 1");
  });

  it.each(["America/New_York", "Asia/Kolkata", "UTC"])("the same windows cost the same in %s (KEDA reads them in local time)", (zone) => {
    const r = estimateCost(inputsOf([{ clusters: [refCluster({ pricePerHour: 1 })], deployments: [{ replicas: { min: 2, max: 4 }, autoscaling: scheduled(zone) }] }]));
    expect(cents(gpuLine(r).monthly.min)).toBe(cents((2 * 65 + 1 * 103) / 168 * HOURS_PER_MONTH));
  });

  it("a window it cannot count is priced as always open, with a warning at the windows", () => {
    const autoscaling = scheduled("UTC");
    autoscaling.schedule!.windows = [{ start: "0 7 1 * *", end: "0 20 1 * *" }];
    const r = estimateCost(inputsOf([{ clusters: [refCluster({ pricePerHour: 1 })], deployments: [{ replicas: { min: 2, max: 4 }, autoscaling }] }]));
    expect(gpuLine(r).quantity.min).toBe(2);
    expect(r.warnings.map((w) => w.path)).toEqual(["deployments[0].autoscaling.schedule.windows"]);
  });

  it.each(["Mars/Base", "America/Atlantis", "Etc/GMT+99"])("an unknown time zone (%s) is priced as always open, with a warning at the timezone, not a crash", (zone) => {
    const r = estimateCost(inputsOf([{ clusters: [refCluster({ pricePerHour: 1 })], deployments: [{ replicas: { min: 2, max: 4 }, autoscaling: scheduled(zone) }] }]));
    expect(gpuLine(r).quantity.min).toBe(2);
    expect(gpuLine(r).item).toContain(`windows open 168 h/week (${zone}), else offHoursMin 1`);
    expect(r.warnings.map((w) => [w.severity, w.path])).toEqual([["warning", "deployments[0].autoscaling.schedule.timezone"]]);
    expect(r.warnings[0]!.message).toContain(`unknown time zone "${zone}"`);
  });
});

describe("prices", () => {
  it("defaults to the dated list price and cites it; platform.yaml's pricePerHour overrides it and is cited by file:line:col", () => {
    const listed = gpuLine(estimateCost(inputsOf([{ clusters: [refCluster()], deployments: [{ replicas: { min: 1, max: 1 } }] }])));
    expect(listed.price).toMatchObject({ usd: 1.212, asOf: "2026-11-27", verified: true });
    const own = gpuLine(estimateCost(inputsOf([{ clusters: [refCluster({ pricePerHour: 0.9 })], deployments: [{ replicas: { min: 1, max: 1 } }] }])));
    expect(own.price).toMatchObject({ usd: 0.9, source: "environments/platform.yaml:1:1" });
  });

  it("blends a pool's spot share: 40% at $0.50 and 60% at $1.212", () => {
    const l = gpuLine(estimateCost(inputsOf([{ clusters: [refCluster({ spot: { share: 0.4, pricePerHour: 0.5 } })], deployments: [{ replicas: { min: 1, max: 1 } }] }])));
    expect(l.price.usd).toBeCloseTo(0.6 * 1.212 + 0.4 * 0.5, 12);
    expect(l.price.spot).toMatchObject({ share: 0.4, usd: 0.5, onDemandUsd: 1.212 });
  });

  it("warns once, at the instance type, when neither platform.yaml nor the table has a price", () => {
    // minNodes 1 prices the pool twice (the deployment's nodes and the idle floor): one warning.
    const c = { ...refCluster({ instanceType: "g5.2xlarge", minNodes: 1 }), region: "eu-west-1" };
    const r = estimateCost(inputsOf([{ clusters: [c], deployments: [{ replicas: { min: 1, max: 1 } }] }]));
    expect(byKind(r.lines, "gpu")).toEqual([]);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatchObject({ severity: "warning", path: expect.stringContaining("nodePools.0.instanceType") });
    expect(r.warnings[0]!.message).toContain("set pricePerHour");
  });
});

describe("shared costs of a cluster", () => {
  it("bills GPU nodes idle below minNodes to the cluster", () => {
    const r = estimateCost(inputsOf([{ clusters: [refCluster({ pricePerHour: 1, minNodes: 3 })], deployments: [{ replicas: { min: 1, max: 5 } }] }]));
    expect(byKind(r.lines, "gpu-idle")[0]!.quantity).toEqual({ min: 2, expected: 2, max: 0 });
  });

  // Idle nodes are Σ share × max(0, minNodes − busy nodes) over the month, not minNodes less the average busy nodes:
  // 3 replicas for 65 of 168 hours and 1 otherwise leave one node idle below minNodes 2 for 103 hours.
  it.each([
    ["a schedule dips below the floor off hours", 2, { min: 3, max: 4 }, scheduled("UTC", 1), (103 / 168) * 1],
    ["off hours at 0 replicas", 2, { min: 1, max: 4 }, scheduled("UTC", 0), (65 * 1 + 103 * 2) / 168],
    ["a schedule that stays at the floor", 1, { min: 3, max: 4 }, scheduled("UTC", 1), 0],
    ["no schedule: the floor less the replicas", 3, { min: 1, max: 5 }, undefined, 2],
  ])("idle below minNodes: %s", (_name, minNodes, replicas, autoscaling, idle) => {
    const r = estimateCost(inputsOf([{ clusters: [refCluster({ pricePerHour: 1, minNodes })], deployments: [{ replicas, ...(autoscaling ? { autoscaling } : {}) }] }]));
    const idleLine = byKind(r.lines, "gpu-idle")[0];
    expect(idleLine?.quantity.min ?? 0).toBeCloseTo(idle, 12);
  });

  it("minNodes 2, replicas.min 3, offHoursMin 1, 65 h/week: 2.387 nodes on average, not 2.000", () => {
    const r = estimateCost(inputsOf([{ clusters: [refCluster({ pricePerHour: 1, minNodes: 2 })], deployments: [{ replicas: { min: 3, max: 4 }, autoscaling: scheduled("UTC", 1) }] }]));
    const nodes = r.lines.filter((l) => l.kind === "gpu" || l.kind === "gpu-idle").reduce((n, l) => n + l.quantity.min, 0);
    expect(nodes).toBeCloseTo((65 * 3 + 103 * 2) / 168, 12);
    expect(nodes.toFixed(3)).toBe("2.387");
  });

  it("two deployments on one pool with the same windows are busy together: 4 nodes in the windows, 2 off hours", () => {
    const d = (name: string) => ({ name, replicas: { min: 2, max: 4 }, autoscaling: scheduled("UTC", 1) });
    const r = estimateCost(inputsOf([{ clusters: [refCluster({ pricePerHour: 1, minNodes: 3 })], deployments: [d("a"), d("b")] }]));
    expect(byKind(r.lines, "gpu-idle")[0]!.quantity.min).toBeCloseTo((103 / 168) * 1, 12);
  });

  it("counts a cluster's shared lines to the one environment that uses it, else as shared", () => {
    const a = refCluster({ pricePerHour: 1 }, undefined, "a");
    const b = refCluster({ pricePerHour: 1 }, undefined, "b");
    const inputs = inputsOf([
      { name: "prod", clusters: [a, b], deployments: [{}] },
      { name: "staging", clusters: [b], deployments: [{}] },
    ]);
    const planes = byKind(estimateCost(inputs).lines, "control-plane");
    expect(planes.find((l) => l.cluster === "a")!.environment).toBe("prod");
    expect(planes.find((l) => l.cluster === "b")!.environment).toBeUndefined();
    // Selecting staging keeps cluster b's shared costs shared, and leaves cluster a out.
    const staging = costView(inputs, ["staging"]);
    expect(staging.cost.clusters.map((c) => c.name)).toEqual(["b"]);
    expect(staging.cost.environments.map((e) => e.name)).toEqual(["staging"]);
  });
});
