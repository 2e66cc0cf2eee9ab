import { FLUENT_BIT_CONFIG_KEY, FLUENT_BIT_CONFIGMAP, REDACT_CALL } from "@llm-gitops/fluent-bit";
import { podSpecs, selects, type PodSpecAt } from "../pods.ts";
import { objectsOf, type Obj, type Rule, type RuleContext, type Violation } from "../rule.ts";

const ofKind = (ctx: RuleContext, kind: string, namespace?: string): readonly Obj[] => objectsOf(ctx, kind, namespace);

/** The predictor's pods: the serving workload the mesh and disruption rules protect. */
const predictor = (o: Obj): PodSpecAt | undefined => podSpecs(o).find((p) => p.path === "spec.predictor");

export const podDisruptionBudget: Rule = {
  id: "pod-disruption-budget",
  title: "replicated serving has a PodDisruptionBudget",
  check: (o, ctx) => {
    const p = predictor(o);
    // As KServe sizes the HPA: maxReplicas below minReplicas (0, unset) means minReplicas (kserve v0.16.0 reconcilers/hpa/hpa_reconciler.go:159-165).
    const max = Math.max(Number(p?.spec.minReplicas ?? 1), Number(p?.spec.maxReplicas ?? 0));
    if (!p || max < 2) return [];
    const covered = ofKind(ctx, "PodDisruptionBudget", o.metadata.namespace).some((pdb) => pdb.spec?.selector && selects(pdb.spec.selector, p.labels));
    // A node drain (GPU node upgrades, spot reclaims) may otherwise evict every replica at once.
    return covered ? [] : [{ message: `runs up to ${max} replicas but no PodDisruptionBudget selects its pods: add one with maxUnavailable: 1 selecting serving.kserve.io/inferenceservice=${o.metadata.name}`, field: ["replicas"] }];
  },
};

/** The mTLS mode Istio applies to a workload: its own policy, else its namespace's, else the mesh's (istio/api peer_authentication.proto). */
function mtlsMode(labels: Record<string, string>, namespace: string, ctx: RuleContext): { mode: string; ports: string[] } {
  const pas = ofKind(ctx, "PeerAuthentication");
  // `selector: {}` or empty matchLabels is namespace-level, its portLevelMtls ignored (istio 1.30.3 pilot/pkg/security/authn/policy_applier.go:408).
  const hasSelector = (pa: Obj) => Object.keys(pa.spec?.selector?.matchLabels ?? {}).length > 0;
  const own = pas.find((pa) => pa.metadata.namespace === namespace && hasSelector(pa) && selects(pa.spec.selector, labels));
  const ns = pas.find((pa) => pa.metadata.namespace === namespace && !hasSelector(pa));
  const mesh = pas.find((pa) => pa.metadata.namespace === ctx.meshRoot && !hasSelector(pa));
  const modeOf = (pa?: Obj) => (pa?.spec?.mtls?.mode && pa.spec.mtls.mode !== "UNSET" ? String(pa.spec.mtls.mode) : undefined);
  const mode = modeOf(own) ?? modeOf(ns) ?? modeOf(mesh) ?? "PERMISSIVE";
  const ports = Object.entries(own?.spec?.portLevelMtls ?? {}).filter(([, v]) => (v as Obj)?.mode && (v as Obj).mode !== "STRICT" && (v as Obj).mode !== "UNSET").map(([k]) => k);
  return { mode, ports };
}

export const mtlsStrict: Rule = {
  id: "mtls-strict",
  title: "serving workloads accept only mutual TLS (PeerAuthentication STRICT)",
  check: (o, ctx) => {
    const p = predictor(o);
    if (!p) return [];
    const { mode, ports } = mtlsMode(p.labels, o.metadata.namespace, ctx);
    if (mode !== "STRICT") return [{ message: `accepts ${mode === "PERMISSIVE" ? "plaintext (mTLS PERMISSIVE, Istio's default)" : `mTLS mode ${mode}`}: give the cluster a mesh (platform.yaml mesh) so namespace ${o.metadata.namespace} gets PeerAuthentication default with mtls.mode STRICT` }];
    return ports.length ? [{ message: `ports ${ports.join(", ")} relax mTLS below STRICT: remove their portLevelMtls` }] : [];
  },
};

export const authorizationPolicy: Rule = {
  id: "authorization-policy",
  title: "serving workloads are selected by an AuthorizationPolicy with rules",
  check: (o, ctx) => {
    const p = predictor(o);
    if (!p) return [];
    const ns = o.metadata.namespace;
    // Only ALLOW policies grant access (DENY, AUDIT, CUSTOM do not), and a policy attached by
    // targetRef(s) is ignored for sidecar workloads (istio 1.30.3 pilot/pkg/model/policyattachment.go:123-135).
    const allows = ofKind(ctx, "AuthorizationPolicy").filter(
      (ap) =>
        (ap.metadata.namespace === ns || ap.metadata.namespace === ctx.meshRoot) &&
        (ap.spec?.action ?? "ALLOW") === "ALLOW" &&
        !ap.spec?.targetRef &&
        !(ap.spec?.targetRefs ?? []).length &&
        selects(ap.spec?.selector, p.labels),
    );
    // A rule without `from` (as `rules: [{}]`) matches every source ("If not set, any source is allowed"): one such ALLOW policy lets any
    // workload call (istio/api 1.30.3 security/v1beta1/authorization_policy.proto, evaluation order and the allow-all example).
    const open = allows.filter((ap) => (ap.spec?.rules ?? []).some((r: Obj) => !(r?.from ?? []).length));
    if (open.length) return open.map((ap) => ({ message: `AuthorizationPolicy ${ap.metadata.namespace}/${ap.metadata.name} allows every source to call its pods (a rule without from): give each rule a from with the gateway's principal (and Prometheus)` }));
    // A policy without rules (allow-nothing) denies all: the workload still needs its own ALLOW.
    const applies = allows.some((ap) => (ap.spec?.rules ?? []).length > 0);
    return applies ? [] : [{ message: `no AuthorizationPolicy with rules selects its pods, so any workload in the mesh may call it: add an ALLOW policy for the gateway's principal (and Prometheus) selecting serving.kserve.io/inferenceservice=${o.metadata.name}` }];
  },
};

/** The Fluent Bit config filters the redaction call after the kubernetes filter has parsed the JSON log (DOMAIN A14). */
function redacts(cm: Obj | undefined): boolean {
  const text: unknown = cm?.data?.[FLUENT_BIT_CONFIG_KEY];
  if (typeof text !== "string") return false;
  // Fluent Bit reads a boolean property as true/on/yes in any case (fluent-bit src/flb_utils.c flb_utils_bool, strcasecmp).
  const parse = text.search(/merge_log:\s*(on|true|yes)\b/i);
  const redact = text.indexOf(`call: ${REDACT_CALL}`);
  return parse >= 0 && redact > parse;
}

export const logRedaction: Rule = {
  id: "log-redaction",
  title: "every cluster that serves ships logs through the redaction pipeline",
  check: (o, ctx) => {
    if (!predictor(o)) return [];
    if (redacts(ofKind(ctx, "ConfigMap").find((cm) => cm.metadata.name === FLUENT_BIT_CONFIGMAP))) return [];
    const v: Violation = { message: `serves on cluster ${ctx.cluster}, whose logs do not pass the redaction filter (prompts and keys would reach the log store): set logging on the cluster in platform.yaml` };
    const at = ctx.clusterAt?.(["logging"]);
    return [at ? { ...v, at } : v];
  },
};
