import { describe, expect, it } from "vitest";
import { loadPair, pairProblems, PLATFORM, PROD } from "./fixtures.ts";

const withAddons = (addons: string, extra = "") => PLATFORM.replace("      monitorLabels: {}\n", `      monitorLabels: {}\n${extra}    addons:\n${addons}`);
const KONG = `    gateway:
      kong: { version: "3.5.13", namespace: kong, serviceAccount: kong-gateway, routes: ingress }
`;

describe("cluster add-ons resolve from platform.yaml", () => {
  it("keeps each add-on's exact chart version and the user's values; none declared is none", () => {
    const platform = withAddons(`      certManager: { chart: v1.19.6 }\n      kserve: { values: { kserve: { controller: { resources: { limits: { memory: 1Gi } } } } } }\n      keda: { chart: "2.20.2" }\n`);
    const c = loadPair(platform, PROD).platform.clusters.get("prod-a")!;
    expect(c.addons).toEqual({
      certManager: { chart: "v1.19.6", values: {} },
      kserve: { values: { kserve: { controller: { resources: { limits: { memory: "1Gi" } } } } } },
      keda: { chart: "2.20.2", values: {} },
    });
    expect(loadPair(PLATFORM, PROD).platform.clusters.get("prod-a")!.addons).toEqual({});
  });
});

describe("add-ons that cannot install are refused, each with what to do", () => {
  it.each([
    ["Kong without the gateway it serves", withAddons(`      kong: { chart: "0.24.0" }\n`), /addons\.kong: needs gateway\.kong on this cluster \(its namespace, ServiceAccount and controller version\); add it, or remove addons\.kong/],
    ["Istio without a mesh", withAddons(`      istio: {}\n`), /addons\.istio: needs mesh\.istio on this cluster/],
    ["Fluent Bit without a logging pipeline", withAddons(`      fluentBit: { chart: "0.48.10" }\n`), /addons\.fluentBit: needs logging on this cluster/],
    ["the DCGM exporter without its ServiceMonitor settings", withAddons(`      dcgmExporter: { chart: "4.5.3" }\n`), /addons\.dcgmExporter: needs prometheus\.dcgmExporter on this cluster/],
    ["KServe without cert-manager", withAddons(`      kserve: {}\n`), /addons\.kserve: needs addons\.certManager on this cluster \(KServe's chart issues its webhook certificate through cert-manager\)/],
    ["a cert-manager version without its v", withAddons(`      certManager: { chart: "1.19.6" }\n`), /addons\.certManager\.chart: cert-manager's chart versions start with v; use v1\.19\.6/],
    ["a KEDA version with a v", withAddons(`      keda: { chart: "v2.20.2" }\n`), /addons\.keda\.chart: this chart's versions have no leading v; use 2\.20\.2/],
    ["a version range", withAddons(`      keda: { chart: "^2.20.0" }\n`), /addons\.keda\.chart: .*use the exact chart version/],
    ["a chart version for KServe (it is kserve.version)", withAddons(`      certManager: { chart: v1.19.6 }\n      kserve: { chart: v0.15.2 }\n`), /addons\.kserve/],
    ["an unknown add-on", withAddons(`      kedaa: { chart: "2.20.2" }\n`), /addons.*kedaa.*keda/],
  ])("%s", (_, platform, expected) => {
    expect(pairProblems(platform, PROD).join("\n")).toMatch(expected);
  });

  it.each([
    ["the GPU Operator's Service labels with the standalone chart", `      dcgmExporter:\n        namespace: gpu-monitoring\n        serviceLabels: { app: nvidia-dcgm-exporter }\n        port: metrics\n`, /prometheus\.dcgmExporter\.serviceLabels: the DCGM exporter chart's Service is labelled \{"app\.kubernetes\.io\/name":"dcgm-exporter","app\.kubernetes\.io\/instance":"dcgm-exporter"\}/],
    ["the GPU Operator's port name with the standalone chart", `      dcgmExporter:\n        namespace: gpu-monitoring\n        serviceLabels: { app.kubernetes.io/name: dcgm-exporter }\n`, /prometheus\.dcgmExporter: the DCGM exporter chart's Service port is named "metrics"; set port: metrics/],
  ])("refuses %s", (_, dcgm, expected) => {
    expect(pairProblems(withAddons(`      dcgmExporter: { chart: "4.8.2" }\n`, dcgm), PROD).join("\n")).toMatch(expected);
  });

  it("accepts the chart's own labels, a subset of them, and its port", () => {
    const dcgm = `      dcgmExporter:\n        namespace: gpu-monitoring\n        serviceLabels: { app.kubernetes.io/name: dcgm-exporter }\n        port: metrics\n`;
    expect(loadPair(withAddons(`      dcgmExporter: { chart: "4.8.2" }\n`, dcgm), PROD).platform.clusters.get("prod-a")!.addons.dcgmExporter).toEqual({ chart: "4.8.2", values: {} });
  });

  const REDIS = (secret: string) => KONG.replace("routes: ingress }", `routes: ingress, rateLimiting: { policy: redis, redis: { host: redis.kong.svc${secret} } } }`);
  it.each([
    ["a Redis password variable the Kong add-on cannot set", REDIS(", passwordEnv: LLM_REDIS_PASSWORD"), /gateway\.kong\.rateLimiting\.redis\.passwordEnv: the Kong add-on sets LLM_REDIS_PASSWORD on Kong's proxy from a Secret; name it in passwordSecret/],
    ["a password Secret without its variable", REDIS(", passwordSecret: { name: kong-redis }"), /redis\.passwordSecret: passwordSecret is the value of passwordEnv, which is not set/],
  ])("refuses %s", (_, kong, expected) => {
    expect(pairProblems(withAddons(`      kong: { chart: "0.24.0" }\n`, kong), PROD).join("\n")).toMatch(expected);
  });

  it("resolves the password Secret's key to password by default", () => {
    const c = loadPair(withAddons(`      kong: { chart: "0.24.0" }\n`, REDIS(", passwordEnv: LLM_REDIS_PASSWORD, passwordSecret: { name: kong-redis }")), PROD).platform.clusters.get("prod-a")!;
    expect(c.gateway!.rateLimiting).toEqual({ policy: "redis", redis: { host: "redis.kong.svc", port: 6379, passwordEnv: "LLM_REDIS_PASSWORD", passwordSecret: { name: "kong-redis", key: "password" } } });
  });

  it("accepts Kong with its gateway", () => {
    const c = loadPair(withAddons(`      kong: { chart: "0.24.0" }\n`, KONG), PROD).platform.clusters.get("prod-a")!;
    expect(c.addons.kong).toEqual({ chart: "0.24.0", values: {} });
  });
});
