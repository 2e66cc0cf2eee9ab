import type { KubernetesObject } from "@llm-gitops/core";
import { describe, expect, it } from "vitest";
import { rules } from "../src/index.ts";
import { addon, fluentBit, obj, hpa, httpRoute, ingress, isvc, peer, policy, rule, scaledObject } from "./objects.ts";

type Case = [string, KubernetesObject[], KubernetesObject[], string[]];
const KONG = "cluster.local/ns/kong/sa/kong-gateway";

describe.each<[string, rules.Rule, Case[]]>([
  ["gpusAndReplicas", rules.gpusAndReplicas, [
    ["unchanged", [isvc("a")], [isvc("a")], []],
    ["replicas up", [isvc("a", { min: 1, max: 2 })], [isvc("a", { min: 2, max: 4 })], ['"a": replicas 1–2 → 2–4, GPUs 1–2 → 2–4']],
    ["GPUs per replica", [isvc("a", { gpus: 1 })], [isvc("a", { gpus: 2 })], ['"a": replicas 1–2 → 1–2, GPUs per replica 1 → 2, GPUs 1–2 → 2–4']],
    ["new service", [], [isvc("b", { min: 3, max: 3, gpus: 2 })], ['"b": new, 3 replicas × 2 GPUs = 6 GPUs']],
    ["removed service", [isvc("a")], [], ['"a": removed, frees 1–2 GPUs']],
    ["image only: not capacity", [isvc("a")], [isvc("a", { image: "img:v2" })], []],
  ]],
  ["addonsChanged", rules.addonsChanged, [
    ["unchanged", [addon("c-keda")], [addon("c-keda")], []],
    ["new add-on", [], [addon("c-keda")], ['"c-keda": installs chart "keda" "2.20.2" from "https://kedacore.github.io/charts"']],
    ["chart version", [addon("c-keda")], [addon("c-keda", { version: "2.21.0" })], ['"c-keda": "keda" "2.20.2" → "2.21.0"']],
    ["values", [addon("c-keda")], [addon("c-keda", { values: { a: 1 } })], ['"c-keda": chart values changed']],
    ["removed: stays installed", [addon("c-keda")], [], ['"c-keda": no longer managed by Argo CD ("keda" stays installed; uninstall it deliberately)']],
    ["the root Application is not an add-on", [], [obj("argoproj.io/v1alpha1", "Application", "root", { spec: { source: { path: "clusters/c/argocd" } } })], []],
  ]],
  ["modelsAndImages", rules.modelsAndImages, [
    ["unchanged", [isvc("a")], [isvc("a", { min: 5 })], []],
    ["image tag", [isvc("a")], [isvc("a", { image: "img:v2" })], ['"a": image "img:v1" → "img:v2"']],
    ["model", [isvc("a")], [isvc("a", { model: "llama" })], ['"a": model "qwen" → "llama"']],
    ["new service", [], [isvc("b", { model: "llama" })], ['"b": serves model "llama" from image "img:v1"']],
    ["removed service: capacity says so", [isvc("a")], [], []],
  ]],
  ["routesExposed", rules.routesExposed, [
    ["unchanged", [ingress("r", "h", ["/v1/models"])], [ingress("r", "h", ["/v1/models"])], []],
    ["Ingress path added", [ingress("r", "h", ["/v1/models"])], [ingress("r", "h", ["/v1/models", "/v1/completions"])], ['newly exposed: "h/v1/completions" ("Ingress r")']],
    ["Ingress host added", [], [ingress("r", "api.example.com", ["/x"])], ['newly exposed: "api.example.com/x" ("Ingress r")']],
    ["HTTPRoute hostname added", [httpRoute("r", ["a"], ["/p"])], [httpRoute("r", ["a", "b"], ["/p"])], ['newly exposed: "POST b/p" ("HTTPRoute r")']],
    ["route removed: narrower", [ingress("r", "h", ["/a"])], [], []],
    ["moved from Ingress to HTTPRoute: same host+path is not new", [ingress("r", "h", ["/a"])], [httpRoute("r", ["h"], ["/a"])], ['newly exposed: "POST h/a" ("HTTPRoute r")']],
  ]],
  ["authorizationWidened", rules.authorizationWidened, [
    ["unchanged", [policy("p", [rule([KONG], ["/a"])])], [policy("p", [rule([KONG], ["/a"])])], []],
    ["narrowed", [policy("p", [rule([KONG], ["/a", "/b"])])], [policy("p", [rule([KONG], ["/a"])])], []],
    ["path added", [policy("p", [rule([KONG], ["/a"])])], [policy("p", [rule([KONG], ["/a", "/b"])])], ['"p": ALLOW widened: "paths /b"']],
    ["principal and method added", [policy("p", [rule([KONG], ["/a"])])], [policy("p", [rule([KONG, "x"], ["/a"], ["POST", "GET"])])], ['"p": ALLOW widened: "principals x", "methods GET"']],
    ["rule duplicated", [policy("p", [rule([KONG], ["/a"])])], [policy("p", [rule([KONG], ["/a"]), rule([KONG], ["/a"])])], ['"p": ALLOW widened (1 rule(s) added)']],
    ["policy removed", [policy("p", [rule([KONG], ["/a"])])], [], ['"p": ALLOW policy removed']],
    ["allow-nothing removed", [policy("allow-nothing", undefined)], [], ["allow-nothing removed: the namespace no longer denies by default"]],
    ["new ALLOW policy", [], [policy("p", [{ to: [{ operation: { ports: ["9090"] } }] }])], ['"p": new ALLOW policy granting "ports 9090"']],
    ["DENY loses a path", [policy("d", [rule([], ["/admin", "/debug"])], "DENY")], [policy("d", [rule([], ["/admin"])], "DENY")], ['"d": DENY no longer covers "paths /debug"']],
    ["DENY → ALLOW", [policy("d", [rule([], ["/a"])], "DENY")], [policy("d", [rule([], ["/a"])])], ['"d": action "DENY" → ALLOW']],
  ]],
  ["mtlsWeakened", rules.mtlsWeakened, [
    ["unchanged", [peer("STRICT")], [peer("STRICT")], []],
    ["STRICT → PERMISSIVE", [peer("STRICT")], [peer("PERMISSIVE")], ['PeerAuthentication "default": mTLS STRICT → "PERMISSIVE"']],
    ["removed", [peer("STRICT")], [], ['PeerAuthentication "default" (STRICT) removed']],
    ["port exception", [peer("STRICT")], [peer("STRICT", { "8080": { mode: "DISABLE" } })], ['PeerAuthentication "default": ports "8080" not STRICT']],
    ["PERMISSIVE → STRICT: stronger", [peer("PERMISSIVE")], [peer("STRICT")], []],
  ]],
  ["redactionWeakened", rules.redactionWeakened, [
    ["unchanged", [fluentBit(["prompt", "messages"])], [fluentBit(["prompt", "messages"])], []],
    ["more keys: stronger", [fluentBit(["prompt"])], [fluentBit(["prompt", "messages"])], []],
    ["fewer keys", [fluentBit(["prompt", "messages", "body"])], [fluentBit(["prompt"])], ['log redaction no longer removes "messages", "body"']],
    ["ConfigMap removed", [fluentBit(["prompt"])], [], ["log redaction removed (ConfigMap llm-gitops-fluent-bit)"]],
    ["filter removed", [fluentBit(["prompt"])], [fluentBit("pipeline: {}\n")], ["log redaction filter removed"]],
    ["unreadable and changed", [fluentBit("a: 1\n")], [fluentBit("a: 2\n")], ["log pipeline changed: review the redaction"]],
  ]],
  ["scalerSwitched", rules.scalerSwitched, [
    ["unchanged", [hpa("d")], [hpa("d")], []],
    ["HPA → KEDA", [hpa("d")], [scaledObject("d")], ['"d": scaler HPA → KEDA ScaledObject']],
    ["KEDA → HPA", [scaledObject("d")], [hpa("d")], ['"d": scaler KEDA ScaledObject → HPA']],
    ["scaler removed", [hpa("d")], [], ['"d": no longer autoscaled (HPA removed)']],
    ["new deployment with a scaler", [], [hpa("d")], []],
  ]],
])("%s", (_name, fn, cases) => {
  it.each(cases)("%s", (_case, before, after, expected) => {
    expect(fn(before, after)).toEqual(expected);
  });
});
