export { renderTruths, ENVIRONMENT_GROUP, deploymentGroup, type RenderedObject, type Truth } from "./pipeline.ts";
export { COMPONENTS } from "./components.ts";
export type { Component, RenderContext } from "./component.ts";
