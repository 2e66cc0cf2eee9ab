import type { Cluster, Deployment, Environment, Inputs } from "@llm-gitops/config";
import type { KubernetesObject, OutputFile, Problem } from "@llm-gitops/core";
import type { Truth } from "./pipeline.ts";

/** What a renderer sees: the whole resolved input, and the environment and cluster it renders for. */
export interface RenderContext {
  inputs: Inputs;
  environment: Environment;
  cluster: Cluster;
}

export interface ClusterContext {
  inputs: Inputs;
  cluster: Cluster;
  /** The environments deployed to this cluster. */
  environments: Environment[];
}

/**
 * A component renders with pure functions: no I/O, no clock, no randomness. Every hook is
 * optional; the pipeline calls each where it applies and sorts what comes back.
 */
export interface Component {
  name: string;
  /** Once per environment and cluster. */
  environment?(ctx: RenderContext): KubernetesObject[];
  /** Once per model deployment, environment and cluster. */
  deployment?(ctx: RenderContext, deployment: Deployment): KubernetesObject[];
  /** Once per cluster: objects every environment on it shares (the cluster's platform overlay). */
  cluster?(ctx: ClusterContext): KubernetesObject[];
  /** Once per cluster: what the Argo CD instance deploying to it holds (the cluster's argocd overlay). */
  argocd?(ctx: ClusterContext): KubernetesObject[];
  /** Gates on one deployment of one environment (errors fail generate; warnings are printed). */
  checkDeployment?(ctx: { inputs: Inputs; environment: Environment }, deployment: Deployment): Problem[];
  /** Gates across everything rendered: cross-resource contracts. */
  check?(truths: readonly Truth[], inputs: Inputs): Problem[];
  /**
   * Gates on changing what is deployed: `before` is what the committed overlay builds to, `truth`
   * the fresh render of the same overlay. Only `check` runs these (it reads the committed tree).
   */
  transition?(ctx: { inputs: Inputs; cluster: Cluster; truth: Truth; before: readonly KubernetesObject[] }): Problem[];
  /** Files that are not Kubernetes objects (docker/). */
  files?(inputs: Inputs): OutputFile[];
}
