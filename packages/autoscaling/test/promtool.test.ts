import { describe, expect, it } from "vitest";
import { promtool } from "@llm-gitops/core/testing/promtool";
import { deployment, environment } from "@llm-gitops/config/testing";
import { adapterRules, expandMetricsQuery, ruleSeries, type AdapterRule } from "../src/adapter.ts";
import { kedaQuery } from "../src/keda.ts";
import { LEGACY_KV_CACHE, METRIC_SOURCES, type MetricSource } from "../src/metrics.ts";

const NS = "llm-prod";
const POD_A = "qwen-chat-predictor-7d9f8c6b5-abcde";
const POD_B = "qwen-chat-predictor-7d9f8c6b5-fghij";
const SOURCES: MetricSource[] = [...Object.values(METRIC_SOURCES), LEGACY_KV_CACHE];

/**
 * Synthetic series as the exporters label them: two series per pod (two vLLM engines, or two
 * GPUs under tensor parallelism), plus decoys the queries must ignore: another namespace, another
 * deployment, and for DCGM the exporter's own pod/namespace labels.
 */
function seriesFor(m: MetricSource): { series: string; value: number }[] {
  const extra = m.podLabel === "pod" ? 'model_name="qwen2.5-7b-instruct",engine="ENGINE"' : 'gpu="ENGINE",modelName="NVIDIA A10G",namespace="gpu-operator",pod="dcgm-exporter-x2k4p"';
  const one = (ns: string, pod: string, engine: number, value: number) => ({
    series: `${m.series}{${m.namespaceLabel}="${ns}",${m.podLabel}="${pod}",${extra.replace("ENGINE", String(engine))}}`,
    value,
  });
  return [
    one(NS, POD_A, 0, 3),
    one(NS, POD_A, 1, 5),
    one(NS, POD_B, 0, 2),
    one(NS, POD_B, 1, 2),
    one("llm-dev", "qwen-chat-predictor-5c4b3a2-zzzzz", 0, 100),
    one(NS, "other-predictor-6f5e4d3-yyyyy", 0, 100),
  ];
}

/** Per pod: sum of the pod's series, or their average. */
const perPod = (m: MetricSource, values: number[]) => (m.aggregate === "sum" ? values.reduce((a, b) => a + b, 0) : values.reduce((a, b) => a + b, 0) / values.length);

const inputSeries = (m: MetricSource) => seriesFor(m).map((s) => ({ series: s.series, values: `${s.value}x10` }));

describe("prometheus-adapter rules evaluate as intended (promtool)", () => {
  it.each(adapterRules().map((r) => [ruleSeries(r), r] as [string, AdapterRule]))("%s", async (series, rule) => {
    const m = SOURCES.find((s) => s.series === series)!;
    const expr = expandMetricsQuery(rule, NS, [POD_A, POD_B]);
    const out = await promtool({
      interval: "1m",
      input_series: inputSeries(m),
      promql_expr_test: [
        {
          expr,
          eval_time: "5m",
          exp_samples: [
            { labels: `{${m.podLabel}="${POD_A}"}`, value: perPod(m, [3, 5]) },
            { labels: `{${m.podLabel}="${POD_B}"}`, value: perPod(m, [2, 2]) },
          ],
        },
      ],
    });
    expect(out).toMatch(/SUCCESS/);
  });

  it("fails when the expected values are wrong (the harness can fail)", async () => {
    const rule = adapterRules()[0]!;
    await expect(
      promtool({
        interval: "1m",
        input_series: inputSeries(METRIC_SOURCES.queueDepth),
        promql_expr_test: [{ expr: expandMetricsQuery(rule, NS, [POD_A]), eval_time: "5m", exp_samples: [{ labels: `{pod="${POD_A}"}`, value: 7 }] }],
      }),
    ).rejects.toThrow(/FAILED/);
  });
});

describe("KEDA trigger queries evaluate as intended (promtool)", () => {
  it.each([["queueDepth"], ["kvCacheUsage"], ["gpuUtilization"], ["gpuEngineActive"]] as const)("%s", async (metric) => {
    const d = deployment({ autoscaling: { ...deployment().autoscaling, metric } });
    const m = METRIC_SOURCES[metric];
    const out = await promtool({
      interval: "1m",
      input_series: inputSeries(m),
      // KEDA divides this total by the replica count: the average per pod.
      promql_expr_test: [{ expr: kedaQuery(environment([d]), d), eval_time: "5m", exp_samples: [{ labels: "{}", value: perPod(m, [3, 5]) + perPod(m, [2, 2]) }] }],
    });
    expect(out).toMatch(/SUCCESS/);
  });
});
