export { layout, type OverlaySpec } from "./layout.ts";
export { writeTree, checkTree, compareTree, type TreeDiff } from "./writer.ts";
export { readManagedTree, nodeFs, type TreeFs } from "./tree.ts";
export { assertUniquePaths, MANAGED_ROOTS, GENERATED_HEADER, type OutputFile } from "./files.ts";
export { parseImageRef, mapContainerImages, containerImages, type ImageRef } from "./images.ts";
export type { Kustomization, PatchTarget } from "./kustomization.ts";
export { kustomizeBuild } from "./kubectl.ts";
export { buildOverlay, UnsupportedKustomization } from "./build.ts";
