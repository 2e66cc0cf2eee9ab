import { describe, expect, it } from "vitest";
import { deployment, environment, observedCluster, qwen25 } from "@llm-gitops/config/testing";
import { latencyRecord, RECORDS, renderPrometheusRule } from "../src/index.ts";
import { HEALTHY, podSeries, quantileOf } from "./series.ts";
import { testRules, type ExprTest } from "./promtool-rules.ts";

/**
 * Recorded values on a namespace whose two replicas run different vLLM releases: pod A on 0.10.2
 * exposes both the current and the legacy KV-cache and inter-token names, pod B on 0.9.1 only the
 * legacy ones. Counting A twice would move the averages and quantiles below.
 */
const c = observedCluster("prod-a");
const current = deployment({ clusters: [c] });
const legacy = deployment({ name: "qwen-legacy", clusters: [c], model: { ...qwen25, vllmVersion: "0.9.1" } });
const env = { ...environment([current, legacy]), clusters: [c] };
const rule = renderPrometheusRule(env, c)!;

const A = "qwen-chat-predictor-7d9f8c6b5-abcde";
const B = "qwen-legacy-predictor-5c4b3a2-fghij";
const input = [
  ...podSeries({ ...HEALTHY, pod: A, version: "0.10.2", itl: 0.03, kv: 0.25, waiting: 3, running: 4, http5xx: 0.5, preemptions: 0.2, gpu: 80 }),
  ...podSeries({ ...HEALTHY, pod: B, version: "0.9.1", itl: 0.3, kv: 0.75, waiting: 5, running: 6, http5xx: 0.5, preemptions: 0.2, gpu: 40 }),
  // Another environment and another job in the namespace: never counted.
  ...podSeries({ ...HEALTHY, pod: "x-predictor-1-2", version: "0.10.2", namespace: "llm-dev", kv: 1, waiting: 100, http5xx: 50 }),
  { series: 'http_requests_total{namespace="llm-prod",job="llm-prod/other",handler="/v1/x",status="5xx"}', values: "0+600x40" },
];

const M = '{model_name="qwen2.5-7b-instruct",namespace="llm-prod"}';
const N = '{namespace="llm-prod"}';
// Per-second rates times two pods; ITL: half the tokens at 0.03 s (bucket 0.01-0.05), half at 0.3 s (0.25-0.5).
const CASES: [record: string, labels: string, value: number][] = [
  [RECORDS.requests, M, 2 * (1 + 0.5 + 0.1)],
  [RECORDS.succeeded, M, 2 * 1.5],
  [RECORDS.aborted, M, 2 * 0.1],
  [RECORDS.httpRequests, N, 2 * 4.5],
  [RECORDS.httpErrors, N, 1],
  [RECORDS.errorRatio, N, 1 / 9],
  [RECORDS.promptTokens, M, 200],
  [RECORDS.generationTokens, M, 100],
  [RECORDS.waiting, M, 8],
  [RECORDS.waitingPerPod, M, 4],
  [RECORDS.running, M, 10],
  [RECORDS.pods, M, 2],
  [RECORDS.kvCacheAvg, M, 0.5], // counting A twice: 0.4167,
  [RECORDS.kvCacheMax, M, 0.75],
  [RECORDS.preemptions, M, 0.4],
  [RECORDS.gpuPerPod, `{namespace="llm-prod",pod="${A}"}`, 80],
  [RECORDS.gpu, N, 60],
  [latencyRecord("timeToFirstToken", 0.95), M, quantileOf(HEALTHY.ttft, 0.95)],
  [latencyRecord("endToEnd", 0.5), M, quantileOf(HEALTHY.e2e, 0.5)],
  [latencyRecord("endToEnd", 0.99), M, quantileOf(HEALTHY.e2e, 0.99)],
  // rank 0.95 × 2 = 1.9 of 2 observations/s: 0.9 into the 0.25-0.5 bucket.
  [latencyRecord("interTokenLatency", 0.95), M, 0.25 + 0.25 * 0.9],
  [latencyRecord("interTokenLatency", 0.5), M, 0.05],
];

describe("recording rules produce the expected values (promtool test rules)", () => {
  it.each(CASES)("%s%s = %d", async (record, labels, value) => {
    const test: ExprTest = { expr: `${record}${labels}`, eval_time: "30m", exp_samples: [{ labels: `${record}${labels}`, value }] };
    expect(await testRules(rule.spec.groups, [{ input_series: input, promql_expr_test: [test] }])).toMatch(/SUCCESS/);
  });

  it("records every latency at p50, p95 and p99", () => {
    const records = rule.spec.groups.flatMap((g) => g.rules).flatMap((r) => ("record" in r ? [r.record] : []));
    for (const l of ["timeToFirstToken", "interTokenLatency", "endToEnd"] as const) {
      for (const q of [0.5, 0.95, 0.99]) expect(records).toContain(latencyRecord(l, q));
    }
  });

  it("joins both names with `or` only when the environment's releases differ", () => {
    const kv = (e: typeof env) => renderPrometheusRule(e, c)!.spec.groups[0]!.rules.find((r) => "record" in r && r.record === RECORDS.kvCacheAvg)!.expr;
    expect(kv(env)).toBe('avg by (namespace, model_name) (vllm:kv_cache_usage_perc{namespace="llm-prod"} or vllm:gpu_cache_usage_perc{namespace="llm-prod"})');
    expect(kv({ ...env, deployments: [current] })).toBe('avg by (namespace, model_name) (vllm:kv_cache_usage_perc{namespace="llm-prod"})');
    expect(kv({ ...env, deployments: [legacy] })).toBe('avg by (namespace, model_name) (vllm:gpu_cache_usage_perc{namespace="llm-prod"})');
  });
});
