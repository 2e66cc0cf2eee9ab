import type { ConfigMap } from "kubernetes-types/core/v1";
import { parse } from "yaml";
import { ADAPTER_RULES_CONFIGMAP, MANAGED_BY, toYaml, type Typed } from "@llm-gitops/core";
import type { Cluster } from "@llm-gitops/config";
import { LEGACY_KV_CACHE, METRIC_SOURCES, type MetricSource } from "./metrics.ts";

/** One prometheus-adapter discovery rule (config.yaml `rules[]`). */
export interface AdapterRule {
  seriesQuery: string;
  resources: { overrides: Record<string, { resource: string }> };
  name: { matches: string; as?: string };
  metricsQuery: string;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function adapterRule(m: MetricSource): AdapterRule {
  const aggregate = m.aggregate;
  return {
    seriesQuery: `${m.series}{${m.namespaceLabel}!="",${m.podLabel}!=""}`,
    resources: { overrides: { [m.namespaceLabel]: { resource: "namespace" }, [m.podLabel]: { resource: "pod" } } },
    name: { matches: `^${escapeRegex(m.series)}$`, as: m.adapterName },
    metricsQuery: `${aggregate} by (<<.GroupBy>>) (<<.Series>>{<<.LabelMatchers>>})`,
  };
}

export function adapterRules(): AdapterRule[] {
  return [...Object.values(METRIC_SOURCES), LEGACY_KV_CACHE].map(adapterRule);
}

/** The rules ConfigMap for the prometheus-adapter chart (`rules.existing: llm-gitops-adapter-rules`). */
export function renderAdapterConfigMap(cluster: Cluster): Typed<ConfigMap> {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: {
      name: ADAPTER_RULES_CONFIGMAP,
      namespace: cluster.prometheus.adapterNamespace,
      labels: { "app.kubernetes.io/managed-by": MANAGED_BY, "app.kubernetes.io/part-of": "prometheus-adapter" },
    },
    data: { "config.yaml": toYaml({ rules: adapterRules() }) },
  };
}

export function readAdapterRules(cm: { data?: Record<string, string> }): AdapterRule[] {
  const config = parse(cm.data?.["config.yaml"] ?? "") as { rules?: AdapterRule[] } | null;
  return config?.rules ?? [];
}

/** The metric name a rule serves for a series, as prometheus-adapter derives it. */
export function ruleMetricName(rule: AdapterRule, series: string): string | undefined {
  const re = new RegExp(rule.name.matches);
  if (!re.test(series)) return undefined;
  return rule.name.as ? series.replace(re, rule.name.as) : series;
}

/** The series a rule's seriesQuery selects by name. */
export function ruleSeries(rule: AdapterRule): string {
  return rule.seriesQuery.replace(/\{.*$/, "");
}

/**
 * The PromQL prometheus-adapter runs for one pod-metric request, expanding the Go template the
 * way the adapter does: Series is the series name, LabelMatchers select the namespace and pods
 * through the overridden labels, GroupBy is the pod label.
 */
export function expandMetricsQuery(rule: AdapterRule, namespace: string, pods: readonly string[]): string {
  const labelFor = (resource: string) => Object.entries(rule.resources.overrides).find(([, v]) => v.resource === resource)?.[0];
  const ns = labelFor("namespace")!;
  const pod = labelFor("pod")!;
  const matchers = `${ns}="${namespace}",${pod}=~"${pods.join("|")}"`;
  return rule.metricsQuery
    .replaceAll("<<.Series>>", ruleSeries(rule))
    .replaceAll("<<.LabelMatchers>>", matchers)
    .replaceAll("<<.GroupBy>>", pod);
}
