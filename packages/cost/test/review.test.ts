import { describe, expect, it } from "vitest";
import { costChangeLine, costChanges, costChart, escapeXml, estimateCost, totalChangeLine, usd } from "../src/index.ts";
import { inputsOf, refCluster } from "./fixtures.ts";

const report = (max: number, envs = ["prod"]) => estimateCost(inputsOf(envs.map((name) => ({ name, clusters: [refCluster({ pricePerHour: 1 }, undefined, `c-${name}`)], deployments: [{ replicas: { min: 2, max } }] }))));

describe("the cost change between two revisions", () => {
  it("names who pays more, by how much and in percent, and the new ceiling", () => {
    const changes = costChanges(report(4), report(8));
    // Only the ceiling moved: expected stays at 2 nodes.
    expect(changes.map(costChangeLine)).toEqual(["prod: $1,533.00/month expected, unchanged; at replicas.max $2,993.00 → $5,913.00"]);
  });

  it.each([
    ["a new environment", report(4), report(4, ["prod", "staging"]), ["staging: new, $1,533.00/month expected ($2,993.00 at replicas.max)"]],
    ["a removed environment", report(4, ["prod", "staging"]), report(4), ["staging: removed, saves $1,533.00/month expected"]],
    ["no change", report(4), report(4), []],
  ])("%s", (_name, base, head, lines) => {
    expect(costChanges(base, head).map(costChangeLine)).toEqual(lines);
  });

  it("the total line: absent when nothing changed, from $0 when the base does not load", () => {
    expect(totalChangeLine(report(4), report(4))).toBeUndefined();
    expect(totalChangeLine(undefined, report(4))).toBe("total: $0.00 → $1,533.00/month expected (+$1,533.00)");
    const cheaper = estimateCost(inputsOf([{ name: "prod", clusters: [refCluster({ pricePerHour: 0.5 }, undefined, "c-prod")], deployments: [{ replicas: { min: 2, max: 4 } }] }]));
    expect(totalChangeLine(report(4), cheaper)).toBe("total: $1,533.00 → $803.00/month expected (-$730.00, -47.6%)");
  });
});

describe("the SVG bar chart", () => {
  const bars = [
    { label: "prod", value: 5454.56, max: 35536.4 },
    { label: "staging", value: 1300.08 },
  ];

  it("is deterministic and scales bars to the largest value", () => {
    const svg = costChart(bars, "Monthly cost");
    expect(costChart(bars, "Monthly cost")).toBe(svg);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    // 340 px of bar span: prod's ceiling fills it, its expected cost 5454.56 / 35536.4 of it (52.2 px).
    expect(svg).toContain('width="340.0" height="20" fill="#c6dbef"');
    expect(svg).toContain('width="52.2" height="20" fill="#2171b5"');
    expect(svg).toContain("$5,454.56 (max $35,536.40)");
  });

  it("escapes labels from environments/ so no markup can be injected", () => {
    const svg = costChart([{ label: `<script>"x"&'y'</script>`, value: 1 }], "a<b");
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("&lt;script&gt;&quot;x&quot;&amp;&apos;y&apos;");
    expect(svg).toContain(">a&lt;b</text>");
    expect(escapeXml(`<&>"'`)).toBe("&lt;&amp;&gt;&quot;&apos;");
  });

  it.each([
    [12148.8, "$12,148.80"],
    [0.004, "$0.00"],
    [1234567.891, "$1,234,567.89"],
    [-730, "-$730.00"],
  ])("money %d is %s on every machine", (n, text) => {
    expect(usd(n)).toBe(text);
  });
});

describe("shared cluster costs in the change", () => {
  it("are their own payer, listed after the environments", () => {
    const shared = refCluster({ pricePerHour: 1 }, undefined, "both");
    const two = (max: number) => estimateCost(inputsOf(["prod", "staging"].map((name) => ({ name, clusters: [shared], deployments: [{ replicas: { min: 1, max } }] }))));
    const base = two(2);
    const head = estimateCost(inputsOf(["prod", "staging"].map((name) => ({ name, clusters: [refCluster({ pricePerHour: 1, minNodes: 3 }, undefined, "both")], deployments: [{ replicas: { min: 1, max: 2 } }] }))));
    // minNodes 3 with 2 replicas in use leaves 1 idle node, a cost of the cluster both share.
    expect(costChanges(base, head).map(costChangeLine)).toEqual(["shared cluster costs: $73.00 → $803.00/month expected (+$730.00, +1000.0%); at replicas.max $73.00 → $73.00"]);
  });
});
