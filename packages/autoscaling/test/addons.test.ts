import { describe, expect, it } from "vitest";
import { cluster } from "@llm-gitops/config/testing";
import type { KubernetesObject } from "@llm-gitops/core";
import { adapterRules } from "../src/adapter.ts";
import { adapterPrometheus, renderAutoscalingAddons } from "../src/addons.ts";
import { renderAutoscalingCluster } from "../src/index.ts";

type App = KubernetesObject & { spec: Record<string, any> };

describe("the chart's prometheus-url is url + :port + path", () => {
  it.each([
    ["http://prometheus-operated.monitoring.svc:9090", { url: "http://prometheus-operated.monitoring.svc", port: 9090, path: "" }],
    ["https://prometheus.example.com/prom", { url: "https://prometheus.example.com", port: "", path: "/prom" }],
    ["http://prometheus.monitoring.svc", { url: "http://prometheus.monitoring.svc", port: "", path: "" }],
  ])("%s", (url, expected) => {
    expect(adapterPrometheus(url)).toEqual(expected);
    const back = `${expected.url}${expected.port ? `:${expected.port}` : ""}${expected.path}`;
    expect(back).toBe(url);
  });
});

describe("prometheus-adapter and KEDA as add-ons", () => {
  const c = { ...cluster(), addons: { prometheusAdapter: { chart: "5.3.0", values: {} }, keda: { chart: "2.20.2", values: {} } } };
  const objects = renderAutoscalingAddons(c) as App[];
  const app = (name: string) => objects.find((o) => o.metadata.name === `prod-a-${name}`)!;

  it("puts exactly our rules in the adapter's values, where a change rolls it", () => {
    expect(app("prometheus-adapter").spec.source.helm.valuesObject.rules).toEqual({ default: false, custom: adapterRules() });
    expect(app("prometheus-adapter").spec.destination.namespace).toBe(c.prometheus.adapterNamespace);
  });

  it("then renders no rules ConfigMap (one source of rules); without the add-on it does", () => {
    expect(renderAutoscalingCluster(c)).toEqual([]);
    expect(renderAutoscalingCluster(cluster()).map((o) => o.metadata.name)).toEqual(["llm-gitops-adapter-rules"]);
  });

  it("keeps the CA bundles KEDA's operator patches into its webhook and APIService", () => {
    expect(app("keda").spec.source).toMatchObject({ chart: "keda", targetRevision: "2.20.2" });
    expect(app("keda").spec.ignoreDifferences.map((d: { kind: string; name: string }) => `${d.kind}/${d.name}`)).toEqual([
      "ValidatingWebhookConfiguration/keda-admission",
      "APIService/v1beta1.external.metrics.k8s.io",
    ]);
  });
});
