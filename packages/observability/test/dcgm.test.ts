import { describe, expect, it } from "vitest";
import { deployment, environment, observedCluster } from "@llm-gitops/config/testing";
import { renderDcgmServiceMonitor, renderMonitoring } from "../src/index.ts";

describe("platform and environment objects", () => {
  const c = observedCluster("prod-a");

  it("scrapes the DCGM exporter with honorLabels false, so the GPU's pod lands in exported_namespace/exported_pod", () => {
    expect(renderDcgmServiceMonitor(c)).toEqual({
      apiVersion: "monitoring.coreos.com/v1",
      kind: "ServiceMonitor",
      metadata: {
        name: "dcgm-exporter",
        namespace: "gpu-operator",
        labels: { release: "kube-prometheus-stack", "app.kubernetes.io/managed-by": "llm-gitops", "app.kubernetes.io/name": "dcgm-exporter" },
      },
      spec: { selector: { matchLabels: { app: "nvidia-dcgm-exporter" } }, endpoints: [{ port: "gpu-metrics", path: "/metrics", interval: "15s", honorLabels: false }] },
    });
  });

  it("renders the PodMonitor and the PrometheusRule in the environment's namespace, labelled for the cluster's Prometheus", () => {
    const env = { ...environment([deployment({ clusters: [c] })]), clusters: [c] };
    const objects = renderMonitoring(env, c);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(["PodMonitor/vllm", "PrometheusRule/vllm"]);
    const rule = objects.find((o) => o.kind === "PrometheusRule")!;
    expect(rule.apiVersion).toBe("monitoring.coreos.com/v1");
    expect(rule.metadata).toEqual({
      name: "vllm",
      namespace: "llm-prod",
      labels: { release: "kube-prometheus-stack", "app.kubernetes.io/managed-by": "llm-gitops", "app.kubernetes.io/name": "vllm" },
    });
  });
});
