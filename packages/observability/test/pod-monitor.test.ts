import { describe, expect, it } from "vitest";
import { cluster, deployment, environment, meshCluster } from "@llm-gitops/config/testing";
import { renderMonitoring } from "../src/index.ts";
import { renderPodMonitor } from "../src/pod-monitor.ts";

describe("PodMonitor for vLLM", () => {
  const c = cluster("0.16.0", "prod-a");
  const env = { ...environment([deployment({ clusters: [c] })]), clusters: [c] };

  it("selects KServe's predictor pods on the named vLLM port, labelled for the cluster's Prometheus", () => {
    expect(renderPodMonitor(env, c)).toEqual({
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PodMonitor",
      metadata: {
        name: "vllm",
        namespace: "llm-prod",
        labels: { release: "kube-prometheus-stack", "app.kubernetes.io/managed-by": "llm-gitops", "app.kubernetes.io/name": "vllm" },
      },
      spec: {
        selector: { matchLabels: { component: "predictor" }, matchExpressions: [{ key: "serving.kserve.io/inferenceservice", operator: "Exists" }] },
        podMetricsEndpoints: [{ port: "http1", path: "/metrics", interval: "15s", scheme: "http" }],
      },
    });
  });

  it("is rendered only where the environment serves something on the cluster", () => {
    const other = cluster("0.16.0", "prod-b");
    expect(renderMonitoring({ ...env, clusters: [c, other] }, other)).toEqual([]);
    expect(renderMonitoring({ ...env, deployments: [] }, c)).toEqual([]);
  });
});

describe("PodMonitor in an Istio mesh (metrics merging)", () => {
  const c = meshCluster("prod-a");
  const env = { ...environment([deployment({ clusters: [c] })]), clusters: [c] };

  it("scrapes the sidecar agent's merged endpoint on :15020 through the sidecar's declared port", () => {
    expect(renderPodMonitor(env, c)?.spec.podMetricsEndpoints).toEqual([
      {
        port: "http-envoy-prom",
        path: "/stats/prometheus",
        interval: "15s",
        scheme: "http",
        relabelings: [{ sourceLabels: ["__address__"], regex: "(.+):[0-9]+", replacement: "$1:15020", targetLabel: "__address__", action: "replace" }],
      },
    ]);
  });

  it.each([
    ["10.0.3.7:15090", "10.0.3.7:15020"],
    ["[fd00::a:7]:15090", "[fd00::a:7]:15020"],
  ])("rewrites %s to %s as Prometheus applies the relabeling (anchored RE2 on the whole value)", (address, expected) => {
    const [r] = renderPodMonitor(env, c)!.spec.podMetricsEndpoints[0]!.relabelings!;
    const m = new RegExp(`^(?:${r!.regex})$`).exec(address);
    expect(m && r!.replacement.replace("$1", m[1]!)).toBe(expected);
  });

});
