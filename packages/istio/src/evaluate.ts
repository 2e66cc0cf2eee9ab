import type { NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort } from "kubernetes-types/networking/v1";
import type { LabelSelector } from "kubernetes-types/meta/v1";
import { NAMESPACE_NAME_LABEL } from "./network-policy.ts";

/**
 * A small evaluator of NetworkPolicy ingress semantics (kubernetes/website
 * content/en/docs/concepts/services-networking/network-policies.md): a pod selected by no policy
 * with policyType Ingress is open; a selected pod takes the union of the rules of every such
 * policy; a rule admits a connection matching one of its peers and one of its ports (absent or
 * empty lists match everything); policyTypes defaults to Ingress (plus Egress with egress rules).
 *
 * What we do not know is decided by `mode`: "certain" (is it surely allowed?) counts an unknown as
 * not matching; "possible" (could it be allowed?) counts it as matching. Unknowns are the peer pod's
 * labels, namespace labels other than kubernetes.io/metadata.name, ipBlocks (pod IPs are not known)
 * and named ports.
 */
export type Mode = "certain" | "possible";

export interface Target {
  namespace: string;
  labels: Readonly<Record<string, string>>;
}

export interface Peer {
  namespace: string;
  port: number;
  protocol?: "TCP" | "UDP" | "SCTP";
}

export interface Verdict<P> {
  allowed: boolean;
  /** The policies whose rules admit the peer (empty when the pod is not isolated). */
  by: P[];
}

type Known = { labels: Readonly<Record<string, string>>; complete: boolean };

/** Does `selector` select an object whose labels are `known` (complete: no other labels exist)? */
export function selects(selector: LabelSelector | undefined, known: Known, mode: Mode = "certain"): boolean {
  if (!selector) return false;
  const holds = (key: string, test: (value: string | undefined) => boolean) => (key in known.labels || known.complete || mode === "certain" ? test(known.labels[key]) : true);
  const labelsHold = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => holds(k, (value) => value === v));
  return (
    labelsHold &&
    (selector.matchExpressions ?? []).every((e) =>
      holds(e.key, (value) => {
        switch (e.operator) {
          case "In":
            return value !== undefined && (e.values ?? []).includes(value);
          case "NotIn":
            return value === undefined || !(e.values ?? []).includes(value);
          case "Exists":
            return value !== undefined;
          case "DoesNotExist":
            return value === undefined;
          default:
            return false;
        }
      }),
    )
  );
}

function peerMatches(p: NetworkPolicyPeer, policyNamespace: string, peer: Peer, mode: Mode): boolean {
  if (p.ipBlock) return mode === "possible";
  const namespace: Known = { labels: { [NAMESPACE_NAME_LABEL]: peer.namespace }, complete: false };
  const pod: Known = { labels: {}, complete: false };
  const nsOk = p.namespaceSelector ? selects(p.namespaceSelector, namespace, mode) : peer.namespace === policyNamespace;
  const podOk = p.podSelector ? selects(p.podSelector, pod, mode) : true;
  return nsOk && podOk;
}

function portMatches(p: NetworkPolicyPort, peer: Peer, mode: Mode): boolean {
  if ((p.protocol ?? "TCP") !== (peer.protocol ?? "TCP")) return false;
  if (p.port === undefined) return true;
  if (typeof p.port === "string") return mode === "possible";
  return p.endPort !== undefined ? peer.port >= p.port && peer.port <= p.endPort : peer.port === p.port;
}

const ingressTypes = (spec: NonNullable<NetworkPolicy["spec"]>) => spec.policyTypes ?? ["Ingress", ...(spec.egress?.length ? ["Egress"] : [])];

/** Is a connection from `peer` to a pod of `target` allowed by these policies? */
export function ingressAllowed<P extends { policy: NetworkPolicy }>(items: readonly P[], target: Target, peer: Peer, mode: Mode): Verdict<P> {
  const selecting = items.filter(({ policy: { metadata, spec } }) => {
    if (!spec || metadata?.namespace !== target.namespace || !ingressTypes(spec).includes("Ingress")) return false;
    return selects(spec.podSelector ?? {}, { labels: target.labels, complete: true });
  });
  if (selecting.length === 0) return { allowed: true, by: [] };
  const by = selecting.filter(({ policy }) =>
    (policy.spec!.ingress ?? []).some(
      (rule) =>
        (!rule.from?.length || rule.from.some((p) => peerMatches(p, target.namespace, peer, mode))) &&
        (!rule.ports?.length || rule.ports.some((p) => portMatches(p, peer, mode))),
    ),
  );
  return { allowed: by.length > 0, by };
}
