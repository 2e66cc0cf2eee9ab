import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { deployment } from "@llm-gitops/config/testing";
import type { KubernetesObject } from "@llm-gitops/core";
// Test-only: the schema gate's engine (CRD OpenAPI schemas with their CEL rules).
import { BuiltinEngine, crdSchemas } from "@llm-gitops/kubeconform-wrapper";
import { renderGatewayCluster, renderGatewayDeployment, renderGatewayEnvironment } from "../src/index.ts";
import { gatewayEnv, get, kongCluster, LABELS } from "./fixtures.ts";

const allowedRoutes = {
  namespaces: { from: "Selector", selector: { matchLabels: { "llm-gitops.io/gateway-routes": "true" } } },
  kinds: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute" }],
};

describe("the cluster's Gateway API objects", () => {
  const c = kongCluster("gateway-api", { tlsSecret: "llm-example-com-tls" });
  const objects = renderGatewayCluster(c, [gatewayEnv(c)]);

  it("a GatewayClass KIC reconciles (unmanaged mode)", () => {
    expect(get(objects, "GatewayClass", "kong")).toEqual({
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "GatewayClass",
      metadata: { name: "kong", labels: LABELS, annotations: { "konghq.com/gatewayclass-unmanaged": "true" } },
      spec: { controllerName: "konghq.com/kic-gateway-controller" },
    });
  });

  it("one shared Gateway: http, and https with the certificate, routes from labelled namespaces only", () => {
    expect(get(objects, "Gateway", "kong")).toEqual({
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "Gateway",
      metadata: { name: "kong", namespace: "kong", labels: LABELS },
      spec: {
        gatewayClassName: "kong",
        listeners: [
          { name: "http", port: 80, protocol: "HTTP", allowedRoutes },
          { name: "https", port: 443, protocol: "HTTPS", tls: { mode: "Terminate", certificateRefs: [{ kind: "Secret", name: "llm-example-com-tls" }] }, allowedRoutes },
        ],
      },
    });
  });

  it("no https listener without a certificate", () => {
    const plain = kongCluster("gateway-api");
    expect(get<{ spec: { listeners: { name: string }[] } }>(renderGatewayCluster(plain, [gatewayEnv(plain)]), "Gateway", "kong").spec.listeners.map((l) => l.name)).toEqual(["http"]);
  });

  it("nothing for Ingress routes; otherwise from platform.yaml alone, whatever the environments route", () => {
    const ingress = kongCluster("ingress");
    expect(renderGatewayCluster(ingress, [gatewayEnv(ingress)])).toEqual([]);
    expect(renderGatewayCluster(c, [{ ...gatewayEnv(c), deployments: [] }])).toEqual(renderGatewayCluster(c, [gatewayEnv(c)]));
  });
});

/** Every object we render, validated as the schema gate does: upstream schemas, CEL rules included. */
describe("upstream schemas", () => {
  const crds = resolve(import.meta.dirname, "../../../../shared/crds");
  const engine = new BuiltinEngine(true);
  beforeAll(() => engine.ready());
  const schemas = new Map<string, Record<string, unknown>>();
  for (const file of [
    "gateway-api/standard/gateway.networking.k8s.io_gatewayclasses.yaml",
    "gateway-api/standard/gateway.networking.k8s.io_gateways.yaml",
    "gateway-api/standard/gateway.networking.k8s.io_httproutes.yaml",
    "kong/configuration.konghq.com_kongplugins.yaml",
    "kong/configuration.konghq.com_kongconsumers.yaml",
  ]) {
    const text = readFileSync(resolve(crds, file), "utf8");
    for (const s of crdSchemas(text, true)) schemas.set(`${s.group}/${s.version}/${s.kind}`, s.schema);
  }
  for (const [key, file] of [["networking.k8s.io/v1/Ingress", "ingress-networking-v1"], ["/v1/Service", "service-v1"], ["/v1/Secret", "secret-v1"]]) {
    schemas.set(key!, JSON.parse(readFileSync(resolve(crds, `kubernetes/master-standalone-strict/${file}.json`), "utf8")));
  }

  const redis = { policy: "redis" as const, redis: { host: "redis-master.kong.svc", port: 6379, passwordEnv: "LLM_REDIS_PASSWORD" } };
  const rendered = (routes: "ingress" | "gateway-api"): KubernetesObject[] => {
    const c = kongCluster(routes, { rateLimiting: redis, ...(routes === "gateway-api" ? { tlsSecret: "tls" } : {}) });
    const env = gatewayEnv(c, routes === "ingress" ? { tlsSecret: "tls" } : { authentication: "jwt" }, [deployment()]);
    return [...renderGatewayCluster(c, [env]), ...renderGatewayEnvironment(env, c), ...renderGatewayDeployment(env, c, env.deployments[0]!)];
  };

  it.each(["ingress", "gateway-api"] as const)("%s: every object is valid", (routes) => {
    for (const o of rendered(routes)) {
      const [group, version] = o.apiVersion.includes("/") ? o.apiVersion.split("/") : ["", o.apiVersion];
      const schema = schemas.get(`${group}/${version}/${o.kind}`);
      if (o.kind === "ExternalSecret") continue; // no ESO schema in the mirror
      expect(schema, `${o.kind} schema`).toBeDefined();
      const outcome = engine.validate({ source: `${o.apiVersion}/${o.kind}`, schema: schema! }, o);
      expect(outcome.errors, `${o.kind}/${o.metadata.name}`).toEqual([]);
      // Transition rules (oldSelf) apply to updates only; every other rule must have run.
      expect(outcome.skippedRules.filter((r) => !r.includes("oldSelf")), `${o.kind}/${o.metadata.name}`).toEqual([]);
    }
  });
});
