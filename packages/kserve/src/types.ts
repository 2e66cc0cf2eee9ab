import type { Container, PodSpec } from "kubernetes-types/core/v1";
import type { KubernetesObject } from "@llm-gitops/core";

/** The fields of serving.kserve.io/v1beta1 InferenceService that we emit. */
export interface PredictorSpec
  extends Pick<PodSpec, "serviceAccountName" | "nodeSelector" | "tolerations" | "priorityClassName" | "volumes"> {
  containers: Container[];
  minReplicas?: number;
  maxReplicas?: number;
  scaleMetric?: "cpu" | "memory" | "concurrency" | "rps";
  scaleTarget?: number;
}

export interface InferenceService extends KubernetesObject {
  apiVersion: "serving.kserve.io/v1beta1";
  kind: "InferenceService";
  spec: { predictor: PredictorSpec };
}
