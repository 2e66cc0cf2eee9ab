import { describe, expect, it } from "vitest";
import { cluster, deployment, environment, observedCluster } from "@llm-gitops/config/testing";
import type { KubernetesObject } from "@llm-gitops/core";
import { renderMonitoringCluster, renderPrometheusRule, type Dashboard } from "../src/index.ts";
import { checkRules, testRules } from "./promtool-rules.ts";

const c = observedCluster("prod-a");
const objects = renderMonitoringCluster(c);
const find = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name) as KubernetesObject & { data: Record<string, string> };
const parse = (name: string): Dashboard => JSON.parse(Object.values(find("ConfigMap", `${name}-dashboard`).data)[0]!) as Dashboard;
const dashboards = ["llm-gitops-vllm", "llm-gitops-capacity"].map(parse);
const exprs = dashboards.flatMap((d) => d.panels.flatMap((p) => p.targets ?? []).map((t) => t.expr));
/** What Grafana sends Prometheus: variables substituted. */
const concrete = (e: string) => e.replaceAll("$namespace", "llm-prod").replaceAll("$__rate_interval", "5m");
const env = { ...environment([deployment({ clusters: [c] })]), clusters: [c] };
const records = renderPrometheusRule(env, c)!.spec.groups.flatMap((g) => g.rules).flatMap((r) => ("record" in r ? [r.record] : []));

describe("Grafana dashboards", () => {
  it.each([
    ["llm-gitops-vllm-dashboard", "llm-gitops-vllm.json"],
    ["llm-gitops-capacity-dashboard", "llm-gitops-capacity.json"],
  ])("%s is a ConfigMap in Grafana's namespace, labelled for the sidecar", (name, key) => {
    const cm = find("ConfigMap", name);
    expect(cm.metadata).toEqual({ name, namespace: "monitoring", labels: { grafana_dashboard: "1", "app.kubernetes.io/managed-by": "llm-gitops", "app.kubernetes.io/name": "grafana-dashboard" } });
    expect(Object.keys(cm.data)).toEqual([key]);
  });

  it("renders byte-identical output every time, with ids 1…n and fixed uids", () => {
    expect(JSON.stringify(renderMonitoringCluster(c))).toBe(JSON.stringify(objects));
    for (const d of dashboards) {
      expect(d.panels.map((p) => p.id)).toEqual(d.panels.map((_, i) => i + 1));
      expect(d.templating.list.map((v) => v.name)).toEqual(["datasource", "namespace"]);
      expect(Object.keys(d)[0]).toBe("annotations");
    }
  });

  it("covers the panels operators need", () => {
    const titles = dashboards.flatMap((d) => d.panels.map((p) => p.title));
    for (const t of ["Finished requests per second", "Time to first token", "Inter-token latency", "End-to-end request latency", "Tokens per second", "Queue depth and running requests", "KV-cache usage", "GPU utilisation", "GPU memory used", "Replicas vs desired", "Gateway responses by status code"]) {
      expect(titles).toContain(t);
    }
  });

  it("reads vLLM only through recording rules the PrometheusRule defines", () => {
    expect(exprs.filter((e) => e.includes("vllm:"))).toEqual([]);
    const used = new Set(exprs.flatMap((e) => [...e.matchAll(/\b(namespace(?:_model|_pod)?:[a-z0-9_]+:[a-z0-9_]+)/g)].map((m) => m[1]!)));
    expect(used.size).toBeGreaterThan(10);
    for (const r of used) expect(records).toContain(r);
  });

  it("every query parses (promtool check rules)", async () => {
    const rules = exprs.map((e, i) => ({ record: `dashboard_expr_${i}`, expr: concrete(e) }));
    expect(await checkRules([{ name: "dashboards", rules }])).toMatch(/SUCCESS/);
  });

  it("the gateway panel selects Kong services of the namespace only (escaped regex)", async () => {
    const expr = concrete(exprs.find((e) => e.includes("kong_http_requests_total"))!);
    const kong = (service: string, code: string) => ({ series: `kong_http_requests_total{service="${service}",route="r",code="${code}",source="service",workspace="default",consumer="acme"}`, values: "0+60x20" });
    const out = await testRules([], [
      {
        input_series: [kong("llm-prod.qwen-chat-predictor.80", "200"), kong("llm-prod.qwen-chat-predictor.80", "503"), kong("llm-prodx.other.80", "200"), kong("llm-dev.qwen-chat-predictor.80", "200")],
        promql_expr_test: [{ expr, eval_time: "10m", exp_samples: [{ labels: '{code="200"}', value: 1 }, { labels: '{code="503"}', value: 1 }] }],
      },
    ]);
    expect(out).toMatch(/SUCCESS/);
  });

  it("is not rendered without Grafana; the ServiceMonitor not without DCGM", () => {
    expect(renderMonitoringCluster(cluster("0.16.0", "prod-a"))).toEqual([]);
  });
});
