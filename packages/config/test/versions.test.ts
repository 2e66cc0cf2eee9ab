import { describe, expect, it } from "vitest";
import { loadPair, pairProblems, PLATFORM, PROD } from "./fixtures.ts";

/** Inserts lines after the cluster's prometheus block (its last field in the fixture). */
const withCluster = (lines: string) => PLATFORM.replace("      monitorLabels: {}\n", `      monitorLabels: {}\n${lines}`);
const versionsOf = (platform: string) => loadPair(platform, PROD).platform.clusters.get("prod-a")!.versions;
const MESH = `    mesh:\n      istio: { version: "1.30.3" }\n`;
const KONG = `    gateway:\n      kong: { version: "3.5.13", namespace: kong, serviceAccount: kong-gateway, routes: ingress }\n`;

describe("a cluster's versions: every release it runs, in one place", () => {
  it.each([
    ["none given: the pinned defaults and kserve.version", "", { kubernetes: "1.33.1", kserve: "0.15.2", keda: "2.20.2", argocd: "3.5.1", prometheusOperator: "0.93.0" }],
    [
      "each given",
      `    versions: { kubernetes: "1.34.2", keda: "2.19.0", argocd: "3.4.0", prometheusOperator: "0.90.1" }\n`,
      { kubernetes: "1.34.2", kserve: "0.15.2", keda: "2.19.0", argocd: "3.4.0", prometheusOperator: "0.90.1" },
    ],
    ["KEDA from its chart when versions.keda is not set", `    addons:\n      keda: { chart: "2.18.1" }\n`, { keda: "2.18.1" }],
    ["KEDA from both when they agree", `    versions: { keda: "2.18.1" }\n    addons:\n      keda: { chart: "2.18.1" }\n`, { keda: "2.18.1" }],
    ["Istio, Kong and the Gateway API from mesh and gateway", MESH + KONG, { istio: "1.30.3", kong: "3.5.13", gatewayApi: "1.6.1" }],
  ])("%s", (_, lines, expected) => {
    expect(versionsOf(withCluster(lines))).toMatchObject(expected);
  });

  it("has no Istio, Kong or Gateway API release on a cluster without mesh and gateway", () => {
    expect(Object.keys(versionsOf(PLATFORM)).sort()).toEqual(["argocd", "keda", "kserve", "kubernetes", "prometheusOperator"]);
  });
});

describe("versions that cannot be right are refused, each at its field", () => {
  it.each([
    ["KEDA other than its chart", `    versions: { keda: "2.20.2" }\n    addons:\n      keda: { chart: "2.18.1" }\n`, /versions\.keda: KEDA 2\.20\.2 here, but addons\.keda\.chart installs 2\.18\.1 \(the KEDA chart's version is the KEDA release\); make them equal, or drop versions\.keda/],
    ["a Kubernetes minor without its patch", `    versions: { kubernetes: "1.33" }\n`, /versions\.kubernetes: .*use the full release version major\.minor\.patch, e\.g\. 1\.33\.1/],
    ["a v before the version", `    versions: { argocd: "v3.5.1" }\n`, /versions\.argocd: .*major\.minor\.patch/],
    ["a release whose field lives elsewhere", `    versions: { istio: "1.30.3" }\n`, /versions.*istio/],
  ])("%s", (_, lines, expected) => {
    expect(pairProblems(withCluster(lines), PROD).join("\n")).toMatch(expected);
  });
});
