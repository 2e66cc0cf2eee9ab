import { describe, expect, it } from "vitest";
import { loadPair, pairProblems, PLATFORM, PROD } from "./fixtures.ts";

/** The inputs of `llm-gitops cost`: a pool's spot share, a cluster's fixed costs, a deployment's load. */
const COST = `    cost:
      controlPlanePerHour: 0.1
      cpuNodes:
        - { name: system, instanceType: c6i.4xlarge, count: 3, spot: { share: 0.5, pricePerHour: 0.34 } }
      storage:
        - { name: models, sizeGiB: 1024, count: 10 }
`;
const withCost = PLATFORM.replace("    prometheus:\n", `${COST}    prometheus:\n`).replace("        pricePerHour: 1.212\n", "        spot: { share: 0.25, pricePerHour: 0.5 }\n");
const LOAD = "    load:\n      utilisation: 0.3\n      peak: { requestsPerSecond: 5, inputTokens: 1500, outputTokens: 300 }\n";

describe("cost inputs", () => {
  it("resolve onto the cluster, its pools and the deployment; pricePerHour may be left to the price table", () => {
    const { platform, environments } = loadPair(withCost, PROD + LOAD);
    const c = platform.clusters.get("prod-a")!;
    expect(c.cost).toEqual({ controlPlanePerHour: 0.1, cpuNodes: [{ name: "system", instanceType: "c6i.4xlarge", count: 3, spot: { share: 0.5, pricePerHour: 0.34 } }], storage: [{ name: "models", sizeGiB: 1024, count: 10 }] });
    expect(c.nodePools[0]).toMatchObject({ spot: { share: 0.25, pricePerHour: 0.5 } });
    expect(c.nodePools[0]!.pricePerHour).toBeUndefined();
    expect(environments[0]!.deployments[0]!.load).toEqual({ utilisation: 0.3, peak: { requestsPerSecond: 5, inputTokens: 1500, outputTokens: 300 } });
  });

  it("are optional", () => {
    const { platform, environments } = loadPair(PLATFORM, PROD);
    expect(platform.clusters.get("prod-a")!.cost).toBeUndefined();
    expect(environments[0]!.deployments[0]!.load).toBeUndefined();
  });

  it.each([
    ["a spot share above 1", withCost.replace("share: 0.25", "share: 1.5"), PROD, /nodePools\[0\]\.spot\.share: must be <= 1/],
    ["a utilisation above 1", PLATFORM, PROD + LOAD.replace("0.3", "1.3"), /deployments\[0\]\.load\.utilisation: must be <= 1/],
    ["a peak without output tokens", PLATFORM, PROD + LOAD.replace(", outputTokens: 300", ""), /deployments\[0\]\.load\.peak: missing required field "outputTokens"/],
    ["an unknown cost field", withCost.replace("controlPlanePerHour", "controlPlanePerHr"), PROD, /cost\.controlPlanePerHr: unknown field; did you mean "controlPlanePerHour"\?/],
  ])("refuse %s, at the field", (_name, platform, prod, message) => {
    expect(pairProblems(platform, prod).join("\n")).toMatch(message);
  });
});
