import { describe, expect, it } from "vitest";
import { costView, formatCostJson, formatCostMarkdown, formatCostSvg, formatCostText } from "../src/index.ts";
import { inputsOf, refCluster } from "./fixtures.ts";

const shared = refCluster({ pricePerHour: 1 }, { cpuNodes: [{ name: "system", instanceType: "c6i.4xlarge", count: 1 }] }, "both");
const view = costView(inputsOf(["prod", "staging"].map((name) => ({ name, clusters: [shared], deployments: [{ replicas: { min: 1, max: 3 }, load: { utilisation: 1 / 3 } }] }))));

describe("the cost report's formats", () => {
  it("text: a row per environment, the shared costs, the total, and each price's source", () => {
    const text = formatCostText(view);
    expect(text).toContain("  prod         $730.00 / $1,216.67 / $2,190.00");
    // c6i.4xlarge at $0.68 (list) + EKS control plane $73, shared by both environments.
    expect(text).toContain("  (shared)     $569.40 / $569.40 / $569.40");
    expect(text).toContain("  total        $2,029.40 / $3,002.73 / $4,949.40");
    expect(text).toContain("price: ../shared/DOMAIN.md B8 (us-east-1 on-demand, Linux), per https://aws.amazon.com/ec2/pricing/on-demand/, list price as of 2026-11-27");
    expect(text).toContain("(unverified: set the price in platform.yaml)"); // the EKS fee is not in B8
  });

  it("json: amounts in whole cents, one document", () => {
    const doc = JSON.parse(formatCostJson(view));
    expect(doc.environments).toEqual([
      { name: "prod", monthly: { min: 730, expected: 1216.67, max: 2190 } },
      { name: "staging", monthly: { min: 730, expected: 1216.67, max: 2190 } },
    ]);
    expect(doc.total).toEqual({ min: 2029.4, expected: 3002.73, max: 4949.4 });
  });

  it("markdown: a table with the shared row, the total in bold", () => {
    const md = formatCostMarkdown(view);
    expect(md).toContain("| (shared) | $569.40 | $569.40 | $569.40 |");
    expect(md).toContain("| **total** | $2,029.40 | $3,002.73 | $4,949.40 |");
  });

  it("is byte-identical on every run", () => {
    expect(formatCostSvg(view)).toBe(formatCostSvg(costView(inputsOf(["prod", "staging"].map((name) => ({ name, clusters: [shared], deployments: [{ replicas: { min: 1, max: 3 }, load: { utilisation: 1 / 3 } }] }))))));
  });
});
