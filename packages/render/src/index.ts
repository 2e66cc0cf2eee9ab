export { render, renderTruths, checkTransitions, ENVIRONMENT_GROUP, CLUSTER_GROUP, deploymentGroup, type RenderedObject, type Truth, type RenderResult } from "./pipeline.ts";
export { COMPONENTS } from "./components.ts";
export type { Component, RenderContext, ClusterContext } from "./component.ts";
