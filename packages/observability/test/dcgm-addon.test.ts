import { describe, expect, it } from "vitest";
import { a10g, cluster } from "@llm-gitops/config/testing";
import type { Cluster, Platform } from "@llm-gitops/config";
import type { KubernetesObject } from "@llm-gitops/core";
import { gpuNodes, renderDcgmAddon } from "../src/dcgm-addon.ts";

const platform = { gpuProfiles: new Map([[a10g.name, a10g]]) } as unknown as Platform;
const base = cluster();
const dcgm = { namespace: "gpu-monitoring", serviceLabels: { "app.kubernetes.io/name": "dcgm-exporter" }, port: "metrics" };
const withDcgm = (over: Partial<Cluster> = {}): Cluster => ({ ...base, prometheus: { ...base.prometheus, dcgmExporter: dcgm }, addons: { dcgmExporter: { chart: "4.8.2", values: {} } }, ...over });

describe("the DCGM exporter add-on", () => {
  it("runs on the GPU nodes the serving pods select, tolerating their taints, with the chart's ServiceMonitor off", () => {
    const [app] = renderDcgmAddon(withDcgm(), platform) as (KubernetesObject & { spec: Record<string, any> })[];
    expect(app!.spec.source).toMatchObject({ repoURL: "https://nvidia.github.io/dcgm-exporter/helm-charts", chart: "dcgm-exporter", targetRevision: "4.8.2" });
    expect(app!.spec.destination.namespace).toBe("gpu-monitoring");
    const values = app!.spec.source.helm.valuesObject;
    expect(values.serviceMonitor).toEqual({ enabled: false });
    expect(values.tolerations).toEqual(a10g.tolerations);
    expect(values.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: "nvidia.com/gpu.product", operator: "In", values: ["NVIDIA-A10G"] }] },
    ]);
  });

  it.each([
    ["instance types, one term each", { gpuNodeLabels: "instance-type" as const, nodePools: [{ ...base.nodePools[0]!, instanceType: "g5.2xlarge" }, { ...base.nodePools[0]!, name: "b", instanceType: "g5.4xlarge" }] }, [["node.kubernetes.io/instance-type", "g5.2xlarge"], ["node.kubernetes.io/instance-type", "g5.4xlarge"]]],
    ["the profile's own selector", {}, [["pool", "gpu"]]],
  ])("selects nodes by %s", (name, over, expected) => {
    const profiles = name === "the profile's own selector" ? new Map([[a10g.name, { ...a10g, nodeSelector: { pool: "gpu" } }]]) : platform.gpuProfiles;
    const { affinity } = gpuNodes({ ...withDcgm(), ...over }, { gpuProfiles: profiles } as unknown as Platform);
    const terms = affinity.nodeAffinity!.requiredDuringSchedulingIgnoredDuringExecution!.nodeSelectorTerms;
    expect(terms.map((t) => t.matchExpressions!.map((e) => [e.key, e.values![0]])).flat()).toEqual(expected);
  });

  it("is not rendered without the add-on or without the ServiceMonitor settings", () => {
    expect(renderDcgmAddon({ ...withDcgm(), addons: {} }, platform)).toEqual([]);
    expect(renderDcgmAddon({ ...withDcgm(), prometheus: base.prometheus }, platform)).toEqual([]);
  });
});
