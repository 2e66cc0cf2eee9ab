import { ARGOCD_OVERLAY, compareProblems, InputError, isWarning, objectId, PLATFORM_OVERLAY, sortObjects, type KubernetesObject, type OutputFile, type Problem } from "@llm-gitops/core";
import type { Inputs, Origin } from "@llm-gitops/config";
import type { Component } from "./component.ts";
import { COMPONENTS } from "./components.ts";
import { annotateWaivers } from "./waivers.ts";

export interface RenderedObject {
  object: KubernetesObject;
  /**
   * What the object was rendered for: its environment (`environment`), one model deployment
   * (`deployments/<name>`) or its cluster (`cluster`). The layout does not read it: bases are cut
   * per environment, whatever the group (see layout in @llm-gitops/kustomize).
   */
  group: string;
  /** The input field the object was rendered from. */
  origin: Origin;
  component: string;
}

/** Everything one overlay must contain: an environment on a cluster, or a cluster's platform objects. */
export interface Truth {
  cluster: string;
  /** The environment's name, or `platform` for the cluster-wide overlay. */
  environment: string;
  namespace: string;
  objects: RenderedObject[];
}

export interface RenderResult {
  truths: Truth[];
  /** Generated files that are not Kubernetes objects (docker/). */
  files: OutputFile[];
  warnings: Problem[];
}

export const ENVIRONMENT_GROUP = "environment";
export const CLUSTER_GROUP = "cluster";
export const deploymentGroup = (name: string) => `deployments/${name}`;

/** Renders every environment on every one of its clusters, runs every gate. Pure and deterministic. */
export function render(inputs: Inputs, components: readonly Component[] = COMPONENTS): RenderResult {
  const truths: Truth[] = [];
  const problems: Problem[] = [];
  for (const environment of inputs.environments) {
    for (const cluster of environment.clusters) {
      const ctx = { inputs, environment, cluster };
      const rendered: RenderedObject[] = [];
      for (const c of components) {
        for (const object of c.environment?.(ctx) ?? []) rendered.push({ object, group: ENVIRONMENT_GROUP, origin: environment.origin, component: c.name });
        for (const d of environment.deployments) {
          if (!d.clusters.some((placed) => placed.name === cluster.name)) continue;
          for (const object of c.deployment?.(ctx, d) ?? []) rendered.push({ object: annotateWaivers(object, d), group: deploymentGroup(d.name), origin: d.origin, component: c.name });
        }
      }
      truths.push(truth(cluster.name, environment.name, environment.namespace, rendered, problems));
    }
    for (const d of environment.deployments) {
      for (const c of components) problems.push(...(c.checkDeployment?.({ inputs, environment }, d) ?? []));
    }
  }
  for (const cluster of [...inputs.platform.clusters.values()]) {
    const environments = inputs.environments.filter((e) => e.clusters.includes(cluster));
    if (environments.length === 0) continue;
    const rendered: RenderedObject[] = [];
    for (const c of components) {
      for (const object of c.cluster?.({ inputs, cluster, environments }) ?? []) rendered.push({ object, group: CLUSTER_GROUP, origin: cluster.origin, component: c.name });
    }
    if (rendered.length) truths.push(truth(cluster.name, PLATFORM_OVERLAY, "", rendered, problems));
    const delivery: RenderedObject[] = [];
    for (const c of components) {
      for (const object of c.argocd?.({ inputs, cluster, environments }) ?? []) delivery.push({ object, group: CLUSTER_GROUP, origin: cluster.origin, component: c.name });
    }
    if (delivery.length) truths.push(truth(cluster.name, ARGOCD_OVERLAY, cluster.argocd.namespace, delivery, problems));
  }
  truths.sort((a, b) => a.cluster.localeCompare(b.cluster) || a.environment.localeCompare(b.environment));
  for (const c of components) problems.push(...(c.check?.(truths, inputs) ?? []));
  const errors = problems.filter((p) => !isWarning(p));
  if (errors.length) throw new InputError(errors);
  const files = components.flatMap((c) => c.files?.(inputs) ?? []);
  return { truths, files, warnings: problems.filter(isWarning) };
}

function truth(cluster: string, environment: string, namespace: string, rendered: RenderedObject[], problems: Problem[]): Truth {
  problems.push(...duplicates(rendered, cluster));
  const order = new Map(sortObjects(rendered.map((r) => r.object)).map((o, i) => [o, i]));
  rendered.sort((a, b) => order.get(a.object)! - order.get(b.object)!);
  return { cluster, environment, namespace, objects: rendered };
}

/** Two renderers emitting the same object would silently overwrite each other. */
function duplicates(rendered: readonly RenderedObject[], cluster: string): Problem[] {
  const seen = new Map<string, RenderedObject>();
  const problems: Problem[] = [];
  for (const r of rendered) {
    const id = objectId(r.object);
    const first = seen.get(id);
    if (first) {
      problems.push({
        ...r.origin.at(),
        message: `${r.object.kind} "${r.object.metadata.name}" is rendered twice on cluster "${cluster}" (components ${first.component} and ${r.component}); rename the deployment if two names clash, else report a bug`,
      });
    } else seen.set(id, r);
  }
  return problems;
}

/** The truths only, for callers that need no files or warnings. */
export const renderTruths = (inputs: Inputs, components: readonly Component[] = COMPONENTS): Truth[] => render(inputs, components).truths;

/**
 * Runs every component's transition gates: `before` gives the objects the committed overlay of a
 * truth builds to (undefined when the overlay is new, or cannot be read; nothing to compare).
 */
export function checkTransitions(
  inputs: Inputs,
  truths: readonly Truth[],
  before: (truth: Truth) => readonly KubernetesObject[] | undefined,
  components: readonly Component[] = COMPONENTS,
): Problem[] {
  const problems: Problem[] = [];
  for (const truth of truths) {
    const cluster = inputs.platform.clusters.get(truth.cluster);
    const old = before(truth);
    if (!cluster || !old) continue;
    for (const c of components) problems.push(...(c.transition?.({ inputs, cluster, truth, before: old }) ?? []));
  }
  return problems.sort(compareProblems);
}
