import { InputError, objectId, sortObjects, type KubernetesObject, type Problem } from "@llm-gitops/core";
import type { Inputs, Origin } from "@llm-gitops/config";
import type { Component, RenderContext } from "./component.ts";
import { COMPONENTS } from "./components.ts";

export interface RenderedObject {
  object: KubernetesObject;
  /** Objects of one group share a Kustomize base: `environment` or `deployments/<name>`. */
  group: string;
  /** The environment field the object was rendered from. */
  origin: Origin;
  component: string;
}

/** Everything one environment must contain on one cluster. */
export interface Truth {
  cluster: string;
  environment: string;
  namespace: string;
  objects: RenderedObject[];
}

export const ENVIRONMENT_GROUP = "environment";
export const deploymentGroup = (name: string) => `deployments/${name}`;

/** Renders every environment on every one of its clusters. Pure and deterministic. */
export function renderTruths(inputs: Inputs, components: readonly Component[] = COMPONENTS): Truth[] {
  const truths: Truth[] = [];
  const problems: Problem[] = [];
  for (const environment of inputs.environments) {
    for (const cluster of environment.clusters) {
      const ctx: RenderContext = { inputs, environment, cluster };
      const rendered: RenderedObject[] = [];
      const envOrigin: Origin = { file: environment.file, path: "" };
      for (const c of components) {
        for (const object of c.environment?.(ctx) ?? []) {
          rendered.push({ object, group: ENVIRONMENT_GROUP, origin: envOrigin, component: c.name });
        }
        for (const d of environment.deployments) {
          for (const object of c.deployment?.(ctx, d) ?? []) {
            rendered.push({ object, group: deploymentGroup(d.name), origin: d.origin, component: c.name });
          }
        }
      }
      problems.push(...duplicates(rendered, environment.file, cluster.name));
      const order = new Map(sortObjects(rendered.map((r) => r.object)).map((o, i) => [o, i]));
      rendered.sort((a, b) => order.get(a.object)! - order.get(b.object)!);
      truths.push({ cluster: cluster.name, environment: environment.name, namespace: environment.namespace, objects: rendered });
    }
  }
  if (problems.length) throw new InputError(problems);
  return truths.sort((a, b) => a.cluster.localeCompare(b.cluster) || a.environment.localeCompare(b.environment));
}

/** Two renderers emitting the same object would silently overwrite each other. */
function duplicates(rendered: readonly RenderedObject[], file: string, cluster: string): Problem[] {
  const seen = new Map<string, RenderedObject>();
  const problems: Problem[] = [];
  for (const r of rendered) {
    const id = objectId(r.object);
    const first = seen.get(id);
    if (first) {
      problems.push({
        file, line: 1, col: 1, path: r.origin.path,
        message: `${r.object.kind} "${r.object.metadata.name}" is rendered twice on cluster "${cluster}" (components ${first.component} and ${r.component}); rename the deployment if two names clash, else report a bug`,
      });
    } else seen.set(id, r);
  }
  return problems;
}
