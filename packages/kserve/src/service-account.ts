import type { ServiceAccount } from "kubernetes-types/core/v1";
import { serviceAccountName, type Typed } from "@llm-gitops/core";
import type { Deployment, Environment } from "@llm-gitops/config";
import { deploymentLabels } from "./inference-service.ts";

/** One identity per deployment: Istio principals and AuthorizationPolicies key on it. */
export function renderServiceAccount(env: Environment, d: Deployment): Typed<ServiceAccount> {
  return {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name: serviceAccountName(d.name), namespace: env.namespace, labels: deploymentLabels(d) },
    // vLLM never talks to the Kubernetes API.
    automountServiceAccountToken: false,
  };
}
