import { describe, expect, it } from "vitest";
import { checkMesh, type Overlay } from "../src/index.ts";
import { inputs, mutate, overlays, scenario, type Scenario } from "./fixtures.ts";

const scenarios: [string, Scenario][] = [
  ["mesh, Ingress routes", scenario()],
  ["mesh, Gateway API routes", scenario({ routes: "gateway-api" })],
  ["mesh, no gateway", scenario({ gateway: false })],
  ["mesh, environment not routed", scenario({ envGateway: false })],
  ["mesh, Knative mode", scenario({ deployments: [{ deploymentMode: "Knative" }] })],
  ["mesh, mixed modes", scenario({ deployments: [{}, { name: "qwen-burst", deploymentMode: "Knative" }] })],
  ["mesh-wide STRICT", scenario({ mesh2: { meshWideStrict: true } })],
  ["revisioned istiod", scenario({ mesh2: { revision: "1-30-3" } })],
  ["no mesh", scenario({ mesh: false })],
];

describe("checkMesh on what we render", () => {
  it.each(scenarios)("%s: every contract holds", (_, s) => {
    expect(checkMesh(overlays(s), inputs(s))).toEqual([]);
  });
});

const mesh = scenario();
const strict = scenario({ mesh2: { meshWideStrict: true } });
const knative = scenario({ deployments: [{ deploymentMode: "Knative" }] });
const mixed = scenario({ deployments: [{}, { name: "qwen-burst", deploymentMode: "Knative" }] });
const policy = (name: string) => ({ kind: "AuthorizationPolicy", name });
const netpol = (name: string) => ({ kind: "NetworkPolicy", name });
const pa = (namespace: string) => ({ kind: "PeerAuthentication", name: "default", namespace });

/** [what breaks, scenario, broken overlays, field path of the problem, message fragment] */
const broken: [string, Scenario, Overlay[], string, string][] = [
  // (a) DOMAIN.md A6: the reference architecture's selector.
  ["(a) a selector no pod carries", mesh, mutate(overlays(mesh), policy("qwen-chat"), (o) => ({ ...o, spec: { ...o.spec, selector: { matchLabels: { app: "qwen-7b-vllm" } } } })), "deployments[0].name", 'AuthorizationPolicy "qwen-chat" selects pods labelled app="qwen-7b-vllm", which no workload'],
  ["(b) Kong's pod default ServiceAccount", mesh, mutate(overlays(mesh), policy("qwen-chat"), (o) => withSource(o, { principals: ["cluster.local/ns/kong/sa/default"] })), "deployments[0].gateway", `allows principal "cluster.local/ns/kong/sa/default"; the only identity it may allow is Kong's, "cluster.local/ns/kong/sa/kong-gateway"`],
  ["(b) another trust domain", mesh, mutate(overlays(mesh), policy("qwen-chat"), (o) => withSource(o, { principals: ["example.org/ns/kong/sa/kong-gateway"] })), "deployments[0].gateway", 'allows principal "example.org/ns/kong/sa/kong-gateway"'],
  ["(b) a whole namespace", mesh, mutate(overlays(mesh), policy("qwen-chat"), (o) => withSource(o, { namespaces: ["default"] })), "deployments[0].kserve.deploymentMode", 'allows every workload of namespace "default"'],
  ["(c) no namespace policy and no mesh-wide one", mesh, mutate(overlays(mesh), pa("llm-prod"), () => undefined), "namespace", 'namespace "llm-prod" on cluster "prod-a" has no STRICT PeerAuthentication'],
  ["(c) a PERMISSIVE namespace policy", mesh, mutate(overlays(mesh), pa("llm-prod"), (o) => ({ ...o, spec: { mtls: { mode: "PERMISSIVE" } } })), "namespace", 'PeerAuthentication "default" in "llm-prod" sets PERMISSIVE'],
  // A namespace-wide policy overrides the mesh-wide STRICT one (ComposePeerAuthentication).
  ["(c) a weaker namespace policy under mesh-wide STRICT", strict, mutate(overlays(strict), pa("llm-prod"), (o) => ({ ...o, spec: { mtls: { mode: "DISABLE" } } })), "namespace", "sets DISABLE"],
  ["(c) a PERMISSIVE mesh-wide policy", strict, mutate(mutate(overlays(strict), pa("llm-prod"), () => undefined), pa("istio-system"), (o) => ({ ...o, spec: { mtls: { mode: "PERMISSIVE" } } })), "clusters[\"prod-a\"].namespace", 'PeerAuthentication "default" in "istio-system" sets PERMISSIVE'],
  ["(c) a workload-level exception", mesh, withObject(overlays(mesh), { apiVersion: "security.istio.io/v1", kind: "PeerAuthentication", metadata: { name: "qwen-chat", namespace: "llm-prod" }, spec: { selector: { matchLabels: { component: "predictor" } }, portLevelMtls: { "8080": { mode: "DISABLE" } } } }), "deployments[0].namespace", 'PeerAuthentication "qwen-chat" sets DISABLE for some pods'],
  ["(d) Kong shut out", mesh, mutate(overlays(mesh), netpol("allow-gateway"), () => undefined), "deployments[0].gateway", "must accept Kong (namespace \"kong\") on TCP 8080, but no NetworkPolicy lets it through"],
  ["(d) Prometheus shut out", mesh, mutate(overlays(mesh), netpol("allow-prometheus"), () => undefined), "deployments[0].namespace", 'must accept Prometheus (namespace "monitoring") on TCP 15020'],
  ["(d) Knative's activator shut out", knative, mutate(overlays(knative), netpol("allow-knative-serving"), (o) => ({ ...o, spec: { ...o.spec, ingress: [{ ...o.spec.ingress[0], ports: [{ protocol: "TCP", port: 9090 }] }] } })), "deployments[0].kserve.deploymentMode", 'must accept Knative\'s activator and autoscaler (namespace "knative-serving") on TCP 8012'],
  ["(d) a rule open to every namespace", mesh, mutate(overlays(mesh), netpol("allow-gateway"), (o) => ({ ...o, spec: { ...o.spec, ingress: [{ ports: o.spec.ingress[0].ports }] } })), "", 'NetworkPolicy "allow-gateway" lets an unrelated namespace (namespace "default") reach predictor pods of "qwen-chat"'],
  ["(d) Kong on every port", mesh, mutate(overlays(mesh), netpol("allow-gateway"), (o) => ({ ...o, spec: { ...o.spec, ingress: [{ from: o.spec.ingress[0].from }] } })), "gateway", 'NetworkPolicy "allow-gateway" lets Kong (namespace "kong") reach predictor pods of "qwen-chat" in "llm-prod" on cluster "prod-a" on TCP 9090'],
  ["(d) Prometheus on the inference port while merging", mesh, mutate(overlays(mesh), netpol("allow-prometheus"), (o) => ({ ...o, spec: { ...o.spec, ingress: [{ ...o.spec.ingress[0], ports: [{ protocol: "TCP", port: 8080 }, { protocol: "TCP", port: 15020 }] }] } })), "namespace", 'lets Prometheus (namespace "monitoring") reach predictor pods of "qwen-chat" in "llm-prod" on cluster "prod-a" on TCP 8080'],
  ["(d) an ipBlock for the whole Internet", mesh, mutate(overlays(mesh), netpol("allow-prometheus"), (o) => ({ ...o, spec: { ...o.spec, ingress: [{ ...o.spec.ingress[0], from: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }] } })), "", 'NetworkPolicy "allow-prometheus" lets an unrelated namespace'],
  ["(d) no NetworkPolicy at all", mesh, overlays(mesh).map((t) => ({ ...t, objects: t.objects.filter((i) => i.object.kind !== "NetworkPolicy") })), "deployments[0]", "are selected by no Ingress NetworkPolicy, so every namespace reaches them"],
  ["(d) Kong let in for an environment it does not route", scenario({ envGateway: false }), mutate(overlays(scenario({ envGateway: false })), netpol("default-deny"), (o) => ({ ...o, spec: { ...o.spec, ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kong" } } }] }] } })), "gateway", 'NetworkPolicy "default-deny" lets Kong (namespace "kong")'],
  ["(d) Kong's upstream Service targets a port nobody opened", mesh, withObject(overlays(mesh), { apiVersion: "v1", kind: "Service", metadata: { name: "qwen-chat-gateway", namespace: "llm-prod" }, spec: { selector: { "serving.kserve.io/inferenceservice": "qwen-chat" }, ports: [{ port: 80, targetPort: 8000 }] } }), "deployments[0].gateway", 'must accept Kong (namespace "kong") on TCP 8000, but no NetworkPolicy lets it through'],
  ["(d) Kong let through the network but not by Istio", mesh, mutate(overlays(mesh), policy("qwen-chat"), () => undefined), "deployments[0].gateway", "must accept Kong (namespace \"kong\") on TCP 8080, but no AuthorizationPolicy allows it"],
  ["(d) the activator let through the network but not by Istio", knative, mutate(overlays(knative), policy("qwen-chat"), () => undefined), "deployments[0].kserve.deploymentMode", "must accept Knative's activator and autoscaler (namespace \"knative-serving\") on TCP 8012, but no AuthorizationPolicy"],
  ["(d) Kong let into Knative pods, bypassing the activator", mixed, mutate(overlays(mixed), netpol("allow-gateway"), (o) => ({ ...o, spec: { ...o.spec, podSelector: { matchExpressions: [o.spec.podSelector.matchExpressions[0]] } } })), "gateway", 'lets Kong (namespace "kong") reach predictor pods of "qwen-burst" in "llm-prod" on cluster "prod-a" on TCP 8080'],
];

function withObject(all: Overlay[], object: object): Overlay[] {
  return all.map((t, i) => (i === 0 ? { ...t, objects: [...t.objects, { object: object as never, origin: mesh.env.deployments[0]!.origin }] } : t));
}

function withSource(o: any, source: object) {
  return { ...o, spec: { ...o.spec, rules: [{ ...o.spec.rules[0], from: [{ source }] }] } };
}

describe("checkMesh on broken objects", () => {
  it.each(broken)("%s", (_, s, truths, path, message) => {
    const problems = checkMesh(truths, inputs(s));
    expect(problems).toContainEqual(expect.objectContaining({ path, message: expect.stringContaining(message) }));
    expect(problems.every((p) => p.file.startsWith("environments/"))).toBe(true);
  });

  it("accepts a selector on an apps/v1 Deployment's pod template", () => {
    const app = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "router", namespace: "llm-prod" }, spec: { selector: { matchLabels: { app: "router" } }, template: { metadata: { labels: { app: "router" } } } } };
    const guard = { apiVersion: "security.istio.io/v1", kind: "AuthorizationPolicy", metadata: { name: "router", namespace: "llm-prod" }, spec: { selector: { matchLabels: { app: "router" } }, action: "ALLOW" } };
    expect(checkMesh(withObject(withObject(overlays(mesh), app), guard), inputs(mesh))).toEqual([]);
  });

  it("leaves serving namespaces of other clusters and the platform overlay alone", () => {
    const other = overlays(mesh).map((t) => ({ ...t, cluster: "elsewhere" }));
    expect(checkMesh(other, inputs(mesh))).toEqual([]);
  });

  it("reports a PERMISSIVE serving namespace once, not once per deployment", () => {
    const two = scenario({ deployments: [{}, { name: "qwen-b" }] });
    const problems = checkMesh(mutate(overlays(two), pa("llm-prod"), (o) => ({ ...o, spec: { mtls: { mode: "PERMISSIVE" } } })), inputs(two));
    expect(problems.filter((p) => p.message.includes("STRICT mTLS"))).toHaveLength(1);
  });
});
