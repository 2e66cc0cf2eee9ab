export * from "./object.ts";
export * from "./errors.ts";
export * from "./names.ts";
export * from "./labels.ts";
export * from "./yaml.ts";
export * from "./order.ts";
