import { describe, expect, it } from "vitest";
import { cluster, meshCluster } from "@llm-gitops/config/testing";
import type { Cluster } from "@llm-gitops/config";
import type { KubernetesObject } from "@llm-gitops/core";
import { renderKongAddon } from "../src/addon.ts";

type App = KubernetesObject & { spec: Record<string, any> };
const withKong = (c: Cluster): Cluster => ({ ...c, addons: { kong: { chart: "0.24.0", values: {} } } });
const render = (c: Cluster) => renderKongAddon(withKong(c))[0] as App;

describe("the Kong add-on", () => {
  it("names the proxy's ServiceAccount as the Istio principals do and runs the pinned controller", () => {
    const c = meshCluster();
    const app = render({ ...c, gateway: { ...c.gateway!, serviceAccount: "edge-proxy", className: "kong-llm" } });
    expect(app.spec.source).toMatchObject({ repoURL: "https://charts.konghq.com", chart: "ingress", targetRevision: "0.24.0", helm: { releaseName: "kong" } });
    expect(app.spec.source.helm.valuesObject).toEqual({
      controller: { ingressController: { image: { tag: "3.5.13" }, ingressClass: "kong-llm" } },
      gateway: { deployment: { serviceAccount: { create: true, name: "edge-proxy" } } },
    });
    expect(app.spec.destination.namespace).toBe("kong");
  });

  it("sets the Redis password variable on the proxy from its Secret", () => {
    const c = meshCluster();
    const redis = { host: "redis.kong.svc", port: 6379, passwordEnv: "LLM_REDIS_PASSWORD", passwordSecret: { name: "kong-redis", key: "password" } };
    const app = render({ ...c, gateway: { ...c.gateway!, rateLimiting: { policy: "redis", redis } } });
    expect(app.spec.source.helm.valuesObject.gateway.customEnv).toEqual({ LLM_REDIS_PASSWORD: { valueFrom: { secretKeyRef: { name: "kong-redis", key: "password" } } } });
  });

  it("keeps the webhook certificate the chart generates on first sync (every render generates another)", () => {
    const app = render(meshCluster());
    expect(app.spec.ignoreDifferences.map((d: { kind: string; name: string }) => `${d.kind}/${d.name}`)).toEqual([
      "Secret/kong-controller-validation-webhook-ca-keypair",
      "Secret/kong-controller-validation-webhook-keypair",
      "ValidatingWebhookConfiguration/kong-controller-kong-validations",
    ]);
    expect(app.spec.syncPolicy.syncOptions).toContain("RespectIgnoreDifferences=true");
  });

  it.each([
    ["in a mesh, the platform overlay's Namespace (labelled for injection)", meshCluster(), false],
    ["without a mesh, its own", { ...meshCluster(), mesh: undefined }, true],
  ])("creates Kong's namespace: %s", (_, c, creates) => {
    expect(render(c).spec.syncPolicy.syncOptions.includes("CreateNamespace=true")).toBe(creates);
  });

  it("is not rendered without a gateway", () => {
    expect(renderKongAddon(withKong(cluster()))).toEqual([]);
  });
});
