import type { Container, PodSecurityContext, PodSpec } from "kubernetes-types/core/v1";
import type { KubernetesObject } from "@llm-gitops/core";

/** The fields of serving.kserve.io/v1beta1 InferenceService that we emit. */
export interface PredictorSpec
  extends Pick<PodSpec, "serviceAccountName" | "nodeSelector" | "affinity" | "tolerations" | "priorityClassName" | "volumes"> {
  containers: Container[];
  /** Annotations KServe puts on the predictor's pods (predictor.go buildObjectMeta). */
  annotations?: Record<string, string>;
  securityContext?: PodSecurityContext;
  minReplicas?: number;
  maxReplicas?: number;
  /** Knative mode only: the KPA's metric and per-pod target. */
  scaleMetric?: "concurrency" | "rps";
  scaleTarget?: number;
}

export interface InferenceService extends KubernetesObject {
  apiVersion: "serving.kserve.io/v1beta1";
  kind: "InferenceService";
  spec: { predictor: PredictorSpec };
}
