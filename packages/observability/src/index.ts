import type { Cluster, Environment } from "@llm-gitops/config";
import type { KubernetesObject } from "@llm-gitops/core";
import { renderPodMonitor } from "./pod-monitor.ts";

export { renderPodMonitor, VLLM_POD_MONITOR, SCRAPE_INTERVAL, type PodMonitor } from "./pod-monitor.ts";

/** Per environment and cluster: what makes Prometheus scrape the model servers. */
export function renderMonitoring(env: Environment, cluster: Cluster): KubernetesObject[] {
  return [renderPodMonitor(env, cluster)].filter((o): o is NonNullable<typeof o> => o !== undefined);
}
