import type { Namespace } from "kubernetes-types/core/v1";
import { GATEWAY_ROUTES_LABEL, MANAGED_BY, meshInjectionLabels, type Typed } from "@llm-gitops/core";
import type { Component } from "./component.ts";

/**
 * The environment's namespace: in a mesh it is labelled for sidecar injection (so STRICT mTLS and
 * the AuthorizationPolicies apply to its pods), and behind a Gateway API gateway it carries the
 * label the cluster's Gateway admits routes by.
 */
export const namespaceComponent: Component = {
  name: "namespace",
  environment: ({ environment, cluster }) => [
    {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: {
        name: environment.namespace,
        labels: {
          "app.kubernetes.io/managed-by": MANAGED_BY,
          "llm-gitops.io/environment": environment.name,
          ...(cluster.mesh ? meshInjectionLabels(cluster.mesh.revision) : {}),
          ...(cluster.gateway?.routes === "gateway-api" && environment.gateway ? { [GATEWAY_ROUTES_LABEL]: "true" } : {}),
        },
      },
    } satisfies Typed<Namespace>,
  ],
};
