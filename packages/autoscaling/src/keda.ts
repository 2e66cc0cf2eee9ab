import { atLeast, formatQuantity, predictorName, type KubernetesObject } from "@llm-gitops/core";
import type { Cluster, Deployment, Environment } from "@llm-gitops/config";
import { scalerMetadata, scaleTargetRef, scalingRules } from "./hpa.ts";
import { isHpaMetric, metricSource } from "./metrics.ts";

/** The fields of keda.sh/v1alpha1 ScaledObject that we emit. */
export interface ScaledObject extends KubernetesObject {
  apiVersion: "keda.sh/v1alpha1";
  kind: "ScaledObject";
  spec: {
    scaleTargetRef: { apiVersion: string; kind: string; name: string };
    minReplicaCount: number;
    maxReplicaCount: number;
    advanced: { horizontalPodAutoscalerConfig: { behavior: object } };
    triggers: { type: string; metricType?: string; metadata: Record<string, string> }[];
  };
}

/** PromQL for the whole predictor: KEDA divides it by the replica count (AverageValue). */
export function kedaQuery(env: Environment, d: Deployment): string {
  if (!isHpaMetric(d.autoscaling.metric)) throw new Error(`${d.autoscaling.metric} is not a Prometheus metric`);
  const m = metricSource(d.autoscaling.metric, d.model.vllmVersion, atLeast);
  const selector = `${m.namespaceLabel}="${env.namespace}",${m.podLabel}=~"${predictorName(d.name)}-.*"`;
  return `sum(${m.aggregate} by (${m.podLabel}) (${m.series}{${selector}}))`;
}

/**
 * Scheduled scaling: KEDA owns the predictor (it creates the only HPA). Inside the windows the
 * cron triggers hold replicas.min; outside them the floor drops to offHoursMin, and the load
 * trigger still adds replicas when users are waiting.
 */
export function renderScaledObject(env: Environment, cluster: Cluster, d: Deployment): ScaledObject | undefined {
  const { autoscaling: a } = d;
  // Knative metrics have no Prometheus query: checkScaling reports them; render nothing here.
  if (a.scaler !== "keda" || !a.schedule || !isHpaMetric(a.metric)) return undefined;
  return {
    apiVersion: "keda.sh/v1alpha1",
    kind: "ScaledObject",
    // KEDA names its HPA keda-hpa-<name>: never ours, so switching between them is safe (hpa.ts).
    metadata: scalerMetadata(env, d),
    spec: {
      scaleTargetRef: scaleTargetRef(d),
      minReplicaCount: a.schedule.offHoursMin,
      maxReplicaCount: d.replicas.max,
      advanced: { horizontalPodAutoscalerConfig: { behavior: { scaleUp: scalingRules(a.scaleUp), scaleDown: scalingRules(a.scaleDown) } } },
      triggers: [
        {
          type: "prometheus",
          metricType: "AverageValue",
          metadata: { serverAddress: cluster.prometheus.url, query: kedaQuery(env, d), threshold: formatQuantity(a.target) },
        },
        ...a.schedule.windows.map((w) => ({
          type: "cron",
          metadata: { timezone: a.schedule!.timezone, start: w.start, end: w.end, desiredReplicas: String(d.replicas.min) },
        })),
      ],
    },
  };
}

