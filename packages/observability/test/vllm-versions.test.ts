import { describe, expect, it } from "vitest";
import { vllmMetricName } from "@llm-gitops/core";
import { deployment, environment, observedCluster, qwen25 } from "@llm-gitops/config/testing";
import { renderPrometheusRule, vllmSeriesName } from "../src/index.ts";
import { EXPOSED, HTTP_EXPOSED } from "./vllm-versions.ts";

const c = observedCluster("prod-a");
const envAt = (...versions: string[]) => {
  const ds = versions.map((v, i) => deployment({ name: `m${i}`, clusters: [c], model: { ...qwen25, vllmVersion: v } }));
  return { ...environment(ds), clusters: [c] };
};
/** Every vllm:* and http series name a rendered rule reads. */
const namesRead = (versions: string[]) => {
  const exprs = renderPrometheusRule(envAt(...versions), c)!.spec.groups.flatMap((g) => g.rules).map((r) => r.expr);
  return new Set(exprs.flatMap((e) => [...e.matchAll(/\b(vllm:[a-z0-9_]+|http_requests_total)\b/g)].map((m) => m[1]!)));
};

describe("every vLLM series a rule reads exists at the environment's vLLM release", () => {
  it.each(Object.keys(EXPOSED))("vLLM %s", (version) => {
    for (const name of namesRead([version])) {
      expect(name === HTTP_EXPOSED || EXPOSED[version]!.includes(name), `${name} at ${version}`).toBe(true);
    }
  });

  it.each([
    ["0.9.1", "0.12.0"],
    ["0.8.5", "0.10.2", "0.11.0"],
  ])("mixed releases %s, %s … read names each of which one of them exposes, and cover them all", (...versions) => {
    const read = namesRead(versions);
    for (const name of read) expect(name === HTTP_EXPOSED || versions.some((v) => EXPOSED[v]!.includes(name)), name).toBe(true);
    // Each release finds its KV-cache and inter-token series among the names read.
    for (const v of versions) {
      expect(read.has(vllmSeriesName("kvCacheUsage", v))).toBe(true);
      expect(read.has(`${vllmSeriesName("interTokenLatency", v)}_bucket`)).toBe(true);
    }
  });

  it.each([
    ["0.9.1", "vllm:gpu_cache_usage_perc", "vllm:time_per_output_token_seconds"],
    ["0.9.2", "vllm:kv_cache_usage_perc", "vllm:time_per_output_token_seconds"],
    ["0.10.1", "vllm:kv_cache_usage_perc", "vllm:time_per_output_token_seconds"],
    ["0.10.2", "vllm:kv_cache_usage_perc", "vllm:inter_token_latency_seconds"],
    ["0.12.0", "vllm:kv_cache_usage_perc", "vllm:inter_token_latency_seconds"],
  ])("core names at %s: %s, %s", (version, kv, itl) => {
    expect(vllmMetricName("kvCacheUsage", version)).toBe(kv);
    expect(vllmMetricName("interTokenLatency", version)).toBe(itl);
  });
});
