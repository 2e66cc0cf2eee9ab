import { MANAGED_BY, type KubernetesObject } from "@llm-gitops/core";
import type { Cluster, Environment } from "@llm-gitops/config";
import { alertingRules, type AlertingRule } from "./alerts.ts";
import { recordingRules, vllmVersionsOn, type RecordingRule } from "./records.ts";

/** The fields of monitoring.coreos.com/v1 PrometheusRule that we emit. */
export interface PrometheusRule extends KubernetesObject {
  apiVersion: "monitoring.coreos.com/v1";
  kind: "PrometheusRule";
  spec: { groups: RuleGroup[] };
}

export interface RuleGroup {
  name: string;
  rules: (RecordingRule | AlertingRule)[];
}

export const VLLM_PROMETHEUS_RULE = "vllm";

/**
 * Recording rules and SLO alerts of one environment on one cluster, in its namespace, labelled
 * for the cluster's Prometheus rule selector (kube-prometheus-stack selects rules by its release
 * label, like monitors). Every selector is scoped to the environment's namespace, so two
 * environments on a cluster record the same names without clashing. GPU rules and the GPU alert
 * only where the cluster scrapes DCGM (cluster.prometheus.dcgmExporter).
 */
export function renderPrometheusRule(env: Environment, cluster: Cluster): PrometheusRule | undefined {
  const versions = vllmVersionsOn(env, cluster);
  if (versions.length === 0) return undefined;
  const gpu = cluster.prometheus.dcgmExporter !== undefined;
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: {
      name: VLLM_PROMETHEUS_RULE,
      namespace: env.namespace,
      labels: { ...cluster.prometheus.monitorLabels, "app.kubernetes.io/managed-by": MANAGED_BY, "app.kubernetes.io/name": "vllm" },
    },
    spec: {
      groups: [
        { name: "vllm.records", rules: recordingRules(env, versions, gpu) },
        { name: "vllm.slo.alerts", rules: alertingRules(env, gpu) },
      ],
    },
  };
}
