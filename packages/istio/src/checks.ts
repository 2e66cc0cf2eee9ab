import type { Deployment as AppsDeployment } from "kubernetes-types/apps/v1";
import type { Cluster, Environment, Inputs, Origin } from "@llm-gitops/config";
import { excerpt, PLATFORM_OVERLAY, predictorPodLabels, problemAt, type KubernetesObject, type Problem } from "@llm-gitops/core";
import { checkNetworkPolicies } from "./network-contract.ts";
import { gatewayPrincipal, KNATIVE_NAMESPACE, type AuthorizationPolicy, type MtlsMode, type PeerAuthentication } from "./types.ts";

/** What checkMesh reads of one rendered overlay (render's Truth is one). */
export interface Overlay {
  cluster: string;
  /** The environment's name, or "platform" for the cluster-wide overlay. */
  environment: string;
  namespace: string;
  objects: readonly OverlayObject[];
}
export interface OverlayObject {
  object: KubernetesObject;
  origin: Origin;
}

const ofKind = <T extends KubernetesObject>(items: readonly OverlayObject[], kind: string) =>
  items.filter((i) => i.object.kind === kind) as (OverlayObject & { object: T })[];
const show = (labels: Record<string, string>) => Object.entries(labels).map(([k, v]) => `${k}=${excerpt(v)}`).join(", ");

/**
 * Cross-resource contracts of the mesh and network objects of every cluster: AuthorizationPolicy
 * selectors match real pods, principals name the declared identities, STRICT mTLS covers every
 * serving namespace, and NetworkPolicies let the gateway and Prometheus through and nothing else.
 */
export function checkMesh(truths: readonly Overlay[], inputs: Inputs): Problem[] {
  const problems: Problem[] = [];
  for (const cluster of inputs.platform.clusters.values()) {
    const overlays = truths.filter((t) => t.cluster === cluster.name);
    const all = overlays.flatMap((t) => t.objects);
    const index = kindIndex(all);
    const pods = new Map<string, Record<string, string>[]>();
    const podsIn = (ns: string) => pods.get(ns) ?? pods.set(ns, podLabels(index, ns)).get(ns)!;
    for (const t of overlays) {
      problems.push(...checkSelectors(t, podsIn), ...checkPrincipals(t, cluster));
      const env = inputs.environments.find((e) => e.name === t.environment);
      if (t.environment === PLATFORM_OVERLAY || !env || !t.objects.some((i) => i.object.kind === "InferenceService")) continue;
      if (cluster.mesh) problems.push(...checkStrict(t, env, cluster, all));
      problems.push(...checkNetworkPolicies(t, env, cluster, index));
    }
  }
  return problems;
}

/** A cluster's objects by kind and namespace: the contracts look up a namespace's Services, policies and workloads for every predictor. */
export type KindIndex = (kind: string, namespace: string) => readonly OverlayObject[];

function kindIndex(all: readonly OverlayObject[]): KindIndex {
  const map = new Map<string, OverlayObject[]>();
  for (const item of all) {
    const key = `${item.object.kind}\0${item.object.metadata.namespace ?? ""}`;
    map.get(key)?.push(item) ?? map.set(key, [item]);
  }
  return (kind, namespace) => map.get(`${kind}\0${namespace}`) ?? [];
}

/** Pod labels of the workloads rendered in a namespace: predictor pods of InferenceServices, Deployment templates. */
function podLabels(index: KindIndex, namespace: string): Record<string, string>[] {
  return [
    ...index("InferenceService", namespace).map(({ object: o }) => predictorPodLabels(o.metadata.name)),
    ...index("Deployment", namespace).flatMap(({ object: o }) => (o.apiVersion === "apps/v1" ? [(o as AppsDeployment).spec?.template.metadata?.labels ?? {}] : [])),
  ];
}

/** (a) A selector that matches no pod protects nothing (DOMAIN.md A6: `app: qwen-7b-vllm` matched nothing). */
function checkSelectors(t: Overlay, podsIn: (namespace: string) => Record<string, string>[]): Problem[] {
  return ofKind<AuthorizationPolicy>(t.objects, "AuthorizationPolicy").flatMap(({ object: ap, origin }) => {
    const wanted = ap.spec.selector?.matchLabels;
    if (!wanted || Object.keys(wanted).length === 0) return [];
    const pods = podsIn(ap.metadata.namespace ?? t.namespace);
    if (pods.some((labels) => Object.entries(wanted).every(([k, v]) => labels[k] === v))) return [];
    return [
      problemAt(
        origin.at(["name"]),
        `AuthorizationPolicy "${ap.metadata.name}" selects pods labelled ${show(wanted)}, which no workload rendered in namespace "${ap.metadata.namespace}" carries (KServe labels predictor pods ${show(predictorPodLabels("<name>"))}), so it guards nothing; select the predictor's labels`,
      ),
    ];
  });
}

/** (b) Principals and namespaces must be the identities the cluster declares, in the mesh's trust domain. */
function checkPrincipals(t: Overlay, cluster: Cluster): Problem[] {
  const gateway = gatewayPrincipal(cluster);
  const problems: Problem[] = [];
  for (const { object: ap, origin } of ofKind<AuthorizationPolicy>(t.objects, "AuthorizationPolicy")) {
    for (const rule of ap.spec.rules ?? []) {
      for (const { source } of rule.from ?? []) {
        for (const p of source.principals ?? []) {
          if (p === gateway) continue;
          const expected = gateway
            ? `the only identity it may allow is Kong's, "${gateway}" (the mesh's trustDomain, gateway.kong namespace and serviceAccount of cluster "${cluster.name}")`
            : `cluster "${cluster.name}" declares no ${cluster.mesh ? "gateway" : "mesh"}, so no principal can be authenticated for it`;
          problems.push(problemAt(origin.at(["gateway"]), `AuthorizationPolicy "${ap.metadata.name}" allows principal ${excerpt(p, 80)}; ${expected}; fix the cluster's gateway settings or report a bug`));
        }
        for (const ns of source.namespaces ?? []) {
          if (ns === KNATIVE_NAMESPACE) continue;
          problems.push(problemAt(origin.at(["kserve", "deploymentMode"]), `AuthorizationPolicy "${ap.metadata.name}" allows every workload of namespace ${excerpt(ns)}; only Knative's activator and autoscaler (${KNATIVE_NAMESPACE}) may be allowed by namespace, in Knative mode`));
        }
      }
    }
  }
  return problems;
}

/**
 * (c) STRICT mTLS covers the namespace, as Istio resolves it (istio 1.30.3
 * pilot/pkg/security/authn/policy_applier.go ComposePeerAuthentication): a namespace-wide policy
 * overrides the mesh-wide one in the root namespace, UNSET inherits, nothing at all is PERMISSIVE;
 * a workload-level policy overrides both for the pods it selects.
 */
function checkStrict(t: Overlay, env: Environment, cluster: Cluster, all: readonly OverlayObject[]): Problem[] {
  const root = cluster.mesh!.rootNamespace;
  const policies = ofKind<PeerAuthentication>(all, "PeerAuthentication");
  const wide = (ns: string) => policies.filter((i) => i.object.metadata.namespace === ns && !Object.keys(i.object.spec.selector?.matchLabels ?? {}).length);
  const mode = (pa: PeerAuthentication): MtlsMode => pa.spec.mtls?.mode ?? "UNSET";
  const weak = (m: MtlsMode) => m !== "STRICT" && m !== "UNSET";
  const where = `namespace "${t.namespace}" on cluster "${cluster.name}"`;
  const why = "plaintext from outside the mesh would reach the model servers";
  const problems: Problem[] = [];
  const namespaceWide = wide(t.namespace).filter((i) => mode(i.object) !== "UNSET");
  const meshWide = root === t.namespace ? [] : wide(root).filter((i) => mode(i.object) !== "UNSET");
  const deciding = namespaceWide.length ? namespaceWide : meshWide;
  const weaker = deciding.find((i) => weak(mode(i.object)));
  if (weaker) {
    problems.push(problemAt(weaker.origin.at(["namespace"]), `${where} is not covered by STRICT mTLS: PeerAuthentication "${weaker.object.metadata.name}" in "${weaker.object.metadata.namespace}" sets ${mode(weaker.object)}, so ${why}; make it STRICT`));
  } else if (deciding.length === 0) {
    problems.push(problemAt(env.origin.at(["namespace"]), `${where} has no STRICT PeerAuthentication, namespace-wide or mesh-wide in "${root}", so Istio falls back to PERMISSIVE and ${why}; render PeerAuthentication "default" with mode STRICT`));
  }
  for (const { object: pa, origin } of policies) {
    if (pa.metadata.namespace !== t.namespace || !Object.keys(pa.spec.selector?.matchLabels ?? {}).length) continue;
    const modes = [mode(pa), ...Object.values(pa.spec.portLevelMtls ?? {}).map((p) => p.mode)];
    const w = modes.find(weak);
    if (w) problems.push(problemAt(origin.at(["namespace"]), `PeerAuthentication "${pa.metadata.name}" sets ${w} for some pods of ${where}, so ${why}; remove it`));
  }
  return problems;
}
