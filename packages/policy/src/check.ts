import { DEFAULTS, POLICY_RULES, WAIVER_ANNOTATION_PREFIX, type Inputs, type Location, type PolicyRuleId } from "@llm-gitops/config";
import { compareProblems, excerpt, type KubernetesObject, type Problem } from "@llm-gitops/core";
import { deploymentGroup, type Truth } from "@llm-gitops/render";
import { describe, type Rule, type RuleContext } from "./rule.ts";
import { RULES } from "./rules/index.ts";

/** One rule broken by one object (on every cluster where it is rendered alike). */
export interface PolicyFinding {
  rule: PolicyRuleId;
  /** `InferenceService llm-prod/qwen-chat` */
  object: string;
  clusters: string[];
  message: string;
  at: Location;
  /** The waiver's reason, when the object is exempt. */
  waiver?: string;
}

export interface PolicyResult {
  /** Errors: unwaived findings and unused waivers, sorted by location. */
  problems: Problem[];
  /** Findings exempted by a waiver: shown, not failed. */
  waived: PolicyFinding[];
  /** Objects judged (summed over clusters) and rules run. */
  objects: number;
  rules: number;
}

/** Judges every rendered object by every rule that applies to its kind. Pure and deterministic. */
export function checkPolicy(truths: readonly Truth[], inputs: Inputs, rules: readonly Rule[] = RULES): PolicyResult {
  const findings = new Map<string, PolicyFinding>();
  const used = new Set<string>();
  let objects = 0;
  // Every object of a cluster, once per cluster: rules index it by kind and namespace (objectsOf).
  const onCluster = new Map<string, KubernetesObject[]>();
  const clusterObjects = (name: string) =>
    onCluster.get(name) ?? onCluster.set(name, truths.filter((t) => t.cluster === name).flatMap((t) => t.objects.map((r) => r.object))).get(name)!;
  for (const truth of truths) {
    const ctx = context(truth, clusterObjects(truth.cluster), inputs);
    for (const r of truth.objects) {
      objects++;
      for (const rule of rules) {
        if (!(POLICY_RULES[rule.id] as readonly string[]).includes(r.object.kind)) continue;
        for (const v of rule.check(r.object, ctx)) {
          const at = v.at ?? r.origin.at(v.field ?? []);
          const waiver = waiverOf(r.object, rule.id);
          if (waiver !== undefined) used.add(`${truth.environment}\0${r.group}\0${rule.id}`);
          const message = `${describe(r.object)}: ${v.message}`;
          const key = [rule.id, message, at.file, at.line, at.col].join("\0");
          const seen = findings.get(key);
          if (seen) seen.clusters.push(truth.cluster);
          else findings.set(key, { rule: rule.id, object: describe(r.object), clusters: [truth.cluster], message, at, ...(waiver !== undefined ? { waiver } : {}) });
        }
      }
    }
  }
  const all = [...findings.values()];
  const problems: Problem[] = all.filter((f) => f.waiver === undefined).map((f) => ({ ...f.at, message: `${f.message} [${f.rule}${clustersNote(f)}]` }));
  for (const env of inputs.environments) {
    for (const d of env.deployments) {
      for (const w of d.waivers ?? []) {
        if (used.has(`${env.name}\0${deploymentGroup(d.name)}\0${w.rule}`)) continue;
        problems.push({ ...w.at, message: `unused waiver: no object of deployment "${d.name}" breaks "${w.rule}"; remove the waiver` });
      }
    }
  }
  const waived = all.filter((f) => f.waiver !== undefined).sort((a, b) => compareProblems({ ...a.at, message: a.message }, { ...b.at, message: b.message }));
  return { problems: problems.sort(compareProblems), waived, objects, rules: rules.length };
}

const clustersNote = (f: PolicyFinding) => (f.clusters.length ? ` on ${f.clusters.join(", ")}` : "");

/** The waiver's reason on an object; a blank reason waives nothing (the schema refuses one in input). */
function waiverOf(o: KubernetesObject, rule: PolicyRuleId): string | undefined {
  const reason = o.metadata.annotations?.[`${WAIVER_ANNOTATION_PREFIX}${rule}`];
  return reason?.trim() ? reason : undefined;
}

function context(truth: Truth, objects: readonly KubernetesObject[], inputs: Inputs): RuleContext {
  const cluster = inputs.platform.clusters.get(truth.cluster);
  const env = inputs.environments.find((e) => e.name === truth.environment);
  return {
    cluster: truth.cluster,
    environment: truth.environment,
    production: env?.production ?? false,
    objects,
    gpuInstanceTypes: new Set((cluster?.nodePools ?? []).map((p) => p.instanceType)),
    meshRoot: cluster?.mesh?.rootNamespace ?? DEFAULTS.mesh.rootNamespace,
    ...(cluster ? { clusterAt: cluster.origin.at } : {}),
  };
}

/** A waived finding as check prints it: where the waiver's object comes from, the rule, the reason. */
export const waivedText = (f: PolicyFinding): string =>
  `waived: ${f.at.file}:${f.at.line}:${f.at.col} ${f.object} breaks ${f.rule}${clustersNote(f)}; reason: ${excerpt(f.waiver ?? "", 300)}`;

/** The policy gate's summary line. */
export function policySummary(r: PolicyResult): string {
  const waived = r.waived.length ? `; ${r.waived.length} waived` : "";
  return r.problems.length
    ? `${r.problems.length} problem${r.problems.length === 1 ? "" : "s"} (${r.rules} rules on ${r.objects} rendered objects${waived})`
    : `${r.rules} rules hold on ${r.objects} rendered objects${waived}`;
}
