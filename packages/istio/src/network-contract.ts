import type { Service } from "kubernetes-types/core/v1";
import type { NetworkPolicy } from "kubernetes-types/networking/v1";
import type { Cluster, Environment } from "@llm-gitops/config";
import { predictorPodLabels, problemAt, VLLM_PORT, type Problem } from "@llm-gitops/core";
import type { KindIndex, Overlay, OverlayObject } from "./checks.ts";
import { ingressAllowed } from "./evaluate.ts";
import { gatewayCalls, gatewayPrincipal, inferencePort, KNATIVE_NAMESPACE, metricsPort, QUEUE_METRICS_PORT, type AuthorizationPolicy } from "./types.ts";

interface Probe {
  who: string;
  namespace: string;
  port: number;
  /** The mesh identity the peer calls with; checked against AuthorizationPolicies when Envoy sees the port. */
  principal?: string;
  /** The input field that decides this peer, for the problem's location. */
  field: string[];
}

/** Ports that Services in the namespace (Kong's upstream Service) send to these pods. */
function upstreamPorts(index: KindIndex, namespace: string, labels: Record<string, string>): number[] {
  return index("Service", namespace).flatMap(({ object }) => {
    const selector = (object as Service).spec?.selector ?? {};
    if (!Object.keys(selector).length) return [];
    if (!Object.entries(selector).every(([k, v]) => labels[k] === v)) return [];
    return ((object as Service).spec?.ports ?? []).map((p) => p.targetPort ?? p.port).filter((p): p is number => typeof p === "number");
  });
}

/** Does an ALLOW policy selecting the pods admit this peer on this port (methods and paths aside)? */
function authorized(index: KindIndex, namespace: string, labels: Record<string, string>, p: Probe): boolean {
  return index("AuthorizationPolicy", namespace).some(({ object }) => {
    const ap = object as AuthorizationPolicy;
    if ((ap.spec.action ?? "ALLOW") !== "ALLOW") return false;
    if (!Object.entries(ap.spec.selector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v)) return false;
    return (ap.spec.rules ?? []).some(
      (r) =>
        (!r.from?.length || r.from.some(({ source: s }) => (p.principal !== undefined && s.principals?.includes(p.principal)) || s.namespaces?.includes(p.namespace))) &&
        (!r.to?.length || r.to.some(({ operation: o }) => !o.ports?.length || o.ports.includes(String(p.port)))),
    );
  });
}

/**
 * (d) The NetworkPolicies of a serving namespace let through exactly the peers that must reach its
 * predictor pods: Kong on vLLM's port (and on whatever its upstream Service targets) for Standard
 * pods of a routed environment, Prometheus on the metrics port, Knative's activator and autoscaler
 * in Knative mode; nobody else (an unrelated namespace, Kong on another port or on Knative pods,
 * Prometheus on the inference port when it scrapes merged metrics). In a mesh the peers that Envoy
 * sees must also be admitted by an AuthorizationPolicy (allow-nothing denies the rest). Must-pass
 * probes are judged "certain", must-fail ones "possible" (see evaluate.ts).
 */
export function checkNetworkPolicies(t: Overlay, env: Environment, cluster: Cluster, index: KindIndex): Problem[] {
  // ingressAllowed reads only the policies of the target's namespace.
  const byNamespace = new Map<string, (OverlayObject & { policy: NetworkPolicy })[]>();
  const policiesIn = (ns: string) => byNamespace.get(ns) ?? byNamespace.set(ns, index("NetworkPolicy", ns).map((i) => ({ ...i, policy: i.object as NetworkPolicy }))).get(ns)!;
  const deployments = new Map(env.deployments.map((x) => [x.name, x]));
  const problems: Problem[] = [];
  for (const isvc of t.objects.filter((i) => i.object.kind === "InferenceService")) {
    const name = isvc.object.metadata.name;
    const d = deployments.get(name);
    const mode = d?.deploymentMode ?? "Standard";
    const target = { namespace: isvc.object.metadata.namespace ?? t.namespace, labels: predictorPodLabels(name) };
    const policies = policiesIn(target.namespace);
    const serve = inferencePort(mode);
    const scrape = metricsPort(cluster);
    const prometheus = cluster.prometheus.namespace;
    const allow: Probe[] = [{ who: "Prometheus", namespace: prometheus, port: scrape, field: ["namespace"] }];
    const deny: Probe[] = [
      { who: "an unrelated namespace", namespace: "default", port: serve, field: [] },
      { who: "an unrelated namespace", namespace: "default", port: scrape, field: [] },
    ];
    if (scrape !== serve) deny.push({ who: "Prometheus", namespace: prometheus, port: serve, field: ["namespace"] });
    if (cluster.gateway) {
      const gw = { who: "Kong", namespace: cluster.gateway.namespace, principal: gatewayPrincipal(cluster), field: ["gateway"] };
      const calls = d !== undefined && gatewayCalls(env, cluster, d);
      const ports = calls ? [...new Set([VLLM_PORT, ...upstreamPorts(index, target.namespace, target.labels)])] : [];
      for (const port of ports) allow.push({ ...gw, port });
      for (const port of new Set([serve, VLLM_PORT, QUEUE_METRICS_PORT, scrape])) if (!ports.includes(port)) deny.push({ ...gw, port });
    }
    if (mode === "Knative") {
      for (const port of [serve, QUEUE_METRICS_PORT]) allow.push({ who: "Knative's activator and autoscaler", namespace: KNATIVE_NAMESPACE, port, field: ["kserve", "deploymentMode"] });
    }
    const expected = new Set(allow.map((p) => `${p.namespace}:${p.port}`));
    const pods = `predictor pods of "${name}" in "${target.namespace}" on cluster "${cluster.name}"`;
    for (const p of allow) {
      const peer = `${p.who} (namespace "${p.namespace}") on TCP ${p.port}`;
      if (!ingressAllowed(policies, target, p, "certain").allowed) {
        problems.push(problemAt(isvc.origin.at(p.field), `${pods} must accept ${peer}, but no NetworkPolicy lets it through; render the rule (report a bug)`));
      } else if (cluster.mesh && p.port !== scrape && !authorized(index, target.namespace, target.labels, p)) {
        problems.push(problemAt(isvc.origin.at(p.field), `${pods} must accept ${peer}, but no AuthorizationPolicy allows it, so allow-nothing denies it; render the rule (report a bug)`));
      }
    }
    for (const p of deny) {
      if (expected.has(`${p.namespace}:${p.port}`)) continue;
      const verdict = ingressAllowed(policies, target, p, "possible");
      if (!verdict.allowed) continue;
      const first = verdict.by[0];
      if (!first) {
        problems.push(problemAt(isvc.origin.at([]), `${pods} are selected by no Ingress NetworkPolicy, so every namespace reaches them; render default-deny (report a bug)`));
        break;
      }
      problems.push(problemAt(first.origin.at(p.field), `NetworkPolicy "${first.policy.metadata?.name}" lets ${p.who} (namespace "${p.namespace}") reach ${pods} on TCP ${p.port}; only ${[...expected].join(", ")} (namespace:port) may reach them; narrow its rules`));
    }
  }
  return problems;
}
