import { atLeast } from "./version.ts";

/**
 * Facts of the vLLM server that the image (Dockerfile) and the pod spec must agree on. Both
 * components read them from here, so the image run by hand and the pod behave the same.
 */

/** The runtime user: a name in the image's passwd, and the uid the pod runs as. */
export const VLLM_USER = "vllm";
export const VLLM_UID = 1001;

/** Writable home of every cache; the root filesystem is read-only in the pod (an emptyDir there). */
export const VLLM_CACHE_DIR = "/var/cache/vllm";

/**
 * Environment of the server. torch inductor names its cache directory after the user
 * (`getpass.getuser()`), which raises KeyError for a uid with no passwd entry (pytorch#140765);
 * getuser reads $USER first, and an explicit TORCHINDUCTOR_CACHE_DIR skips the lookup. Every
 * other cache (vLLM's compile cache, Hugging Face, Triton kernels) goes below the writable home.
 */
export function vllmEnvironment(): [string, string][] {
  const dir = VLLM_CACHE_DIR;
  return [
    ["HOME", dir],
    ["USER", VLLM_USER],
    ["XDG_CACHE_HOME", `${dir}/xdg`],
    ["VLLM_CACHE_ROOT", `${dir}/vllm`],
    ["HF_HOME", `${dir}/huggingface`],
    ["TORCHINDUCTOR_CACHE_DIR", `${dir}/torchinductor`],
    ["TRITON_CACHE_DIR", `${dir}/triton`],
    // The weights are local (image or PVC): never reach out to the Hub at run time.
    ["HF_HUB_OFFLINE", "1"],
    ["VLLM_NO_USAGE_STATS", "1"],
    ["DO_NOT_TRACK", "1"],
  ];
}

/**
 * Request logs carry prompts. Before vLLM 0.10.1 they are on unless --disable-log-requests; from
 * 0.10.1 they are off unless --enable-log-requests and the old flag only prints a deprecation
 * warning (vllm PR #21739), so it is written only where it does something.
 */
export function requestLoggingArgs(vllmVersion: string): string[] {
  return atLeast(vllmVersion, "0.10.1") ? [] : ["--disable-log-requests"];
}

/**
 * vLLM Prometheus series renamed between releases: the current name from `since`, the legacy one
 * before. Read in vllm/v1/metrics/loggers.py of the v0.8.5 … v0.12.0 releases (PyPI wheels):
 * kv_cache_usage_perc first appears in 0.9.2, gpu_cache_usage_perc is hidden behind
 * --show-hidden-metrics-for-version from 0.11.0 and gone in 0.12.0; inter_token_latency_seconds
 * first appears in 0.10.2, time_per_output_token_seconds is hidden from 0.12.0. Between, both are
 * exposed with identical labels and values (the same observation feeds both).
 */
export const VLLM_RENAMED_METRICS = {
  kvCacheUsage: { current: "vllm:kv_cache_usage_perc", since: "0.9.2", legacy: "vllm:gpu_cache_usage_perc" },
  interTokenLatency: { current: "vllm:inter_token_latency_seconds", since: "0.10.2", legacy: "vllm:time_per_output_token_seconds" },
} as const;

/** The name a vLLM release exposes for a renamed series. */
export function vllmMetricName(metric: keyof typeof VLLM_RENAMED_METRICS, vllmVersion: string): string {
  const m = VLLM_RENAMED_METRICS[metric];
  return atLeast(vllmVersion, m.since) ? m.current : m.legacy;
}
