import { describe, expect, it } from "vitest";
import { cluster, deployment, environment } from "@llm-gitops/config/testing";
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
