import { describe, expect, it } from "vitest";
import { renderGatewayEnvironment } from "../src/index.ts";
import { envVaultReference } from "../src/plugins.ts";
import { gatewayEnv, get, kongCluster, LABELS } from "./fixtures.ts";

const meta = (name: string) => ({ name, namespace: "llm-prod", labels: LABELS });
const kongPlugin = (name: string, plugin: string, config: Record<string, unknown>) => ({ apiVersion: "configuration.konghq.com/v1", kind: "KongPlugin", metadata: meta(name), plugin, config });
const local = { limit_by: "consumer", policy: "local", fault_tolerant: true, hide_client_headers: false };

describe("KongPlugins of an environment", () => {
  const c = kongCluster();
  const objects = renderGatewayEnvironment(gatewayEnv(c), c);

  it.each([
    ["llm-key-auth", kongPlugin("llm-key-auth", "key-auth", { key_names: ["apikey"], hide_credentials: true, key_in_query: false, key_in_body: false })],
    ["llm-acl", kongPlugin("llm-acl", "acl", { allow: ["prod"], hide_groups_header: true })],
    ["llm-rate-limit", kongPlugin("llm-rate-limit", "rate-limiting", { minute: 60, ...local })],
    ["llm-rate-limit-standard", kongPlugin("llm-rate-limit-standard", "rate-limiting", { minute: 60, ...local })],
    ["llm-rate-limit-premium", kongPlugin("llm-rate-limit-premium", "rate-limiting", { minute: 600, hour: 20000, ...local })],
    ["llm-request-size", kongPlugin("llm-request-size", "request-size-limiting", { allowed_payload_size: 8, size_unit: "megabytes", require_content_length: false })],
    ["llm-correlation-id", kongPlugin("llm-correlation-id", "correlation-id", { header_name: "X-Request-ID", generator: "uuid", echo_downstream: true })],
    ["llm-prometheus", kongPlugin("llm-prometheus", "prometheus", { per_consumer: true, status_code_metrics: true, latency_metrics: true, bandwidth_metrics: true })],
  ])("%s", (name, expected) => {
    expect(get(objects, "KongPlugin", name)).toEqual(expected);
  });

  it("renders no logging plugin at all", () => {
    expect(objects.filter((o) => o.kind === "KongPlugin").map((o) => (o as { plugin?: string }).plugin)).not.toContain("http-log");
  });

  it("verifies JWTs with an expiry instead of keys", () => {
    const jwt = renderGatewayEnvironment(gatewayEnv(c, { authentication: "jwt" }), c);
    expect(get(jwt, "KongPlugin", "llm-jwt")).toEqual(kongPlugin("llm-jwt", "jwt", { claims_to_verify: ["exp"], uri_param_names: [], cookie_names: [] }));
  });

  it("counts in Redis, the password read from Kong's environment through its env vault, never from a Secret per namespace", () => {
    const redis = kongCluster("ingress", { rateLimiting: { policy: "redis", redis: { host: "redis-master.kong.svc", port: 6379, passwordEnv: "LLM_REDIS_PASSWORD" } } });
    expect(get(renderGatewayEnvironment(gatewayEnv(redis), redis), "KongPlugin", "llm-rate-limit-premium")).toEqual(
      kongPlugin("llm-rate-limit-premium", "rate-limiting", { minute: 600, hour: 20000, ...local, policy: "redis", redis: { host: "redis-master.kong.svc", port: 6379, password: "{vault://env/llm-redis-password}" } }),
    );
  });

  // Kong 3.9.1 kong/vaults/env/init.lua get(): upper(gsub(resource, "-", "_")).
  it.each([["LLM_REDIS_PASSWORD"], ["KONG_RL_2"], ["A"]])("the env vault reference of %s reads that variable back", (variable) => {
    const resource = envVaultReference(variable).match(/^\{vault:\/\/env\/([a-z0-9-]+)\}$/)![1]!;
    expect(resource.replaceAll("-", "_").toUpperCase()).toBe(variable);
  });
});

describe("tenants", () => {
  const c = kongCluster();

  it("one KongConsumer per tenant: username scoped by environment, its tier's limit, its credentials and the ACL group", () => {
    expect(get(renderGatewayEnvironment(gatewayEnv(c), c), "KongConsumer", "acme")).toEqual({
      apiVersion: "configuration.konghq.com/v1",
      kind: "KongConsumer",
      metadata: { ...meta("acme"), annotations: { "kubernetes.io/ingress.class": "kong", "konghq.com/plugins": "llm-rate-limit-premium" } },
      username: "prod.acme",
      credentials: ["acme-api-key", "llm-acl-prod"],
    });
  });

  it("renders no Secret without a store: credentials and the ACL group are created out of band", () => {
    const objects = renderGatewayEnvironment(gatewayEnv(c), c);
    expect(objects.filter((o) => o.kind === "Secret")).toEqual([]);
    expect(objects.some((o) => o.kind === "ExternalSecret")).toBe(false);
  });

  const stored = kongCluster("ingress", { secretStore: { name: "vault", kind: "ClusterSecretStore" } });
  const credentials = [{ secret: "acme-api-key", remoteKey: "llm/prod/acme" }];
  const externalSecret = (authentication: "key-auth" | "jwt") =>
    get(renderGatewayEnvironment(gatewayEnv(stored, { authentication, consumers: [{ name: "acme", tier: "premium", credentials }] }), stored), "ExternalSecret", "acme-api-key");
  const spec = (credential: string) => ({
    refreshInterval: "1h",
    secretStoreRef: { name: "vault", kind: "ClusterSecretStore" },
    target: { name: "acme-api-key", creationPolicy: "Owner", template: { type: "Opaque", metadata: { labels: { "konghq.com/credential": credential } } } },
  });

  it("with a secret store, a key-auth credential is an ExternalSecret filling the key", () => {
    expect(externalSecret("key-auth")).toEqual({
      apiVersion: "external-secrets.io/v1",
      kind: "ExternalSecret",
      metadata: meta("acme-api-key"),
      spec: { ...spec("key-auth"), data: [{ secretKey: "key", remoteRef: { key: "llm/prod/acme" } }] },
    });
  });

  it("a jwt credential extracts key, algorithm and secret or public key from the store entry", () => {
    expect(externalSecret("jwt")).toMatchObject({ spec: { ...spec("jwt"), dataFrom: [{ extract: { key: "llm/prod/acme" } }] } });
  });
});
