import { describe, expect, it } from "vitest";
import { loadPair, pairProblems, PLATFORM, PROD } from "./fixtures.ts";

/** The fixture platform with a mesh and a Kong gateway on prod-a. */
const MESH = `    mesh:
      istio:
        version: "1.30.3"
    gateway:
      kong:
        version: "3.5.13"
        namespace: kong
        serviceAccount: kong-gateway
        routes: ingress
`;
const PLATFORM_NET = PLATFORM.replace("    nodePools:\n", `${MESH}    nodePools:\n`);
const GATEWAY = `gateway:
  host: api.llm.example.com
  tiers:
    standard: { minute: 60 }
  defaultTier: standard
  consumers:
    - name: acme
      tier: standard
      credentials:
        - secret: prod-acme-key
`;
const PROD_NET = PROD + GATEWAY;

const load = loadPair;

const problemsOf = (platform: string, prod = PROD) => pairProblems(platform, prod);

const edit = (text: string, from: string, to: string) => {
  if (!text.includes(from)) throw new Error(`fixture has no ${from}`);
  return text.replace(from, to);
};

describe("mesh and gateway settings resolve with their defaults", () => {
  it("applies Istio's and Kong's defaults and gives each deployment the environment's host", () => {
    const inputs = load(PLATFORM_NET, PROD_NET);
    const cluster = inputs.platform.clusters.get("prod-a")!;
    expect(cluster.mesh).toEqual({ version: "1.30.3", trustDomain: "cluster.local", rootNamespace: "istio-system", meshWideStrict: false });
    expect(cluster.gateway).toEqual({
      version: "3.5.13", namespace: "kong", serviceAccount: "kong-gateway", routes: "ingress", className: "kong", gatewayApiVersion: "1.6.1", rateLimiting: { policy: "local" },
    });
    expect(cluster.prometheus.namespace).toBe("monitoring");
    const [env] = inputs.environments;
    expect(env!.gateway).toMatchObject({ host: "api.llm.example.com", authentication: "key-auth", maxRequestMegabytes: 8, defaultTier: "standard" });
    expect(env!.deployments[0]!.route).toEqual({ host: "api.llm.example.com" });
  });

  it("leaves clusters and environments without a gateway unrouted", () => {
    const inputs = load(PLATFORM, PROD);
    expect(inputs.platform.clusters.get("prod-a")!.mesh).toBeUndefined();
    expect(inputs.environments[0]!.gateway).toBeUndefined();
    expect(inputs.environments[0]!.deployments[0]!.route).toBeUndefined();
  });
});

describe("network settings that cannot work are refused with the field and what to do", () => {
  it.each([
    ["a gateway on a cluster that has none", PLATFORM, PROD_NET, [
      "environments/prod.yaml:13:1 gateway: cluster \"prod-a\" declares no gateway; add clusters[\"prod-a\"].gateway to environments/platform.yaml, or remove gateway here",
    ]],
    ["an unknown tier", PLATFORM_NET, edit(PROD_NET, "      tier: standard", "      tier: premium"), [
      "environments/prod.yaml:20:7 gateway.consumers[0].tier: unknown tier \"premium\"; expected one of: standard; define it under gateway.tiers",
    ]],
    ["an unknown default tier", PLATFORM_NET, edit(PROD_NET, "defaultTier: standard", "defaultTier: standrd"), [
      "environments/prod.yaml:17:3 gateway.defaultTier: unknown tier \"standrd\"; did you mean \"standard\"?; define it under gateway.tiers",
    ]],
    ["two consumers sharing a credential Secret", PLATFORM_NET, `${PROD_NET}    - name: globex\n      tier: standard\n      credentials:\n        - secret: prod-acme-key\n`, [
      "environments/prod.yaml:26:11 gateway.consumers[1].credentials[0].secret: Secret \"prod-acme-key\" is already a credential of consumer \"acme\"; each credential needs its own Secret",
    ]],
    ["a remote key without a secret store", PLATFORM_NET, `${PROD_NET}          remoteKey: llm/prod/acme\n`, [
      "environments/prod.yaml:23:11 gateway.consumers[0].credentials[0].remoteKey: no cluster of this environment declares gateway.kong.secretStore; create the Secret out of band and remove remoteKey, or declare the store",
    ]],
    ["a secret store without a remote key", edit(PLATFORM_NET, "        routes: ingress\n", "        routes: ingress\n        secretStore: { name: vault, kind: ClusterSecretStore }\n"), PROD_NET, [
      "environments/prod.yaml:22:11 gateway.consumers[0].credentials[0]: cluster \"prod-a\" renders credentials from its secret store: set remoteKey (the credential's key in the store)",
    ]],
    ["a route without a gateway", PLATFORM_NET, `${PROD}    route:\n      host: chat.example.com\n`, [
      "environments/prod.yaml:13:5 deployments[0].route: the environment has no gateway, so nothing routes to this deployment; add gateway at the top of the file, or remove route",
    ]],
    ["two deployments on one host", PLATFORM_NET, edit(PROD_NET, "gateway:\n", `${PROD.slice(PROD.indexOf("  - name:")).replace("qwen-chat", "qwen-batch")}gateway:\n`), [
      "environments/prod.yaml:13:5 deployments[1]: deployment \"qwen-chat\" is already served on api.llm.example.com; give this one its own route.host (the OpenAI API routes by path, so one host serves one model)",
    ]],
    ["Kong Ingress Controller 2.x", edit(PLATFORM_NET, 'version: "3.5.13"', 'version: "2.12.3"'), PROD_NET, [
      "environments/platform.yaml:44:9 clusters[\"prod-a\"].gateway.kong.version: Kong Ingress Controller \"2.12.3\" is not supported: llm-gitops renders for KIC 3.x (credential Secrets labelled konghq.com/credential); upgrade KIC",
    ]],
    ["a Gateway certificate on Ingress routes", edit(PLATFORM_NET, "        routes: ingress\n", "        routes: ingress\n        tlsSecret: api-tls\n"), PROD_NET, [
      "environments/platform.yaml:48:9 clusters[\"prod-a\"].gateway.kong.tlsSecret: a Gateway listener certificate applies to routes: gateway-api; with Ingress routes set each environment's gateway.tlsSecret instead",
    ]],
    ["redis policy without redis", edit(PLATFORM_NET, "        routes: ingress\n", "        routes: ingress\n        rateLimiting: { policy: redis }\n"), PROD_NET, [
      "environments/platform.yaml:48:9 clusters[\"prod-a\"].gateway.kong.rateLimiting: policy redis needs redis.host; add it, or use policy: local",
    ]],
    ["the Kong namespace as an environment's", PLATFORM_NET, edit(PROD_NET, "namespace: llm-prod", "namespace: kong"), [
      "environments/prod.yaml:1:1 namespace: \"kong\" is the Kong namespace of cluster \"prod-a\", which llm-gitops must not own; use a namespace of the environment's own such as llm-prod",
    ]],
    ["a host that is not a DNS name", PLATFORM_NET, edit(PROD_NET, "host: api.llm.example.com", "host: \"*.example.com\""), [
      "environments/prod.yaml:14:3 gateway.host: \"*.example.com\" is not valid; use a lowercase DNS name such as llm.example.com (no wildcard, no port)",
    ]],
  ])("%s", (_, platform, prod, expected) => {
    expect(problemsOf(platform, prod)).toEqual(expected);
  });
});
