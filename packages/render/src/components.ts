import { renderServing } from "@llm-gitops/kserve";
import type { Component } from "./component.ts";
import { namespaceComponent } from "./namespace.ts";

/** Every component, in no particular order: output is sorted, so adding one changes nothing else. */
export const COMPONENTS: readonly Component[] = [
  namespaceComponent,
  { name: "kserve", deployment: ({ environment, cluster }, d) => renderServing(environment, cluster, d) },
];
