import { POLICY_RULE_IDS, type PolicyRuleId } from "@llm-gitops/config";
import { describe, expect, it } from "vitest";
import { checkPolicy, RULES } from "../src/index.ts";
import { Edit, example, type Obj } from "./example.ts";

const base = example();
const ISVC = "InferenceService";
const kserve = (e: Edit, overlay?: string): Obj => e.get(ISVC, "qwen-chat", overlay).spec.predictor.containers.find((c: Obj) => c.name === "kserve-container");
const pred = (e: Edit, overlay?: string): Obj => e.get(ISVC, "qwen-chat", overlay).spec.predictor;

/** [rule, what breaks it, the edit, the message it must give] */
type Case = [PolicyRuleId, string, (e: Edit) => void, RegExp];
const CASES: Case[] = [
  ["non-root", "no runAsNonRoot or runAsUser anywhere", (e) => { delete pred(e).securityContext.runAsNonRoot; delete pred(e).securityContext.runAsUser; delete kserve(e).securityContext.runAsNonRoot; }, /container "kserve-container" may run as root: set runAsNonRoot: true/],
  ["non-root", "runAsUser 0 in the container", (e) => { kserve(e).securityContext.runAsNonRoot = false; kserve(e).securityContext.runAsUser = 0; pred(e).securityContext.runAsNonRoot = false; }, /may run as root/],
  ["non-root", "privilege escalation allowed", (e) => { delete kserve(e).securityContext.allowPrivilegeEscalation; }, /may escalate privileges: set securityContext.allowPrivilegeEscalation: false/],
  ["non-root", "privileged", (e) => { kserve(e).securityContext.privileged = true; }, /is privileged/],
  ["read-only-root-filesystem", "writable root", (e) => { kserve(e).securityContext.readOnlyRootFilesystem = false; }, /writable root filesystem: set securityContext.readOnlyRootFilesystem: true/],
  ["resources", "no ephemeral-storage limit", (e) => { delete kserve(e).resources.limits["ephemeral-storage"]; }, /sets no limits.ephemeral-storage: set resources/],
  ["resources", "no cpu request", (e) => { delete kserve(e).resources.requests.cpu; }, /sets no requests.cpu/],
  ["gpu-pool", "GPU pod without the toleration", (e) => { delete pred(e).tolerations; }, /requests GPUs but tolerates no GPU taint/],
  ["gpu-pool", "GPU pod selecting a non-GPU instance type", (e) => { pred(e).nodeSelector = { "node.kubernetes.io/instance-type": "c6i.4xlarge" }; }, /requests GPUs but selects no GPU pool/],
  ["gpu-pool", "CPU pod on the GPU pool", (e) => { delete kserve(e).resources.limits["nvidia.com/gpu"]; delete kserve(e).resources.requests["nvidia.com/gpu"]; }, /uses no GPU yet selects the GPU pool/],
  ["gpu-pool", "a CPU Deployment tolerating the GPU taint", (e) => e.add({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "tokenizer", namespace: "llm-prod" }, spec: { template: { spec: { tolerations: [{ key: "nvidia.com/gpu", operator: "Exists" }], containers: [{ name: "app", image: "x:1" }] } } } } as never), /Deployment llm-prod\/tokenizer: spec.template.spec uses no GPU yet tolerates the GPU pool/],
  ["image-pinned", ":latest", (e) => { kserve(e, "dev-use1/dev").image = "ghcr.io/example-org/vllm:latest"; }, /runs :latest/],
  ["image-pinned", "no tag at all (a registry port is no tag)", (e) => { kserve(e, "dev-use1/dev").image = "registry:5000/vllm"; }, /without tag or digest/],
  ["image-digest-in-production", "a tag in prod", (e) => { kserve(e).image = "ghcr.io/example-org/vllm:v1"; }, /not pinned by digest in a production environment: replace image.tag with image.digest/],
  ["probes", "no liveness probe", (e) => { delete kserve(e).livenessProbe; }, /has no livenessProbe: add them/],
  ["pod-disruption-budget", "PDB removed", (e) => e.remove("PodDisruptionBudget", "qwen-chat"), /runs up to 20 replicas but no PodDisruptionBudget selects its pods/],
  ["pod-disruption-budget", "PDB selecting other pods", (e) => { e.get("PodDisruptionBudget", "qwen-chat").spec.selector.matchLabels.component = "transformer"; }, /no PodDisruptionBudget/],
  ["pod-disruption-budget", "PDB selecting the app label of a Serverless InferenceService (KServe sets it only in Standard mode)", (e) => { e.get(ISVC, "qwen-chat").metadata.annotations["serving.kserve.io/deploymentMode"] = "Serverless"; e.get("PodDisruptionBudget", "qwen-chat").spec.selector = { matchLabels: { app: "isvc.qwen-chat-predictor" } }; }, /no PodDisruptionBudget selects its pods/],
  ["pod-disruption-budget", "maxReplicas 0 below minReplicas 3, no PDB", (e) => { pred(e).maxReplicas = 0; pred(e).minReplicas = 3; e.remove("PodDisruptionBudget", "qwen-chat"); }, /runs up to 3 replicas but no PodDisruptionBudget selects its pods/],
  ["mtls-strict", "namespace PERMISSIVE", (e) => { e.get("PeerAuthentication", "default").spec.mtls.mode = "PERMISSIVE"; }, /accepts plaintext \(mTLS PERMISSIVE/],
  ["mtls-strict", "no PeerAuthentication in namespace or mesh root", (e) => { e.remove("PeerAuthentication", "default"); e.remove("PeerAuthentication", "default", "prod-use1-a/platform"); }, /accepts plaintext/],
  ["mtls-strict", "a port relaxed", (e) => e.add({ apiVersion: "security.istio.io/v1", kind: "PeerAuthentication", metadata: { name: "metrics", namespace: "llm-prod" }, spec: { selector: { matchLabels: { component: "predictor" } }, mtls: { mode: "STRICT" }, portLevelMtls: { "8080": { mode: "PERMISSIVE" } } } } as never), /ports 8080 relax mTLS/],
  ["mtls-strict", "a workload policy PERMISSIVE beside a namespace policy with selector: {} (namespace-level)", (e) => { e.get("PeerAuthentication", "default").spec.selector = {}; e.add({ apiVersion: "security.istio.io/v1", kind: "PeerAuthentication", metadata: { name: "predictor", namespace: "llm-prod" }, spec: { selector: { matchLabels: { component: "predictor" } }, mtls: { mode: "PERMISSIVE" } } } as never); }, /accepts plaintext \(mTLS PERMISSIVE/],
  ["authorization-policy", "own policy removed (allow-nothing has no rules)", (e) => e.remove("AuthorizationPolicy", "qwen-chat"), /no AuthorizationPolicy with rules selects its pods/],
  ["authorization-policy", "own policy DENY", (e) => { e.get("AuthorizationPolicy", "qwen-chat").spec.action = "DENY"; }, /no AuthorizationPolicy with rules selects its pods/],
  ["authorization-policy", "own policy attached by targetRefs (ignored for sidecars)", (e) => { e.get("AuthorizationPolicy", "qwen-chat").spec.targetRefs = [{ group: "", kind: "Service", name: "qwen-chat-predictor" }]; }, /no AuthorizationPolicy with rules selects its pods/],
  ["authorization-policy", "own policy attached by a legacy targetRef", (e) => { e.get("AuthorizationPolicy", "qwen-chat").spec.targetRef = { group: "", kind: "Service", name: "qwen-chat-predictor" }; }, /no AuthorizationPolicy with rules selects its pods/],
  ["authorization-policy", "own policy with an allow-all rule {}", (e) => { e.get("AuthorizationPolicy", "qwen-chat").spec.rules.push({}); }, /AuthorizationPolicy llm-prod\/qwen-chat allows every source to call its pods/],
  ["authorization-policy", "namespace ALLOW policy with a rule without from", (e) => e.add({ apiVersion: "security.istio.io/v1", kind: "AuthorizationPolicy", metadata: { name: "metrics", namespace: "llm-prod" }, spec: { rules: [{ to: [{ operation: { ports: ["9090"] } }] }] } } as never), /AuthorizationPolicy llm-prod\/metrics allows every source/],
  ["authorization-policy", "root-namespace allow-all policy", (e) => e.add({ apiVersion: "security.istio.io/v1", kind: "AuthorizationPolicy", metadata: { name: "allow-all", namespace: "istio-system" }, spec: { action: "ALLOW", rules: [{}] } } as never, "prod-use1-a/platform"), /AuthorizationPolicy istio-system\/allow-all allows every source/],
  ["log-redaction", "no Fluent Bit config on the cluster", (e) => e.remove("ConfigMap", "llm-gitops-fluent-bit", "prod-use1-a/platform"), /whose logs do not pass the redaction filter/],
  ["log-redaction", "redaction before parsing", (e) => { const cm = e.get("ConfigMap", "llm-gitops-fluent-bit", "prod-use1-a/platform"); cm.data["fluent-bit.yaml"] = cm.data["fluent-bit.yaml"].replace("merge_log: on", "merge_log: off"); }, /redaction filter/],
  ["secret-data", "a Secret with data", (e) => e.add({ apiVersion: "v1", kind: "Secret", metadata: { name: "key", namespace: "llm-prod" }, data: { key: "c2VjcmV0" } } as never), /Secret llm-prod\/key: holds 1 key in clusters\/: create the Secret out of band/],
  ["route-authentication", "Ingress without key-auth", (e) => { const a = e.get("Ingress", "qwen-chat-api").metadata.annotations; a["konghq.com/plugins"] = a["konghq.com/plugins"].replace("llm-key-auth,", ""); }, /without an authentication plugin/],
  ["route-authentication", "HTTPRoute without jwt", (e) => { const a = e.get("HTTPRoute", "qwen-chat-api", "staging-use1/staging").metadata.annotations; a["konghq.com/plugins"] = a["konghq.com/plugins"].replace("llm-jwt,", ""); }, /HTTPRoute llm-staging\/qwen-chat-api: forwards to qwen-chat-api without an authentication plugin/],
  ["route-rate-limit", "Ingress without rate limit", (e) => { const a = e.get("Ingress", "qwen-chat-api").metadata.annotations; a["konghq.com/plugins"] = a["konghq.com/plugins"].replace("llm-rate-limit,", ""); }, /serves api.llm.example.com with no rate-limiting plugin/],
  ["route-rate-limit", "HTTPRoute with empty hostnames (matches every host) without rate limit", (e) => { const r = e.get("HTTPRoute", "qwen-chat-api", "staging-use1/staging"); r.spec.hostnames = []; r.metadata.annotations["konghq.com/plugins"] = r.metadata.annotations["konghq.com/plugins"].replace("llm-rate-limit,", ""); }, /HTTPRoute llm-staging\/qwen-chat-api: serves \* with no rate-limiting plugin/],
  ["route-tls", "Ingress with force-ssl-redirect but konghq.com/protocols http,https (the protocols win)", (e) => { const a = e.get("Ingress", "qwen-chat-api").metadata.annotations; a["konghq.com/protocols"] = "http,https"; a["ingress.kubernetes.io/force-ssl-redirect"] = "true"; }, /serves api.llm.example.com without TLS/],
  ["route-tls", "Ingress defaultBackend (every host) with tls for one host", (e) => { e.get("Ingress", "qwen-chat-api").spec.defaultBackend = { service: { name: "qwen-chat-api", port: { number: 80 } } }; }, /serves \* without TLS/],
  ["route-tls", "Ingress without tls", (e) => { delete e.get("Ingress", "qwen-chat-api").spec.tls; }, /serves api.llm.example.com without TLS/],
  ["route-tls", "Ingress with tls but no konghq.com/protocols (Kong serves http too)", (e) => { delete e.get("Ingress", "qwen-chat-api").metadata.annotations["konghq.com/protocols"]; }, /serves api.llm.example.com without TLS/],
  ["route-tls", "Ingress with tls and konghq.com/protocols http,https", (e) => { e.get("Ingress", "qwen-chat-api").metadata.annotations["konghq.com/protocols"] = "http,https"; }, /serves api.llm.example.com without TLS/],
  ["route-tls", "HTTPRoute on the http listener", (e) => { e.get("HTTPRoute", "qwen-chat-api", "staging-use1/staging").spec.parentRefs[0].sectionName = "http"; }, /serves staging.llm.example.com without TLS/],
  ["route-tls", "HTTPRoute on a TLS (not HTTPS) listener", (e) => { e.get("Gateway", "kong", "staging-use1/platform").spec.listeners.find((l: Obj) => l.name === "https").protocol = "TLS"; }, /HTTPRoute llm-staging\/qwen-chat-api: serves staging.llm.example.com without TLS/],
];

describe("each rule, broken", () => {
  it.each(CASES)("%s: %s", (rule, _, edit, message) => {
    const e = new Edit(base.truths);
    edit(e);
    const only = RULES.filter((r) => r.id === rule);
    const problems = checkPolicy(e.truths, base.inputs, only).problems;
    expect(problems.map((p) => p.message)).toContainEqual(expect.stringMatching(message));
    for (const p of problems) expect(p.message).toMatch(new RegExp(`\\[${rule} on `));
  });

  it("every rule has a breaking case, and the rules are the catalog's", () => {
    expect(RULES.map((r) => r.id)).toEqual(POLICY_RULE_IDS);
    expect([...new Set(CASES.map(([rule]) => rule))].sort()).toEqual([...POLICY_RULE_IDS].sort());
  });
});

/** [rule, what keeps it, the edit]: edits the rule must accept. */
type Holds = [PolicyRuleId, string, (e: Edit) => void];
const fluentBit = (e: Edit, from: string, to: string) => { const cm = e.get("ConfigMap", "llm-gitops-fluent-bit", "prod-use1-a/platform"); cm.data["fluent-bit.yaml"] = cm.data["fluent-bit.yaml"].replace(from, to); };
const HOLDS: Holds[] = [
  ["log-redaction", "merge_log: true", (e) => fluentBit(e, "merge_log: on", "merge_log: true")],
  ["log-redaction", "merge_log: Yes", (e) => fluentBit(e, "merge_log: on", "merge_log: Yes")],
  ["log-redaction", "merge_log: ON", (e) => fluentBit(e, "merge_log: on", "merge_log: ON")],
  ["route-tls", "Ingress with tls and force-ssl-redirect instead of konghq.com/protocols", (e) => { const a = e.get("Ingress", "qwen-chat-api").metadata.annotations; delete a["konghq.com/protocols"]; a["ingress.kubernetes.io/force-ssl-redirect"] = "true"; }],
  ["authorization-policy", "own policy with an empty targetRefs list (still selects by selector)", (e) => { e.get("AuthorizationPolicy", "qwen-chat").spec.targetRefs = []; }],
];

describe("each rule, kept", () => {
  it.each(HOLDS)("%s: %s", (rule, _, edit) => {
    const e = new Edit(base.truths);
    edit(e);
    expect(checkPolicy(e.truths, base.inputs, RULES.filter((r) => r.id === rule)).problems).toEqual([]);
  });
});

describe("the example environments", () => {
  it.each(RULES.map((r) => [r.id, r] as const))("keep %s", (_, rule) => {
    expect(checkPolicy(base.truths, base.inputs, [rule]).problems).toEqual([]);
  });
});
