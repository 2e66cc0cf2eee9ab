export { loadInputs } from "./load.ts";
export { environmentName } from "./environment.ts";
export { PLATFORM_FILE, DEFAULTS } from "./defaults.ts";
export { parseSource, formatPath, ParsedFile, type SourceFile, type Segment } from "./source.ts";
export { didYouMean } from "./didyoumean.ts";
export * from "./model.ts";
export { PlatformSchema, EnvironmentSchema } from "./schema.ts";
export { KNOWN_GPUS, GPU_NODE_LABEL_SOURCES, gpuNodeSelector, type KnownGpu, type GpuNodeLabelSource, type GpuSelector } from "./gpus.ts";
export { DCGM_CHART_SERVICE } from "./addons.ts";
