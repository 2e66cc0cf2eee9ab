import { formatProblem, type Problem } from "@llm-gitops/core";
import type { Overlay } from "./objects.ts";
import { overlayKey } from "./objects.ts";
import { waiversChanged } from "./waivers.ts";
import { addonsChanged, authorizationWidened, gpusAndReplicas, modelsAndImages, mtlsWeakened, redactionWeakened, routesExposed, scalerSwitched, type Rule } from "./rules.ts";

/**
 * The topics of the summary, in the order a reviewer reads them. A topic is either computed from
 * the objects of each overlay (`rule`) or supplied whole (transitions need the inputs; a cost
 * topic would need prices): add a topic here and give `summarize` its lines.
 */
export const TOPICS = [
  { id: "capacity", title: "GPUs and replicas", rule: gpusAndReplicas },
  { id: "cost", title: "Monthly cost" },
  { id: "models", title: "Models and images", rule: modelsAndImages },
  { id: "addons", title: "Cluster add-ons", rule: addonsChanged },
  { id: "routes", title: "Routes newly exposed", rule: routesExposed },
  { id: "authorization", title: "Authorization widened", rule: authorizationWidened },
  { id: "mtls", title: "mTLS weakened", rule: mtlsWeakened },
  { id: "redaction", title: "Log redaction weakened", rule: redactionWeakened },
  { id: "scaler", title: "Scaler switched", rule: scalerSwitched },
  { id: "waivers", title: "Policy waivers", rule: waiversChanged },
  { id: "refused", title: "Changes the live cluster would refuse" },
] as const satisfies readonly { id: string; title: string; rule?: Rule }[];
export type TopicId = (typeof TOPICS)[number]["id"];

export interface SummaryLine {
  topic: TopicId;
  /** cluster/environment; absent for lines about the whole change. */
  overlay?: string;
  text: string;
}

/** Every rule on every overlay pair, then the supplied topics (e.g. refused transitions). */
export function summarize(base: readonly Overlay[], head: readonly Overlay[], extra: readonly SummaryLine[] = []): SummaryLine[] {
  const old = new Map(base.map((o) => [overlayKey(o), o.objects]));
  const now = new Map(head.map((o) => [overlayKey(o), o.objects]));
  const keys = [...new Set([...old.keys(), ...now.keys()])].sort();
  const lines: SummaryLine[] = [];
  for (const topic of TOPICS) {
    if ("rule" in topic) for (const k of keys) for (const text of topic.rule(old.get(k) ?? [], now.get(k) ?? [])) lines.push({ topic: topic.id, overlay: k, text });
    lines.push(...extra.filter((l) => l.topic === topic.id));
  }
  return lines;
}

/** Transition problems as summary lines, located at the environment field behind them. */
export const refusedLines = (problems: readonly Problem[]): SummaryLine[] => problems.map((p) => ({ topic: "refused", text: formatProblem(p) }));
