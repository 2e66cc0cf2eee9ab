import { describe, expect, it } from "vitest";
import type { Inputs } from "@llm-gitops/config";
import { a10g, cluster, deployment, environment, qwen25 } from "@llm-gitops/config/testing";
import { formatText, summarize } from "../src/index.ts";
import { costLines } from "../src/cost.ts";
import { isvc } from "./objects.ts";

/** One environment on one g5.2xlarge cluster at $1/node-hour: each replica costs $730 a month. */
function inputs(envs: Record<string, { min: number; max: number }>): Inputs {
  const environments = Object.entries(envs).map(([name, replicas]) => {
    const c = { ...cluster("0.16.0", `c-${name}`), nodePools: [{ ...cluster().nodePools[0]!, pricePerHour: 1 }] };
    return { ...environment([deployment({ replicas, clusters: [c] })]), name, file: `environments/${name}.yaml`, clusters: [c] };
  });
  const clusters = new Map(environments.flatMap((e) => e.clusters).map((c) => [c.name, c]));
  return { platform: { repository: "https://github.com/example-org/llm-platform", revision: "main", gpuProfiles: new Map([[a10g.name, a10g]]), models: new Map([[qwen25.name, qwen25]]), clusters }, environments };
}

describe("the summary's monthly cost change", () => {
  it.each([
    ["more replicas", { prod: { min: 2, max: 4 } }, { prod: { min: 3, max: 6 } }, ["prod: $1,533.00 → $2,263.00/month expected (+$730.00, +47.6%); at replicas.max $2,993.00 → $4,453.00"]],
    ["fewer replicas", { prod: { min: 3, max: 6 } }, { prod: { min: 2, max: 6 } }, ["prod: $2,263.00 → $1,533.00/month expected (-$730.00, -32.3%); at replicas.max $4,453.00 → $4,453.00"]],
    ["no cost change", { prod: { min: 2, max: 4 } }, { prod: { min: 2, max: 4 } }, []],
    [
      "a new environment, with the total",
      { prod: { min: 2, max: 4 } },
      { prod: { min: 3, max: 4 }, dev: { min: 1, max: 1 } },
      [
        "dev: new, $803.00/month expected ($803.00 at replicas.max)",
        "prod: $1,533.00 → $2,263.00/month expected (+$730.00, +47.6%); at replicas.max $2,993.00 → $2,993.00",
        "total: $1,533.00 → $3,066.00/month expected (+$1,533.00, +100.0%)",
      ],
    ],
  ])("%s", (_name, base, head, texts) => {
    expect(costLines(inputs(base), inputs(head))).toEqual(texts.map((text) => ({ topic: "cost", text })));
  });

  it("a base that does not load costs nothing: everything is new", () => {
    expect(costLines(undefined, inputs({ prod: { min: 2, max: 4 } })).map((l) => l.text)).toEqual(["prod: new, $1,533.00/month expected ($2,993.00 at replicas.max)"]);
  });

  it("is read right after GPUs and replicas", () => {
    const cost = costLines(inputs({ prod: { min: 2, max: 4 } }), inputs({ prod: { min: 3, max: 4 } }));
    const overlay = (min: number) => [{ cluster: "c-prod", environment: "prod", objects: [isvc("qwen-chat", { min, max: 4 })] }];
    const summary = summarize(overlay(2), overlay(3), cost);
    expect(summary.map((l) => l.topic)).toEqual(["capacity", "cost"]);
    const text = formatText({ base: "main", head: "HEAD", notes: [], summary, overlays: [] });
    expect(text).toContain("Monthly cost:\n  - prod: $1,533.00 → $2,263.00/month expected");
  });
});
