import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { cluster, deployment, environment, qwen25 } from "@llm-gitops/config/testing";
import { renderAdapterConfigMap, adapterRules, ruleMetricName, ruleSeries } from "../src/adapter.ts";
import { renderHpa } from "../src/hpa.ts";
import { renderScaledObject, type ScaledObject } from "../src/keda.ts";
import { checkScalerSwitch } from "../src/transitions.ts";
import { metricSource } from "../src/metrics.ts";
import { atLeast } from "@llm-gitops/core";
import type { HorizontalPodAutoscaler } from "kubernetes-types/autoscaling/v2";

const schedule = { timezone: "America/New_York", windows: [{ start: "0 7 * * 1-5", end: "0 20 * * 1-5" }], offHoursMin: 1 };
const behavior = {
  scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: "Max", policies: [{ type: "Pods", value: 2, periodSeconds: 60 }] },
  scaleDown: { stabilizationWindowSeconds: 600, selectPolicy: "Max", policies: [{ type: "Pods", value: 1, periodSeconds: 180 }] },
};

describe("HorizontalPodAutoscaler", () => {
  it("targets KServe's predictor Deployment with the adapter's queue-depth metric", () => {
    expect(renderHpa(environment(), deployment())).toEqual({
      apiVersion: "autoscaling/v2",
      kind: "HorizontalPodAutoscaler",
      metadata: {
        name: "qwen-chat-autoscaler",
        namespace: "llm-prod",
        labels: { "app.kubernetes.io/managed-by": "llm-gitops", "app.kubernetes.io/instance": "qwen-chat" },
        // KEDA's webhook ignores it, so a ScaledObject may replace it in one change (tests below).
        annotations: { "validations.keda.sh/hpa-ownership": "false" },
      },
      spec: {
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "qwen-chat-predictor" },
        minReplicas: 3,
        maxReplicas: 20,
        metrics: [{ type: "Pods", pods: { metric: { name: "vllm_num_requests_waiting" }, target: { type: "AverageValue", averageValue: "2" } } }],
        behavior,
      },
    });
  });

  it.each([
    ["runningRequests", 32, "vllm_num_requests_running", "32", "0.10.2"],
    ["kvCacheUsage", 0.75, "vllm_kv_cache_usage_perc", "750m", "0.10.2"],
    ["kvCacheUsage", 0.75, "vllm_gpu_cache_usage_perc", "750m", "0.8.5"],
    ["gpuUtilization", 80, "gpu_utilization", "80", "0.10.2"],
    ["gpuEngineActive", 0.8, "gpu_engine_active", "800m", "0.10.2"],
  ] as const)("%s target %s reads %s (%s) on vLLM %s", (metric, target, name, averageValue, vllmVersion) => {
    const d = deployment({ model: { ...qwen25, vllmVersion }, autoscaling: { ...deployment().autoscaling, metric, target } });
    expect(renderHpa(environment(), d)?.spec?.metrics).toEqual([{ type: "Pods", pods: { metric: { name }, target: { type: "AverageValue", averageValue } } }]);
  });

  it("is not rendered when KEDA or Knative scales", () => {
    expect(renderHpa(environment(), deployment({ autoscaling: { ...deployment().autoscaling, scaler: "keda", schedule } }))).toBeUndefined();
    expect(renderHpa(environment(), deployment({ deploymentMode: "Knative", autoscaling: { ...deployment().autoscaling, metric: "concurrency", scaler: "knative" } }))).toBeUndefined();
  });
});

describe("KEDA ScaledObject", () => {
  it("is the only scaler when a schedule is asked for: cron windows hold min, load trigger adds more", () => {
    const d = deployment({ autoscaling: { ...deployment().autoscaling, scaler: "keda", schedule } });
    expect(renderScaledObject(environment([d]), cluster(), d)).toEqual({
      apiVersion: "keda.sh/v1alpha1",
      kind: "ScaledObject",
      metadata: {
        name: "qwen-chat-autoscaler",
        namespace: "llm-prod",
        labels: { "app.kubernetes.io/managed-by": "llm-gitops", "app.kubernetes.io/instance": "qwen-chat" },
      },
      spec: {
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "qwen-chat-predictor" },
        minReplicaCount: 1,
        maxReplicaCount: 20,
        advanced: { horizontalPodAutoscalerConfig: { behavior } },
        triggers: [
          {
            type: "prometheus",
            metricType: "AverageValue",
            metadata: {
              serverAddress: "http://prometheus-operated.monitoring.svc:9090",
              query: 'sum(sum by (pod) (vllm:num_requests_waiting{namespace="llm-prod",pod=~"qwen-chat-predictor-.*"}))',
              threshold: "2",
            },
          },
          { type: "cron", metadata: { timezone: "America/New_York", start: "0 7 * * 1-5", end: "0 20 * * 1-5", desiredReplicas: "3" } },
        ],
      },
    });
  });

  it("reads DCGM through the exported_* labels", () => {
    const d = deployment({ autoscaling: { ...deployment().autoscaling, metric: "gpuEngineActive", target: 0.8, scaler: "keda", schedule } });
    expect(renderScaledObject(environment([d]), cluster(), d)?.spec.triggers[0]?.metadata.query).toBe(
      'sum(avg by (exported_pod) (DCGM_FI_PROF_GR_ENGINE_ACTIVE{exported_namespace="llm-prod",exported_pod=~"qwen-chat-predictor-.*"}))',
    );
  });
});

describe("prometheus-adapter rules ConfigMap", () => {
  const cm = renderAdapterConfigMap(cluster());
  const config = parse(cm.data!["config.yaml"]!) as { rules: ReturnType<typeof adapterRules> };

  it("lives where the chart's rules.existing reads it", () => {
    expect(cm.metadata).toMatchObject({ name: "llm-gitops-adapter-rules", namespace: "monitoring" });
    expect(Object.keys(cm.data!)).toEqual(["config.yaml"]);
  });

  it("maps DCGM's exported_namespace/exported_pod to the namespace and pod resources", () => {
    const rule = config.rules.find((r) => ruleSeries(r) === "DCGM_FI_DEV_GPU_UTIL")!;
    expect(rule).toEqual({
      seriesQuery: 'DCGM_FI_DEV_GPU_UTIL{exported_namespace!="",exported_pod!=""}',
      resources: { overrides: { exported_namespace: { resource: "namespace" }, exported_pod: { resource: "pod" } } },
      name: { matches: "^DCGM_FI_DEV_GPU_UTIL$", as: "gpu_utilization" },
      metricsQuery: "avg by (<<.GroupBy>>) (<<.Series>>{<<.LabelMatchers>>})",
    });
  });

  it("serves each metric name from exactly one rule", () => {
    const names = config.rules.map((r) => ruleMetricName(r, ruleSeries(r)));
    expect(names).toEqual([
      "vllm_num_requests_waiting",
      "vllm_num_requests_running",
      "vllm_kv_cache_usage_perc",
      "gpu_utilization",
      "gpu_engine_active",
      "vllm_gpu_cache_usage_perc",
    ]);
    expect(new Set(names).size).toBe(names.length);
  });

  it("derives metric names as prometheus-adapter does (as replaces the match; no as keeps the series name)", () => {
    expect(ruleMetricName({ ...config.rules[0]!, name: { matches: "^vllm:(.*)$", as: "vllm_$1" } }, "vllm:num_requests_waiting")).toBe("vllm_num_requests_waiting");
    expect(ruleMetricName({ ...config.rules[0]!, name: { matches: "^up$" } }, "up")).toBe("up");
    expect(ruleMetricName(config.rules[0]!, "other")).toBeUndefined();
  });

});

/**
 * KEDA v2.20.2's admission check of a ScaledObject against the HPAs in its namespace
 * (apis/keda/v1alpha1/scaledobject_webhook.go verifyHpas), to show the switch from our HPA passes.
 */
function kedaAdmits(so: ScaledObject, hpas: readonly HorizontalPodAutoscaler[]): string | undefined {
  for (const hpa of hpas) {
    if (hpa.metadata?.annotations?.["validations.keda.sh/hpa-ownership"] === "false") continue;
    const target = hpa.spec!.scaleTargetRef;
    if (target.kind !== so.spec.scaleTargetRef.kind || target.name !== so.spec.scaleTargetRef.name) continue;
    if (hpa.metadata?.ownerReferences?.some((o) => o.kind === so.kind && o.name === so.metadata.name)) continue;
    const advanced = so.spec.advanced.horizontalPodAutoscalerConfig as { name?: string };
    if (so.metadata.annotations?.["scaledobject.keda.sh/transfer-hpa-ownership"] === "true" && advanced.name === hpa.metadata?.name) continue;
    return `the workload '${target.name}' of type 'apps/v1.Deployment' is already managed by the hpa '${hpa.metadata?.name}'`;
  }
  return undefined;
}

describe("switching a deployment between our HPA and a KEDA ScaledObject", () => {
  const schedule = { timezone: "UTC", windows: [{ start: "0 7 * * *", end: "0 19 * * *" }], offHoursMin: 1 };
  const plain = deployment();
  const scheduled = deployment({ autoscaling: { ...plain.autoscaling, scaler: "keda", schedule } });
  const hpa = renderHpa(environment([plain]), plain)!;
  const so = renderScaledObject(environment([scheduled]), cluster(), scheduled)!;

  it("KEDA's webhook admits the ScaledObject while our HPA still exists (Argo CD prunes it after)", () => {
    expect(kedaAdmits(so, [hpa])).toBeUndefined();
  });

  it("an HPA deployed without the annotation would be refused (the model of the webhook can fail)", () => {
    const old = { ...hpa, metadata: { ...hpa.metadata, annotations: {} } };
    expect(kedaAdmits(so, [old])).toBe("the workload 'qwen-chat-predictor' of type 'apps/v1.Deployment' is already managed by the hpa 'qwen-chat-autoscaler'");
  });

  it("the check refuses that switch in one change, with the two steps", () => {
    const old = { ...hpa, metadata: { ...hpa.metadata, annotations: {} } };
    const at = scheduled.origin.at(["autoscaling", "schedule"]);
    expect(checkScalerSwitch([old], [{ object: so, at }]).map((p) => p.message)).toEqual([
      'KEDA\'s webhook would refuse ScaledObject "qwen-chat-autoscaler": the deployed HorizontalPodAutoscaler "qwen-chat-autoscaler" targets the same Deployment without validations.keda.sh/hpa-ownership: "false"; switch in two changes: first merge the current HPA form (regenerated without the schedule, so Argo CD adds the annotation), then add the schedule',
    ]);
    expect(checkScalerSwitch([hpa], [{ object: so, at }])).toEqual([]);
  });

  it("KEDA's HPA never takes our HPA's name, so switching back cannot garbage-collect ours", () => {
    // controllers/keda/hpa.go getHPAName: keda-hpa-<ScaledObject name> unless advanced names one.
    expect((so.spec.advanced.horizontalPodAutoscalerConfig as { name?: string }).name).toBeUndefined();
    expect(`keda-hpa-${so.metadata.name}`).not.toBe(hpa.metadata.name);
  });
});

describe("the KV-cache gauge follows the vLLM release", () => {
  // vllm/v1/metrics/loggers.py: 0.9.1 has only vllm:gpu_cache_usage_perc; 0.9.2 adds the new name.
  it.each([
    ["0.9.1", "vllm:gpu_cache_usage_perc"],
    ["0.9.2", "vllm:kv_cache_usage_perc"],
    ["0.10.2", "vllm:kv_cache_usage_perc"],
    ["0.12.0", "vllm:kv_cache_usage_perc"],
  ])("vLLM %s reads %s", (version, series) => {
    expect(metricSource("kvCacheUsage", version, atLeast).series).toBe(series);
  });
});
