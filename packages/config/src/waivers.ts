import type { Problem } from "@llm-gitops/core";
import type { Location } from "./model.ts";
import type { ParsedFile } from "./source.ts";

/** Objects that become pods: every rule about containers reads their pod spec. */
export const POD_KINDS = ["InferenceService", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod"] as const;
const SERVING = ["InferenceService"] as const;
const ROUTES = ["Ingress", "HTTPRoute"] as const;

/**
 * The policy rules by id, with the kinds each judges. The ids are input vocabulary (a waiver
 * names one), so they live here; @llm-gitops/policy implements them, and a test there keeps the
 * two lists equal. A waiver becomes an annotation on the deployment's objects of these kinds.
 */
export const POLICY_RULES = {
  "non-root": POD_KINDS,
  "read-only-root-filesystem": POD_KINDS,
  "resources": POD_KINDS,
  "gpu-pool": POD_KINDS,
  "image-pinned": POD_KINDS,
  "image-digest-in-production": POD_KINDS,
  "probes": POD_KINDS,
  "pod-disruption-budget": SERVING,
  "mtls-strict": SERVING,
  "authorization-policy": SERVING,
  "log-redaction": SERVING,
  "secret-data": ["Secret"],
  "route-authentication": ROUTES,
  "route-rate-limit": ROUTES,
  "route-tls": ROUTES,
} as const satisfies Record<string, readonly string[]>;
export type PolicyRuleId = keyof typeof POLICY_RULES;
export const POLICY_RULE_IDS = Object.keys(POLICY_RULES) as PolicyRuleId[];

/** `waiver.llm-gitops.io/<rule>: <reason>` on the exempted object: visible in clusters/ and to kubectl. */
export const WAIVER_ANNOTATION_PREFIX = "waiver.llm-gitops.io/";

/** A deliberate exception: the deployment's objects are exempt from one rule. */
export interface Waiver {
  rule: PolicyRuleId;
  reason: string;
  /** Where the waiver is written, for an unused waiver's error. */
  at: Location;
}

/** Resolves a deployment's waivers (the schema has checked rule and reason); one per rule. */
export function resolveWaivers(parsed: ParsedFile, input: readonly { rule: PolicyRuleId; reason: string }[] | undefined, i: number, problems: Problem[]): Waiver[] {
  const waivers: Waiver[] = [];
  (input ?? []).forEach((w, j) => {
    const at = ["deployments", i, "waivers", j];
    if (waivers.some((x) => x.rule === w.rule)) problems.push(parsed.problem(at, `"${w.rule}" is waived twice; keep one waiver per rule`));
    else waivers.push({ rule: w.rule, reason: w.reason.trim(), at: parsed.origin(at).at() });
  });
  return waivers;
}
