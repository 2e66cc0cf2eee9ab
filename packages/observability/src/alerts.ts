import type { Environment, Slo } from "@llm-gitops/config";
import { latencyRecord, RECORDS } from "./records.ts";

export interface AlertingRule {
  alert: string;
  expr: string;
  for: string;
  labels: { severity: "critical" | "warning" };
  annotations: { summary: string; description: string };
}

interface AlertSpec {
  alert: string;
  /** The SLO field the threshold comes from; undefined when the alert has none. */
  slo?: keyof Slo;
  expr: (ns: string, threshold: number) => string;
  for: string;
  severity: "critical" | "warning";
  summary: string;
  /** What the series says, before the threshold. Templates see only $labels (tests expand them). */
  what: string;
  /** Alerts on DCGM series are rendered only where the cluster scrapes the exporter. */
  gpu?: boolean;
  /** The series carries model_name (the description names the model). */
  perModel?: boolean;
}

const sel = (record: string, ns: string) => `${record}{namespace="${ns}"}`;

/**
 * Latency alerts read p95 over 5 minutes and wait 10 more: one slow burst is not an incident.
 * Errors page sooner (critical, 5m); saturation signals (queue, KV cache, preemption, GPU) are
 * warnings that should lead to a capacity change, so they wait 15 minutes.
 */
export const ALERTS: readonly AlertSpec[] = [
  {
    alert: "VllmTimeToFirstTokenHigh", perModel: true, slo: "timeToFirstTokenSeconds", for: "10m", severity: "warning",
    expr: (ns, t) => `${sel(latencyRecord("timeToFirstToken", 0.95), ns)} > ${t}`,
    summary: "vLLM time to first token p95 above the SLO", what: "p95 time to first token",
  },
  {
    alert: "VllmInterTokenLatencyHigh", perModel: true, slo: "interTokenLatencySeconds", for: "10m", severity: "warning",
    expr: (ns, t) => `${sel(latencyRecord("interTokenLatency", 0.95), ns)} > ${t}`,
    summary: "vLLM inter-token latency p95 above the SLO", what: "p95 inter-token latency",
  },
  {
    alert: "VllmEndToEndLatencyHigh", perModel: true, slo: "endToEndSeconds", for: "10m", severity: "warning",
    expr: (ns, t) => `${sel(latencyRecord("endToEnd", 0.95), ns)} > ${t}`,
    summary: "vLLM end-to-end request latency p95 above the SLO", what: "p95 end-to-end request latency",
  },
  {
    alert: "VllmErrorRatioHigh", slo: "errorRatio", for: "5m", severity: "critical",
    expr: (ns, t) => `${sel(RECORDS.errorRatio, ns)} > ${t}`,
    summary: "vLLM API answers too many requests with 5xx", what: "the ratio of 5xx responses of the vLLM API",
  },
  {
    alert: "VllmQueueDepthHigh", perModel: true, slo: "queueDepth", for: "10m", severity: "warning",
    expr: (ns, t) => `${sel(RECORDS.waitingPerPod, ns)} > ${t}`,
    summary: "Requests are queueing in vLLM", what: "requests waiting per replica",
  },
  {
    alert: "VllmKvCacheUsageHigh", perModel: true, slo: "kvCacheUsage", for: "15m", severity: "warning",
    expr: (ns, t) => `${sel(RECORDS.kvCacheMax, ns)} > ${t}`,
    summary: "vLLM KV cache nearly full", what: "the highest KV-cache usage of a replica",
  },
  {
    alert: "VllmPreempting", perModel: true, for: "15m", severity: "warning",
    expr: (ns) => `${sel(RECORDS.preemptions, ns)} > 0`,
    summary: "vLLM is preempting requests (KV cache exhausted)", what: "preemptions per second",
  },
  {
    alert: "VllmGpuSaturated", slo: "gpuUtilization", for: "15m", severity: "warning", gpu: true,
    expr: (ns, t) => `${sel(RECORDS.gpu, ns)} > ${t}`,
    summary: "GPUs of the model servers saturated", what: "average DCGM GPU utilisation (%)",
  },
  {
    alert: "VllmMetricsAbsent", for: "10m", severity: "critical",
    // num_requests_running exists at every release (vllm/v1/metrics/loggers.py v0.8.5 … v0.12.0).
    expr: (ns) => `absent(vllm:num_requests_running{namespace="${ns}"})`,
    summary: "No vLLM metrics scraped", what: "no vllm:* series",
  },
];

/** The alerts of an environment, thresholds from its SLO; `gpu` when DCGM series are scraped. */
export function alertingRules(env: Environment, gpu: boolean): AlertingRule[] {
  return ALERTS.filter((a) => gpu || !a.gpu).map((a) => {
    const threshold = a.slo ? env.slo[a.slo] : 0;
    const who = a.perModel ? " of {{ $labels.model_name }}" : "";
    // The environment's file by its name, not as written on disk: prod.YAML renders as prod.yaml does.
    const bound = a.slo ? ` is above ${threshold} (environments/${env.name}.yaml slo.${a.slo})` : a.alert === "VllmMetricsAbsent" ? "" : " is above 0";
    const absent = a.alert === "VllmMetricsAbsent"
      ? `No vllm:* series from namespace ${env.namespace} for 10m: the PodMonitor selects nothing, the port is wrong, or every model server is down (environment ${env.name}).`
      : undefined;
    return {
      alert: a.alert,
      expr: a.expr(env.namespace, threshold),
      for: a.for,
      labels: { severity: a.severity },
      annotations: {
        summary: `${a.summary} in ${env.namespace}`,
        description: absent ?? `The ${a.what}${who} in ${env.namespace}${bound}.`,
      },
    };
  });
}
