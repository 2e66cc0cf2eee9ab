export { checkPolicy, policySummary, waivedText, type PolicyFinding, type PolicyResult } from "./check.ts";
export { RULES } from "./rules/index.ts";
export { imageRef } from "./rules/workload.ts";
export { podSpecs, selects } from "./pods.ts";
export type { Rule, RuleContext, Violation } from "./rule.ts";
