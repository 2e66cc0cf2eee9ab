import { describe, expect, it } from "vitest";
import type { HorizontalPodAutoscaler } from "kubernetes-types/autoscaling/v2";
import { predictorName, predictorPodLabels, type KubernetesObject } from "@llm-gitops/core";
import { promtool } from "@llm-gitops/core/testing/promtool";
import type { Inputs } from "@llm-gitops/config";
import { a10g, cluster, deployment, environment, qwen25 } from "@llm-gitops/config/testing";
import { expandMetricsQuery, readAdapterRules, ruleMetricName, ruleSeries, type ScaledObject } from "@llm-gitops/autoscaling";
import type { PodMonitor } from "@llm-gitops/observability";
import { renderTruths } from "../src/pipeline.ts";

/**
 * From scrape to scaler on one rendered tree: the series Prometheus stores when it scrapes vLLM
 * through the rendered PodMonitor, fed to promtool, answer the query the prometheus-adapter rule
 * runs for the rendered HPA's metric, and the rendered KEDA trigger's query. If the PodMonitor
 * scraped other labels, or a rule or query selected others, the values would not come back.
 */
const c = cluster("0.16.0", "prod-a");
const schedule = { timezone: "UTC", windows: [{ start: "0 7 * * *", end: "0 19 * * *" }], offHoursMin: 1 };
const hpaDeployment = deployment({ clusters: [c] });
const kedaDeployment = deployment({ name: "qwen-batch", clusters: [c], autoscaling: { ...hpaDeployment.autoscaling, scaler: "keda", schedule } });
const env = { ...environment([hpaDeployment, kedaDeployment]), clusters: [c] };
const inputs: Inputs = {
  platform: { repository: "https://example.com/r", revision: "main", gpuProfiles: new Map([[a10g.name, a10g]]), models: new Map([[qwen25.name, qwen25]]), clusters: new Map([[c.name, c]]) },
  environments: [env],
};
const truths = renderTruths(inputs);
const objects = truths.flatMap((t) => t.objects.map((r) => r.object));
const find = <T extends KubernetesObject>(kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name) as T;

const monitor = find<PodMonitor>("PodMonitor", "vllm");
const endpoint = monitor.spec.podMetricsEndpoints[0]!;
const pods = (d: string) => [`${predictorName(d)}-7d9f8c6b5-abcde`, `${predictorName(d)}-7d9f8c6b5-fghij`];

/**
 * The target labels prometheus-operator gives every series of a PodMonitor endpoint
 * (pkg/prometheus/promcfg.go generatePodMonitorConfig, v0.93.0): namespace, container, pod,
 * job `<namespace>/<monitor>`, endpoint `<port name>`, instance `<pod IP>:<port>`; vLLM adds
 * model_name and engine.
 */
function scraped(series: string, pod: string, value: number, ns = monitor.metadata.namespace!): { series: string; values: string } {
  const labels = {
    namespace: ns,
    pod,
    container: "kserve-container",
    endpoint: endpoint.port,
    job: `${ns}/${monitor.metadata.name}`,
    instance: "10.0.3.17:8080",
    model_name: "qwen2.5-7b-instruct",
    engine: "0",
  };
  return { series: `${series}{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(",")}}`, values: `${value}x10` };
}

describe("vLLM metrics reach the scalers through the rendered PodMonitor (promtool)", () => {
  it("selects the pods KServe creates for every predictor, on the port that serves /metrics", () => {
    for (const d of [hpaDeployment, kedaDeployment]) {
      const podLabels = predictorPodLabels(d.name);
      expect(Object.entries(monitor.spec.selector.matchLabels).every(([k, v]) => podLabels[k] === v)).toBe(true);
      expect(monitor.spec.selector.matchExpressions.every((e) => e.key in podLabels)).toBe(true);
      const isvc = find<KubernetesObject & { spec: { predictor: { containers: { ports: { name: string }[] }[] } } }>("InferenceService", d.name);
      expect(isvc.spec.predictor.containers[0]!.ports.map((p) => p.name)).toContain(endpoint.port);
    }
    expect(endpoint.path).toBe("/metrics");
    expect(monitor.metadata.labels).toMatchObject(c.prometheus.monitorLabels);
  });

  it("the HPA's metric has a value: the adapter rule serving it reads the scraped series", async () => {
    const hpa = find<KubernetesObject & HorizontalPodAutoscaler>("HorizontalPodAutoscaler", "qwen-chat-autoscaler");
    const metric = hpa.spec!.metrics![0]!.pods!.metric.name;
    const rules = readAdapterRules(find<KubernetesObject & { data?: Record<string, string> }>("ConfigMap", "llm-gitops-adapter-rules"));
    const serving = rules.filter((r) => ruleMetricName(r, ruleSeries(r)) === metric);
    expect(serving).toHaveLength(1);
    const [a, b] = pods("qwen-chat");
    const out = await promtool({
      interval: "1m",
      input_series: [
        scraped(ruleSeries(serving[0]!), a!, 3),
        scraped(ruleSeries(serving[0]!), b!, 1),
        scraped(ruleSeries(serving[0]!), "qwen-chat-predictor-5c4b3a2-zzzzz", 50, "llm-dev"),
      ],
      promql_expr_test: [
        {
          expr: expandMetricsQuery(serving[0]!, env.namespace, [a!, b!]),
          eval_time: "5m",
          exp_samples: [
            { labels: `{pod="${a}"}`, value: 3 },
            { labels: `{pod="${b}"}`, value: 1 },
          ],
        },
      ],
    });
    expect(out).toMatch(/SUCCESS/);
  });

  it("the KEDA trigger's query has a value: the sum over the predictor's scraped pods", async () => {
    const so = find<ScaledObject>("ScaledObject", "qwen-batch-autoscaler");
    const trigger = so.spec.triggers.find((t) => t.type === "prometheus")!;
    const [a, b] = pods("qwen-batch");
    const out = await promtool({
      interval: "1m",
      input_series: [
        scraped("vllm:num_requests_waiting", a!, 4),
        scraped("vllm:num_requests_waiting", b!, 2),
        scraped("vllm:num_requests_waiting", `${predictorName("qwen-chat")}-7d9f8c6b5-abcde`, 100),
      ],
      promql_expr_test: [{ expr: trigger.metadata.query!, eval_time: "5m", exp_samples: [{ labels: "{}", value: 6 }] }],
    });
    expect(out).toMatch(/SUCCESS/);
  });
});
