import type { Cluster, Deployment, Environment } from "@llm-gitops/config";
import type { KubernetesObject } from "@llm-gitops/core";
import { renderAdapterConfigMap } from "./adapter.ts";
import { renderHpa } from "./hpa.ts";
import { renderScaledObject } from "./keda.ts";

export { METRIC_SOURCES, LEGACY_KV_CACHE, metricSource, isHpaMetric, type MetricSource } from "./metrics.ts";
export { adapterRule, adapterRules, renderAdapterConfigMap, readAdapterRules, ruleMetricName, ruleSeries, expandMetricsQuery, type AdapterRule } from "./adapter.ts";
export { renderHpa, KEDA_HPA_OWNERSHIP } from "./hpa.ts";
export { renderScaledObject, kedaQuery, type ScaledObject } from "./keda.ts";
export { renderAutoscalingAddons, applicationAdapterRules, adapterPrometheus, ADAPTER_RELEASE, KEDA_NAMESPACE } from "./addons.ts";
export { checkScalerSwitch } from "./transitions.ts";
export { checkScaling, checkAdapterContract, type ClusterObjects } from "./checks.ts";

/** The scaler of one deployment: our HPA or a KEDA ScaledObject (none in Knative mode). */
export function renderAutoscaling(env: Environment, cluster: Cluster, d: Deployment): KubernetesObject[] {
  return [renderHpa(env, d), renderScaledObject(env, cluster, d)].filter((o): o is NonNullable<typeof o> => o !== undefined);
}

/**
 * Once per cluster: the rules that serve every HPA metric, as the ConfigMap a prometheus-adapter
 * installed otherwise reads (`rules.existing`), unless the adapter is our add-on and carries them.
 */
export function renderAutoscalingCluster(cluster: Cluster): KubernetesObject[] {
  return cluster.addons.prometheusAdapter ? [] : [renderAdapterConfigMap(cluster)];
}
