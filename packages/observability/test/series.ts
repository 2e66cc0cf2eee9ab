/**
 * Synthetic series as Prometheus stores them after scraping vLLM through the PodMonitor (target
 * labels namespace, pod, job <namespace>/vllm; vLLM's model_name and engine) and DCGM through the
 * ServiceMonitor (honorLabels: false: the exporter's own namespace/pod are the target's, the GPU's
 * pod is in exported_namespace/exported_pod). Each pod exposes the names its vLLM release does.
 */
import { EXPOSED } from "./vllm-versions.ts";

export interface PodLoad {
  pod: string;
  version: string;
  namespace?: string;
  model?: string;
  /** Every observation of the histogram falls on this value. */
  ttft: number;
  itl: number;
  e2e: number;
  /** Finished requests per second by reason. */
  stop: number;
  length: number;
  abort: number;
  /** API responses per second. */
  http2xx: number;
  http5xx: number;
  promptTps: number;
  generationTps: number;
  waiting: number;
  running: number;
  kv: number;
  preemptions: number;
  /** DCGM_FI_DEV_GPU_UTIL of the pod's GPU, %; undefined: no DCGM series. */
  gpu?: number;
}

export const BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120] as const;
export const MINUTES = 40;

const counter = (perSecond: number) => `0+${perSecond * 60}x${MINUTES}`;
const gauge = (v: number) => `${v}x${MINUTES}`;
const fmt = (labels: Record<string, string>) => `{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(",")}}`;

export const HEALTHY: Omit<PodLoad, "pod" | "version"> = {
  ttft: 0.3, itl: 0.03, e2e: 8, stop: 1, length: 0.5, abort: 0.1, http2xx: 4, http5xx: 0,
  promptTps: 100, generationTps: 50, waiting: 1, running: 4, kv: 0.5, preemptions: 0, gpu: 60,
};

export function podSeries(p: PodLoad): { series: string; values: string }[] {
  const ns = p.namespace ?? "llm-prod";
  const names = EXPOSED[p.version];
  if (!names) throw new Error(`no exposed-name table for vLLM ${p.version}`);
  const base = { namespace: ns, pod: p.pod, job: `${ns}/vllm`, model_name: p.model ?? "qwen2.5-7b-instruct", engine: "0" };
  const out: { series: string; values: string }[] = [];
  const add = (name: string, labels: Record<string, string>, values: string) => {
    if (names.includes(name)) out.push({ series: `${name}${fmt({ ...base, ...labels })}`, values });
  };
  const histogram = (name: string, value: number, perSecond: number) => {
    for (const le of [...BUCKETS.map(String), "+Inf"]) add(`${name}_bucket`, { le }, counter(le === "+Inf" || value <= Number(le) ? perSecond : 0));
    add(`${name}_count`, {}, counter(perSecond));
  };
  const finished = p.stop + p.length + p.abort;
  for (const name of ["vllm:time_to_first_token_seconds"]) histogram(name, p.ttft, finished);
  for (const name of ["vllm:inter_token_latency_seconds", "vllm:time_per_output_token_seconds"]) histogram(name, p.itl, p.generationTps);
  histogram("vllm:e2e_request_latency_seconds", p.e2e, finished);
  for (const [reason, rate] of [["stop", p.stop], ["length", p.length], ["abort", p.abort]] as const) add("vllm:request_success_total", { finished_reason: reason }, counter(rate));
  add("vllm:prompt_tokens_total", {}, counter(p.promptTps));
  add("vllm:generation_tokens_total", {}, counter(p.generationTps));
  add("vllm:num_requests_waiting", {}, gauge(p.waiting));
  add("vllm:num_requests_running", {}, gauge(p.running));
  add("vllm:kv_cache_usage_perc", {}, gauge(p.kv));
  add("vllm:gpu_cache_usage_perc", {}, gauge(p.kv)); // vLLM sets both from one value (loggers.py record, v0.10.2)
  add("vllm:num_preemptions_total", {}, counter(p.preemptions));
  // prometheus-fastapi-instrumentator: no model_name/engine, status grouped as 2xx/5xx.
  const http = { namespace: ns, pod: p.pod, job: `${ns}/vllm`, handler: "/v1/chat/completions", method: "POST" };
  out.push({ series: `http_requests_total${fmt({ ...http, status: "2xx" })}`, values: counter(p.http2xx) });
  if (p.http5xx > 0) out.push({ series: `http_requests_total${fmt({ ...http, status: "5xx" })}`, values: counter(p.http5xx) });
  if (p.gpu !== undefined) {
    const dcgm = { gpu: "0", UUID: `GPU-${p.pod}`, modelName: "NVIDIA A10G", Hostname: "ip-10-0-3-17", container: "kserve-container", exported_namespace: ns, exported_pod: p.pod, namespace: "gpu-operator", pod: "nvidia-dcgm-exporter-x2k4p", job: "nvidia-dcgm-exporter", endpoint: "gpu-metrics" };
    out.push({ series: `DCGM_FI_DEV_GPU_UTIL${fmt(dcgm)}`, values: gauge(p.gpu) });
  }
  return out;
}

/** histogram_quantile over buckets holding every observation in one bucket: linear interpolation. */
export function quantileOf(value: number, q: number): number {
  const i = BUCKETS.findIndex((le) => value <= le);
  const lo = i <= 0 ? 0 : BUCKETS[i - 1]!;
  return lo + (BUCKETS[i]! - lo) * q;
}
