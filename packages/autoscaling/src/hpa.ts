import type { HorizontalPodAutoscaler, HPAScalingRules } from "kubernetes-types/autoscaling/v2";
import { atLeast, autoscalerName, formatQuantity, MANAGED_BY, predictorName, type Typed } from "@llm-gitops/core";
import type { Deployment, Environment, ScalePolicy } from "@llm-gitops/config";
import { isHpaMetric, metricSource } from "./metrics.ts";

/**
 * KEDA's admission webhook refuses a ScaledObject while another HPA targets the same workload,
 * except HPAs that carry this annotation (keda v2.20.2 apis/keda/v1alpha1/scaledobject_webhook.go
 * verifyHpas). Ours always carries it, so a deployment can switch to a KEDA schedule in one change:
 * Argo CD creates the ScaledObject and prunes this HPA in the same sync. The two HPAs never share
 * a name, so switching back cannot have ours garbage-collected with KEDA's.
 */
export const KEDA_HPA_OWNERSHIP = "validations.keda.sh/hpa-ownership";

export const scaleTargetRef = (d: Deployment) => ({ apiVersion: "apps/v1", kind: "Deployment", name: predictorName(d.name) });

/** HPA and ScaledObject share a name: a deployment has exactly one of them. */
export const scalerMetadata = (env: Environment, d: Deployment) => ({
  name: autoscalerName(d.name),
  namespace: env.namespace,
  labels: { "app.kubernetes.io/managed-by": MANAGED_BY, "app.kubernetes.io/instance": d.name },
});

export function scalingRules(p: ScalePolicy): HPAScalingRules {
  return {
    stabilizationWindowSeconds: p.stabilizationWindowSeconds,
    selectPolicy: "Max",
    policies: [{ type: "Pods", value: p.pods, periodSeconds: p.periodSeconds }],
  };
}

/**
 * Our HPA on the predictor Deployment KServe creates (the InferenceService has no scale
 * subresource), fed by prometheus-adapter. The InferenceService says autoscalerClass: external.
 */
export function renderHpa(env: Environment, d: Deployment): Typed<HorizontalPodAutoscaler> | undefined {
  const { autoscaling: a } = d;
  if (a.scaler !== "hpa" || !isHpaMetric(a.metric)) return undefined;
  const source = metricSource(a.metric, d.model.vllmVersion, atLeast);
  return {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: { ...scalerMetadata(env, d), annotations: { [KEDA_HPA_OWNERSHIP]: "false" } },
    spec: {
      scaleTargetRef: scaleTargetRef(d),
      minReplicas: d.replicas.min,
      maxReplicas: d.replicas.max,
      metrics: [
        {
          type: "Pods",
          pods: { metric: { name: source.adapterName }, target: { type: "AverageValue", averageValue: formatQuantity(a.target) } },
        },
      ],
      behavior: { scaleUp: scalingRules(a.scaleUp), scaleDown: scalingRules(a.scaleDown) },
    },
  };
}
