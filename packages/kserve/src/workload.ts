import type { PersistentVolumeClaim } from "kubernetes-types/core/v1";
import type { PodDisruptionBudget } from "kubernetes-types/policy/v1";
import type { PriorityClass } from "kubernetes-types/scheduling/v1";
import { MANAGED_BY, predictorPodLabels, priorityClassName, type Typed } from "@llm-gitops/core";
import type { Deployment, Environment, Model } from "@llm-gitops/config";
import { deploymentLabels } from "./inference-service.ts";

/** Drains take one replica at a time; never blocks a drain outright (maxUnavailable, not minAvailable). */
export function renderPodDisruptionBudget(env: Environment, d: Deployment): Typed<PodDisruptionBudget> {
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: { name: d.name, namespace: env.namespace, labels: deploymentLabels(d) },
    spec: { maxUnavailable: 1, selector: { matchLabels: predictorPodLabels(d.name) } },
  };
}

export function renderPriorityClass(env: Environment): Typed<PriorityClass> {
  return {
    apiVersion: "scheduling.k8s.io/v1",
    kind: "PriorityClass",
    metadata: { name: priorityClassName(env.name), labels: { "app.kubernetes.io/managed-by": MANAGED_BY } },
    value: env.priority,
    globalDefault: false,
    preemptionPolicy: "PreemptLowerPriority",
    description: `Model servers of the ${env.name} environment.`,
  };
}

/** The shared ReadWriteMany volume a PVC-stored model is served from, once per environment. */
export function renderModelVolumeClaims(env: Environment): Typed<PersistentVolumeClaim>[] {
  const claims = new Map<string, Model>();
  for (const d of env.deployments) if (d.model.storage.kind === "pvc") claims.set(d.model.storage.claimName, d.model);
  return [...claims.values()].map((m) => {
    if (m.storage.kind !== "pvc") throw new Error("unreachable");
    return {
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: { name: m.storage.claimName, namespace: env.namespace, labels: { "app.kubernetes.io/managed-by": MANAGED_BY } },
      spec: {
        accessModes: ["ReadWriteMany"],
        storageClassName: m.storage.storageClassName,
        resources: { requests: { storage: m.storage.size } },
      },
    };
  });
}
