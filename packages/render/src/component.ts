import type { Cluster, Deployment, Environment, Inputs } from "@llm-gitops/config";
import type { KubernetesObject } from "@llm-gitops/core";

/** What a renderer sees: the whole resolved input, and the environment and cluster it renders for. */
export interface RenderContext {
  inputs: Inputs;
  environment: Environment;
  cluster: Cluster;
}

/**
 * A component renders pure functions of its context: no I/O, no clock, no randomness.
 * `environment` runs once per environment and cluster, `deployment` once per model deployment.
 */
export interface Component {
  name: string;
  environment?(ctx: RenderContext): KubernetesObject[];
  deployment?(ctx: RenderContext, deployment: Deployment): KubernetesObject[];
}
