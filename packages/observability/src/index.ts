import type { Cluster, Environment } from "@llm-gitops/config";
import type { KubernetesObject } from "@llm-gitops/core";
import { renderDashboards } from "./dashboards.ts";
import { renderDcgmServiceMonitor } from "./dcgm.ts";
import { renderPodMonitor } from "./pod-monitor.ts";
import { renderPrometheusRule } from "./prometheus-rule.ts";

export { renderPodMonitor, VLLM_POD_MONITOR, SCRAPE_INTERVAL, type PodMonitor } from "./pod-monitor.ts";
export { renderPrometheusRule, VLLM_PROMETHEUS_RULE, type PrometheusRule, type RuleGroup } from "./prometheus-rule.ts";
export { renderDcgmServiceMonitor, DCGM_SERVICE_MONITOR, type ServiceMonitor } from "./dcgm.ts";
export { renderDashboards, DASHBOARDS } from "./dashboards.ts";
export { RECORDS, latencyRecord, type RecordingRule } from "./records.ts";
export { ALERTS, type AlertingRule } from "./alerts.ts";
export { vllmSeriesName, vllmSeriesNames, type VllmSeries } from "./vllm-metrics.ts";
export type { Dashboard } from "./grafana.ts";

const defined = <T>(o: T | undefined): o is T => o !== undefined;

/** Per environment and cluster (environment overlay): scraping the model servers, their records and SLO alerts. */
export function renderMonitoring(env: Environment, cluster: Cluster): KubernetesObject[] {
  return [renderPodMonitor(env, cluster), renderPrometheusRule(env, cluster)].filter(defined);
}

/** Per cluster (platform overlay): the DCGM exporter's ServiceMonitor and the Grafana dashboards. */
export function renderMonitoringCluster(cluster: Cluster): KubernetesObject[] {
  return [renderDcgmServiceMonitor(cluster), ...renderDashboards(cluster)].filter(defined);
}
export { renderDcgmAddon, gpuNodes, DCGM_RELEASE } from "./dcgm-addon.ts";
