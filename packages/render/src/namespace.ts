import type { Namespace } from "kubernetes-types/core/v1";
import { MANAGED_BY, type Typed } from "@llm-gitops/core";
import type { Component } from "./component.ts";

/** The environment's namespace. */
export const namespaceComponent: Component = {
  name: "namespace",
  environment: ({ environment }) => [
    {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: {
        name: environment.namespace,
        labels: { "app.kubernetes.io/managed-by": MANAGED_BY, "llm-gitops.io/environment": environment.name },
      },
    } satisfies Typed<Namespace>,
  ],
};
