import { describe, expect, it } from "vitest";
import type { NetworkPolicy, NetworkPolicySpec } from "kubernetes-types/networking/v1";
import { ingressAllowed, type Mode, type Peer } from "../src/index.ts";

// Semantics from kubernetes/website content/en/docs/concepts/services-networking/network-policies.md.
const np = (name: string, spec: NetworkPolicySpec, namespace = "llm-prod") => ({ policy: { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace }, spec } as NetworkPolicy });
const ns = (name: string) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": name } } });
const target = { namespace: "llm-prod", labels: { "serving.kserve.io/inferenceservice": "qwen", component: "predictor" } };
const kong: Peer = { namespace: "kong", port: 8080 };
const denyAll = np("default-deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
const allowKong = np("allow-gateway", { podSelector: { matchLabels: { component: "predictor" } }, ingress: [{ from: [ns("kong")], ports: [{ port: 8080 }] }] });

const cases: [string, ReturnType<typeof np>[], Peer, Mode, boolean][] = [
  ["a pod no policy selects is open", [], kong, "certain", true],
  ["an Egress-only policy does not isolate ingress", [np("e", { podSelector: {}, policyTypes: ["Egress"] })], kong, "certain", true],
  ["a policy in another namespace does not select the pod", [np("d", { podSelector: {} }, "other")], kong, "certain", true],
  ["policyTypes defaults to Ingress", [np("d", { podSelector: {} })], kong, "certain", false],
  ["a selected pod with no rule is closed", [denyAll], kong, "certain", false],
  ["policies are additive", [denyAll, allowKong], kong, "certain", true],
  ["protocol defaults to TCP", [denyAll, allowKong], { ...kong, protocol: "UDP" }, "certain", false],
  ["another port is closed", [denyAll, allowKong], { ...kong, port: 9090 }, "possible", false],
  ["another namespace is closed", [denyAll, allowKong], { ...kong, namespace: "default" }, "possible", false],
  ["endPort opens a range", [denyAll, np("r", { podSelector: {}, ingress: [{ from: [ns("kong")], ports: [{ port: 8000, endPort: 8100 }] }] })], kong, "certain", true],
  ["a rule without from admits every namespace", [denyAll, np("p", { podSelector: {}, ingress: [{ ports: [{ port: 8080 }] }] })], { ...kong, namespace: "default" }, "certain", true],
  ["a podSelector peer is in the policy's own namespace", [denyAll, np("p", { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] })], kong, "possible", false],
  ["namespaceSelector and podSelector in one peer: pod labels unknown, not certain", [denyAll, np("p", { podSelector: {}, ingress: [{ from: [{ ...ns("kong"), podSelector: { matchLabels: { app: "kong" } } }] }] })], kong, "certain", false],
  ["... but possible", [denyAll, np("p", { podSelector: {}, ingress: [{ from: [{ ...ns("kong"), podSelector: { matchLabels: { app: "kong" } } }] }] })], kong, "possible", true],
  ["a namespace label we do not know could match", [denyAll, np("p", { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: "x" } } }] }] })], kong, "possible", true],
  ["an ipBlock might hold the peer's IP", [denyAll, np("p", { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: "10.0.0.0/8" } }] }] })], kong, "possible", true],
  ["... but is not certain to", [denyAll, np("p", { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: "10.0.0.0/8" } }] }] })], kong, "certain", false],
  ["a named port is unknown: possible", [denyAll, np("p", { podSelector: {}, ingress: [{ from: [ns("kong")], ports: [{ port: "http1" }] }] })], kong, "possible", true],
  ["matchExpressions NotIn", [denyAll, np("p", { podSelector: { matchExpressions: [{ key: "component", operator: "NotIn", values: ["predictor"] }] }, ingress: [{}] })], kong, "certain", false],
  ["matchExpressions In", [denyAll, np("p", { podSelector: { matchExpressions: [{ key: "component", operator: "In", values: ["predictor"] }] }, ingress: [{}] })], kong, "certain", true],
];

describe("NetworkPolicy ingress evaluator", () => {
  it.each(cases)("%s", (_, policies, peer, mode, allowed) => {
    expect(ingressAllowed(policies, target, peer, mode).allowed).toBe(allowed);
  });

  it("names the policies that let a peer through", () => {
    expect(ingressAllowed([denyAll, allowKong], target, kong, "certain").by.map((p) => p.policy.metadata?.name)).toEqual(["allow-gateway"]);
  });
});
