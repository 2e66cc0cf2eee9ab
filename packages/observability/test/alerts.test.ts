import { describe, expect, it } from "vitest";
import { deployment, environment, observedCluster } from "@llm-gitops/config/testing";
import { renderPrometheusRule, type AlertingRule } from "../src/index.ts";
import { HEALTHY, podSeries, type PodLoad } from "./series.ts";
import { checkRules, testRules } from "./promtool-rules.ts";

const c = observedCluster("prod-a");
const env = { ...environment([deployment({ clusters: [c] })]), clusters: [c] };
const rule = renderPrometheusRule(env, c)!;
const alerts = rule.spec.groups.flatMap((g) => g.rules).filter((r): r is AlertingRule => "alert" in r);
const alert = (name: string) => alerts.find((a) => a.alert === name)!;

const PODS = ["qwen-chat-predictor-7d9f8c6b5-abcde", "qwen-chat-predictor-7d9f8c6b5-fghij"];
const load = (over: Partial<PodLoad>, namespace = "llm-prod") =>
  PODS.flatMap((pod) => podSeries({ ...HEALTHY, pod, version: "0.10.2", namespace, ...over }));
/** Another environment's namespace in distress: never alerts in llm-prod. */
const DECOY = load({ ttft: 100, itl: 5, e2e: 1000, http5xx: 10, waiting: 100, kv: 1, preemptions: 5, gpu: 100 }, "llm-dev");

const MODEL = { namespace: "llm-prod", model_name: "qwen2.5-7b-instruct" };
const NAMESPACE = { namespace: "llm-prod" };

/** Each alert: the load that breaches its threshold (fixture SLO: TTFT 2 s, ITL 0.1 s, E2E 60 s, 1 % errors, 10 queued, 95 % KV, 95 % GPU) and the alert's labels. */
const CASES: [name: string, breach: Partial<PodLoad> | "no-vllm", labels: Record<string, string>][] = [
  ["VllmTimeToFirstTokenHigh", { ttft: 4 }, MODEL], // p95 4.875 s > 2
  ["VllmInterTokenLatencyHigh", { itl: 0.3 }, MODEL], // p95 0.4875 s > 0.1
  ["VllmEndToEndLatencyHigh", { e2e: 100 }, MODEL], // p95 117 s > 60
  ["VllmErrorRatioHigh", { http5xx: 1 }, NAMESPACE], // 1/5 > 0.01
  ["VllmQueueDepthHigh", { waiting: 30 }, MODEL],
  ["VllmKvCacheUsageHigh", { kv: 0.99 }, MODEL],
  ["VllmPreempting", { preemptions: 0.5 }, MODEL],
  ["VllmGpuSaturated", { gpu: 99 }, NAMESPACE],
  ["VllmMetricsAbsent", "no-vllm", NAMESPACE],
];

/** What Alertmanager would receive: the templates expanded with the alert's labels. */
const expand = (text: string, labels: Record<string, string>) => text.replace(/\{\{ \$labels\.(\w+) \}\}/g, (_, k: string) => labels[k] ?? "");

describe("SLO alerts (promtool test rules)", () => {
  it("renders one alert per case, each with for, severity and annotations naming the SLO field", () => {
    expect(alerts.map((a) => a.alert).sort()).toEqual(CASES.map(([n]) => n).sort());
    for (const a of alerts) {
      expect(a.for).toMatch(/^\d+m$/);
      expect(["critical", "warning"]).toContain(a.labels.severity);
      expect(a.annotations.summary).toContain("llm-prod");
    }
    expect(alert("VllmTimeToFirstTokenHigh").annotations.description).toContain("environments/prod.yaml slo.timeToFirstTokenSeconds");
    expect(alert("VllmGpuSaturated").expr).toBe('namespace:dcgm_gpu_utilization:avg{namespace="llm-prod"} > 95');
  });

  it("passes promtool check rules", async () => {
    expect(await checkRules(rule.spec.groups)).toMatch(/SUCCESS/);
  });

  it.each(CASES)("%s fires on a breach and stays quiet on healthy load", async (name, breach, labels) => {
    const a = alert(name);
    const fired = { exp_labels: { ...labels, severity: a.labels.severity }, exp_annotations: { summary: expand(a.annotations.summary, labels), description: expand(a.annotations.description, labels) } };
    const out = await testRules(rule.spec.groups, [
      { input_series: [...(breach === "no-vllm" ? [] : load(breach)), ...DECOY], alert_rule_test: [{ eval_time: "40m", alertname: name, exp_alerts: [fired] }] },
      { input_series: [...load({}), ...DECOY], alert_rule_test: [{ eval_time: "40m", alertname: name, exp_alerts: [] }] },
    ]);
    expect(out).toMatch(/SUCCESS/);
  });

  it("waits for its `for:` before firing (pending is not firing)", async () => {
    const out = await testRules(rule.spec.groups, [
      // The breach shows from the first 5m rate (1m); firing needs 10m more.
      { input_series: load({ ttft: 4 }), alert_rule_test: [{ eval_time: "8m", alertname: "VllmTimeToFirstTokenHigh", exp_alerts: [] }] },
    ]);
    expect(out).toMatch(/SUCCESS/);
  });

  it("the harness can fail: a breach expected quiet is reported", async () => {
    await expect(
      testRules(rule.spec.groups, [{ input_series: load({ ttft: 4 }), alert_rule_test: [{ eval_time: "40m", alertname: "VllmTimeToFirstTokenHigh", exp_alerts: [] }] }]),
    ).rejects.toThrow(/FAILED/);
  });

  it("has no GPU alert where the cluster does not scrape DCGM", () => {
    const plain = { ...c, prometheus: { ...c.prometheus, dcgmExporter: undefined } };
    const r = renderPrometheusRule({ ...env, clusters: [plain], deployments: [deployment({ clusters: [plain] })] }, plain)!;
    const names = r.spec.groups.flatMap((g) => g.rules).map((x) => ("alert" in x ? x.alert : x.record));
    expect(names).not.toContain("VllmGpuSaturated");
    expect(names.filter((n) => n.includes("dcgm"))).toEqual([]);
  });
});
