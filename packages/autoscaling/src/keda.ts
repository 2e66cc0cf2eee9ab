import { atLeast, formatQuantity, predictorName, type KubernetesObject } from "@llm-gitops/core";
import type { Cluster, Deployment, Environment } from "@llm-gitops/config";
import { scalerMetadata, scaleTargetRef, scalingRules, SYNC_WAVE } from "./hpa.ts";
import { isHpaMetric, metricSource } from "./metrics.ts";

/** The fields of keda.sh/v1alpha1 ScaledObject that we emit. */
export interface ScaledObject extends KubernetesObject {
  apiVersion: "keda.sh/v1alpha1";
  kind: "ScaledObject";
  spec: {
    scaleTargetRef: { apiVersion: string; kind: string; name: string };
    minReplicaCount: number;
    maxReplicaCount: number;
    advanced: { horizontalPodAutoscalerConfig: { name: string; behavior: object } };
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
 * Switching a predictor between our HPA and a ScaledObject in one commit (../shared/DOMAIN.md B11):
 * - HPA → ScaledObject: KEDA's webhook rejects a ScaledObject while another HPA targets the
 *   workload, unless it says `scaledobject.keda.sh/transfer-hpa-ownership: "true"` and names that
 *   HPA in advanced.horizontalPodAutoscalerConfig.name (keda v2.20.2 verifyHpas,
 *   apis/keda/v1alpha1/scaledobject_webhook.go); KEDA then adopts it as its own HPA.
 * - ScaledObject → HPA: the adopted HPA is garbage-collected with the ScaledObject (KEDA's
 *   finalizer leaves it to its ownerReference). Argo CD prunes the ScaledObject in its own wave
 *   and waits for the deletion before the HPA's later wave creates ours afresh
 *   (gitops-engine sync_context.go, argo-cd v3.5.1).
 */
export const TRANSFER_HPA_OWNERSHIP = "scaledobject.keda.sh/transfer-hpa-ownership";
export const SCALED_OBJECT_WAVE = "0";

/**
 * Scheduled scaling: KEDA owns the predictor (it creates the only HPA). Inside the windows the
 * cron triggers hold replicas.min; outside them the floor drops to offHoursMin, and the load
 * trigger still adds replicas when users are waiting.
 */
export function renderScaledObject(env: Environment, cluster: Cluster, d: Deployment): ScaledObject | undefined {
  const { autoscaling: a } = d;
  // Knative metrics have no Prometheus query: checkScaling reports them; render nothing here.
  if (a.scaler !== "keda" || !a.schedule || !isHpaMetric(a.metric)) return undefined;
  const metadata = scalerMetadata(env, d);
  return {
    apiVersion: "keda.sh/v1alpha1",
    kind: "ScaledObject",
    metadata: { ...metadata, annotations: { [TRANSFER_HPA_OWNERSHIP]: "true", [SYNC_WAVE]: SCALED_OBJECT_WAVE } },
    spec: {
      scaleTargetRef: scaleTargetRef(d),
      minReplicaCount: a.schedule.offHoursMin,
      maxReplicaCount: d.replicas.max,
      advanced: {
        // KEDA's HPA takes our HPA's name, so a switch from our HPA adopts it instead of failing.
        horizontalPodAutoscalerConfig: { name: metadata.name, behavior: { scaleUp: scalingRules(a.scaleUp), scaleDown: scalingRules(a.scaleDown) } },
      },
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

