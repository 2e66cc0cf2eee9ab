import { describe, expect, it } from "vitest";
import type { NetworkPolicy } from "kubernetes-types/networking/v1";
import { qwen25 } from "@llm-gitops/config/testing";
import { renderMeshCluster, renderMeshDeployment, renderMeshEnvironment, type AuthorizationPolicy } from "../src/index.ts";
import { find, names, scenario } from "./fixtures.ts";

const managed = { "app.kubernetes.io/managed-by": "llm-gitops" };
const meta = (name: string, namespace = "llm-prod") => ({ name, namespace, labels: managed });
const predictorPods = { matchExpressions: [{ key: "serving.kserve.io/inferenceservice", operator: "Exists" }] };
const from = (ns: string) => [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ns } } }];
const tcp = (...ports: number[]) => ports.map((port) => ({ protocol: "TCP", port }));
const kong = "cluster.local/ns/kong/sa/kong-gateway";
const chat = (port: string) => [
  { operation: { methods: ["POST"], paths: ["/v1/chat/completions", "/v1/completions"], ports: [port] } },
  { operation: { methods: ["GET"], paths: ["/v1/models"], ports: [port] } },
];

function render(s: ReturnType<typeof scenario>) {
  const { env, cluster } = s;
  return {
    environment: renderMeshEnvironment(env, cluster),
    deployments: env.deployments.flatMap((d) => renderMeshDeployment(env, cluster, d)),
    cluster: renderMeshCluster(cluster, [env]),
  };
}
const netpol = (objects: ReturnType<typeof renderMeshEnvironment>, name: string) => find<NetworkPolicy>(objects, "NetworkPolicy", name);

describe("a mesh cluster behind Kong (Ingress routes)", () => {
  const out = render(scenario());

  it("locks the serving namespace: STRICT mTLS, allow-nothing, default-deny", () => {
    expect(find(out.environment, "PeerAuthentication", "default")).toEqual({ apiVersion: "security.istio.io/v1", kind: "PeerAuthentication", metadata: meta("default"), spec: { mtls: { mode: "STRICT" } } });
    // istio/api 1.30.3 authorization_policy.proto: `spec: {}` "allows nothing".
    expect(find(out.environment, "AuthorizationPolicy", "allow-nothing")).toEqual({ apiVersion: "security.istio.io/v1", kind: "AuthorizationPolicy", metadata: meta("allow-nothing"), spec: {} });
    expect(netpol(out.environment, "default-deny")?.spec).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
  });

  it("lets Kong's mesh identity call the OpenAI routes of the predictor pods on 8080", () => {
    expect(out.deployments).toEqual([
      {
        apiVersion: "security.istio.io/v1",
        kind: "AuthorizationPolicy",
        metadata: { name: "qwen-chat", namespace: "llm-prod", labels: { ...managed, "app.kubernetes.io/instance": "qwen-chat" } },
        spec: {
          selector: { matchLabels: { "serving.kserve.io/inferenceservice": "qwen-chat", component: "predictor" } },
          action: "ALLOW",
          rules: [{ from: [{ source: { principals: [kong] } }], to: chat("8080") }],
        },
      },
    ]);
  });

  it.each([
    ["allow-dns", { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }], ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }] }] }],
    ["allow-gateway", { podSelector: predictorPods, policyTypes: ["Ingress"], ingress: [{ from: from("kong"), ports: tcp(8080) }] }],
    // The sidecar agent's merged metrics (istio 1.30.3 statusPort 15020).
    ["allow-prometheus", { podSelector: predictorPods, policyTypes: ["Ingress"], ingress: [{ from: from("monitoring"), ports: tcp(15020) }] }],
    // istio 1.30.3 istio-discovery deployment.yaml pod labels; mesh.go DiscoveryAddress :15012.
    ["allow-mesh-control-plane", { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "istio-system" } }, podSelector: { matchLabels: { app: "istiod" } } }], ports: tcp(15012) }] }],
  ])("NetworkPolicy %s", (name, spec) => {
    expect(netpol(out.environment, name)).toEqual({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: meta(name), spec });
  });

  it("puts Kong's namespace in the mesh and renders no mesh-wide policy unless asked", () => {
    expect(out.cluster).toEqual([{ apiVersion: "v1", kind: "Namespace", metadata: { name: "kong", labels: { ...managed, "istio-injection": "enabled" } } }]);
  });

  it("renders nothing else", () => {
    expect(names(out.environment)).toEqual([
      "AuthorizationPolicy/allow-nothing",
      ...["allow-dns", "allow-gateway", "allow-mesh-control-plane", "allow-prometheus", "default-deny"].map((n) => `NetworkPolicy/${n}`),
      "PeerAuthentication/default",
    ]);
  });
});

describe("variants", () => {
  it("Gateway API routes change nothing here: same identity, same ports", () => {
    const ingress = render(scenario());
    const gatewayApi = render(scenario({ routes: "gateway-api" }));
    expect(gatewayApi).toEqual(ingress);
    expect(find<AuthorizationPolicy>(gatewayApi.deployments, "AuthorizationPolicy", "qwen-chat")?.spec.rules?.[0]?.from).toEqual([{ source: { principals: [kong] } }]);
  });

  it.each([
    ["the cluster has no gateway", { gateway: false }],
    ["the environment has no gateway", { envGateway: false }],
  ])("when %s: no allow-gateway, no per-model policy (allow-nothing holds)", (_, opts) => {
    const out = render(scenario(opts));
    expect(netpol(out.environment, "allow-gateway")).toBeUndefined();
    expect(out.deployments).toEqual([]);
    expect(find(out.environment, "AuthorizationPolicy", "allow-nothing")).toBeDefined();
  });

  it("does not render Kong's namespace when the cluster has no gateway", () => {
    expect(render(scenario({ gateway: false })).cluster).toEqual([]);
  });

  // Kong must not bypass the activator and queue-proxy, and @llm-gitops/kong refuses Knative behind it.
  it("Knative mode: the activator calls and probes queue-proxy (8012), the autoscaler scrapes 9090; Kong is not let in", () => {
    const out = render(scenario({ deployments: [{ deploymentMode: "Knative" }] }));
    const fromKnative = [{ source: { namespaces: ["knative-serving"] } }];
    expect(find<AuthorizationPolicy>(out.deployments, "AuthorizationPolicy", "qwen-chat")?.spec.rules).toEqual([
      { from: fromKnative, to: chat("8012") },
      {
        from: fromKnative,
        to: [
          { operation: { methods: ["GET"], paths: ["/healthz"], ports: ["8012"] } },
          { operation: { methods: ["GET"], paths: ["/metrics"], ports: ["9090"] } },
        ],
      },
    ]);
    expect(netpol(out.environment, "allow-gateway")).toBeUndefined();
    expect(netpol(out.environment, "allow-knative-serving")?.spec).toEqual({ podSelector: predictorPods, policyTypes: ["Ingress"], ingress: [{ from: from("knative-serving"), ports: tcp(8012, 9090) }] });
  });

  it("mixed modes: Kong reaches the Standard pods only", () => {
    const out = render(scenario({ deployments: [{}, { name: "qwen-burst", deploymentMode: "Knative" }] }));
    expect(netpol(out.environment, "allow-gateway")?.spec?.podSelector).toEqual({
      matchExpressions: [
        { key: "serving.kserve.io/inferenceservice", operator: "Exists" },
        { key: "serving.kserve.io/inferenceservice", operator: "NotIn", values: ["qwen-burst"] },
      ],
    });
    expect(netpol(out.environment, "allow-gateway")?.spec?.ingress).toEqual([{ from: from("kong"), ports: tcp(8080) }]);
    expect(names(out.deployments)).toEqual(["AuthorizationPolicy/qwen-burst", "AuthorizationPolicy/qwen-chat"]);
  });

  it("embedding models expose /v1/embeddings only", () => {
    const out = render(scenario({ deployments: [{ model: { ...qwen25, task: "embed" } }] }));
    expect(find<AuthorizationPolicy>(out.deployments, "AuthorizationPolicy", "qwen-chat")?.spec.rules?.[0]?.to?.[0]?.operation.paths).toEqual(["/v1/embeddings"]);
  });

  it("meshWideStrict: STRICT in the root namespace, PERMISSIVE for Kong which takes plaintext from outside", () => {
    const out = render(scenario({ mesh2: { meshWideStrict: true } }));
    const pa = (namespace: string, mode: string) => ({ apiVersion: "security.istio.io/v1", kind: "PeerAuthentication", metadata: meta("default", namespace), spec: { mtls: { mode } } });
    expect(out.cluster.filter((o) => o.kind === "PeerAuthentication")).toEqual([pa("istio-system", "STRICT"), pa("kong", "PERMISSIVE")]);
    // Serving namespaces keep their own STRICT policy.
    expect(find(out.environment, "PeerAuthentication", "default")).toEqual(pa("llm-prod", "STRICT"));
  });

  it("a revisioned istiod: Kong's namespace takes istio.io/rev, istiod is selected by revision", () => {
    const out = render(scenario({ mesh2: { revision: "1-30-3" } }));
    expect(find(out.cluster, "Namespace", "kong")?.metadata.labels).toEqual({ ...managed, "istio.io/rev": "1-30-3" });
    expect(netpol(out.environment, "allow-mesh-control-plane")?.spec?.egress?.[0]?.to?.[0]?.podSelector).toEqual({ matchLabels: { app: "istiod", "istio.io/rev": "1-30-3" } });
  });

  it("without a mesh: no Istio objects, but NetworkPolicies, with Prometheus on vLLM's 8080", () => {
    const out = render(scenario({ mesh: false }));
    expect(out.deployments).toEqual([]);
    expect(out.cluster).toEqual([]);
    expect(names(out.environment)).toEqual(["allow-dns", "allow-gateway", "allow-prometheus", "default-deny"].map((n) => `NetworkPolicy/${n}`));
    expect(netpol(out.environment, "allow-prometheus")?.spec?.ingress).toEqual([{ from: from("monitoring"), ports: tcp(8080) }]);
  });

  it("renders nothing for an environment with no deployment on the cluster", () => {
    const { env, cluster } = scenario();
    const elsewhere = { ...env, deployments: env.deployments.map((d) => ({ ...d, clusters: [{ ...cluster, name: "prod-b" }] })) };
    expect([...renderMeshEnvironment(elsewhere, cluster), ...renderMeshDeployment(elsewhere, cluster, elsewhere.deployments[0]!)]).toEqual([]);
  });

  it("renders the cluster-wide objects from platform.yaml alone: environment edits never touch the platform overlay", () => {
    const { env, cluster } = scenario();
    const elsewhere = { ...env, deployments: [] };
    expect(renderMeshCluster(cluster, [elsewhere])).toEqual(renderMeshCluster(cluster, [env]));
  });

  // image: the kubelet pulls it; pvc: the node mounts it. Neither is traffic from the pod.
  it.each([
    ["image", { kind: "image" as const }],
    ["pvc", { kind: "pvc" as const, claimName: "models", path: "qwen", size: "20Gi", storageClassName: "efs" }],
  ])("model storage %s needs no pod egress: only DNS and istiod", (_, storage) => {
    const out = render(scenario({ deployments: [{ model: { ...qwen25, storage } }] }));
    const egress = out.environment.filter((o) => (o as NetworkPolicy).spec?.egress);
    expect(names(egress)).toEqual(["NetworkPolicy/allow-dns", "NetworkPolicy/allow-mesh-control-plane"]);
  });
});
