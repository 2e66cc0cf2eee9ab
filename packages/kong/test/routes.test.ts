import { describe, expect, it } from "vitest";
import type { Ingress } from "kubernetes-types/networking/v1";
import { cluster, deployment, environment, qwen25 } from "@llm-gitops/config/testing";
import { renderGatewayCluster, renderGatewayDeployment, renderGatewayEnvironment } from "../src/index.ts";
import { DEPLOYMENT_LABELS, gatewayEnv, get, kongCluster } from "./fixtures.ts";

const PLUGINS = "llm-key-auth,llm-acl,llm-rate-limit,llm-request-size,llm-correlation-id,llm-prometheus";
const backend = { service: { name: "qwen-chat-api", port: { number: 80 } } };
// Routes apply after the plugins they name (Argo CD wave 1): see ROUTE_WAVE.
const WAVE = { "argocd.argoproj.io/sync-wave": "1" };
const routeAnnotations = { ...WAVE, "konghq.com/plugins": PLUGINS, "konghq.com/strip-path": "false", "konghq.com/response-buffering": "false", "konghq.com/preserve-host": "false" };

describe("our Service in front of the predictor", () => {
  it("selects KServe's predictor pods, 80 -> 8080, and sends Kong to its ClusterIP", () => {
    const c = kongCluster();
    const objects = renderGatewayDeployment(gatewayEnv(c), c, deployment({ route: { host: "llm.example.com" }, clusters: [c] }));
    expect(get(objects, "Service", "qwen-chat-api")).toEqual({
      apiVersion: "v1",
      kind: "Service",
      metadata: {
        name: "qwen-chat-api",
        namespace: "llm-prod",
        labels: DEPLOYMENT_LABELS,
        annotations: { "ingress.kubernetes.io/service-upstream": "true", "konghq.com/read-timeout": "600000", "konghq.com/retries": "0" },
      },
      spec: {
        type: "ClusterIP",
        selector: { "serving.kserve.io/inferenceservice": "qwen-chat", component: "predictor" },
        ports: [{ name: "http", port: 80, targetPort: 8080, protocol: "TCP" }],
      },
    });
  });
});

describe("Ingress routes", () => {
  const ingressFor = (tlsSecret?: string, task: "generate" | "embed" = "generate"): Ingress => {
    const c = kongCluster();
    const env = gatewayEnv(c, tlsSecret ? { tlsSecret } : {}, [deployment({ model: { ...qwen25, task } })]);
    return get<Ingress>(renderGatewayDeployment(env, c, env.deployments[0]!), "Ingress", "qwen-chat-api");
  };

  it("routes the chat and completion paths exactly, with every plugin, over http and https", () => {
    expect(ingressFor()).toEqual({
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: { name: "qwen-chat-api", namespace: "llm-prod", labels: DEPLOYMENT_LABELS, annotations: { ...routeAnnotations, "konghq.com/methods": "GET,POST" } },
      spec: {
        ingressClassName: "kong",
        rules: [
          {
            host: "llm.example.com",
            http: {
              paths: [
                { path: "/v1/chat/completions", pathType: "Exact", backend },
                { path: "/v1/completions", pathType: "Exact", backend },
                { path: "/v1/models", pathType: "Exact", backend },
              ],
            },
          },
        ],
      },
    });
  });

  it("with a certificate serves https only and redirects http", () => {
    const ingress = ingressFor("llm-example-com-tls");
    expect(ingress).toMatchObject({
      metadata: { annotations: { "konghq.com/protocols": "https", "konghq.com/https-redirect-status-code": "308" } },
      spec: { tls: [{ hosts: ["llm.example.com"], secretName: "llm-example-com-tls" }] },
    });
  });

  it("routes embeddings for an embedding model", () => {
    const paths = ingressFor(undefined, "embed").spec?.rules?.[0]?.http?.paths ?? [];
    expect(paths.map((p) => p.path)).toEqual(["/v1/embeddings", "/v1/models"]);
  });
});

describe("Gateway API routes", () => {
  const parentRef = { group: "gateway.networking.k8s.io", kind: "Gateway", namespace: "kong", name: "kong" };
  const render = (tlsSecret?: string) => {
    const c = kongCluster("gateway-api", tlsSecret ? { tlsSecret } : {});
    const env = gatewayEnv(c);
    return renderGatewayDeployment(env, c, env.deployments[0]!);
  };

  it("attaches to the shared Gateway, matches path and method, plugins by annotation", () => {
    const objects = render();
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(["HTTPRoute/qwen-chat-api", "Service/qwen-chat-api"]);
    expect(get(objects, "HTTPRoute", "qwen-chat-api")).toEqual({
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "HTTPRoute",
      metadata: { name: "qwen-chat-api", namespace: "llm-prod", labels: DEPLOYMENT_LABELS, annotations: routeAnnotations },
      spec: {
        parentRefs: [parentRef],
        hostnames: ["llm.example.com"],
        rules: [
          {
            matches: [
              { path: { type: "Exact", value: "/v1/chat/completions" }, method: "POST" },
              { path: { type: "Exact", value: "/v1/completions" }, method: "POST" },
              { path: { type: "Exact", value: "/v1/models" }, method: "GET" },
            ],
            backendRefs: [{ group: "", kind: "Service", name: "qwen-chat-api", port: 80 }],
          },
        ],
      },
    });
  });

  it("with the Gateway's certificate serves the API on https and redirects http to the host", () => {
    const objects = render("llm-example-com-tls");
    expect(get(objects, "HTTPRoute", "qwen-chat-api")).toMatchObject({ spec: { parentRefs: [{ ...parentRef, sectionName: "https" }] } });
    expect(get(objects, "HTTPRoute", "qwen-chat-api-https-redirect")).toEqual({
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "HTTPRoute",
      metadata: { name: "qwen-chat-api-https-redirect", namespace: "llm-prod", labels: DEPLOYMENT_LABELS, annotations: WAVE },
      spec: {
        parentRefs: [{ ...parentRef, sectionName: "http" }],
        hostnames: ["llm.example.com"],
        rules: [{ matches: [{ path: { type: "PathPrefix", value: "/" } }], filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", hostname: "llm.example.com", statusCode: 308 } }] }],
      },
    });
  });
});

describe("nothing is rendered", () => {
  const c = kongCluster();
  it.each([
    ["the cluster has no gateway", cluster(), gatewayEnv(c)],
    ["the environment has no gateway", c, { ...environment([deployment({ clusters: [c] })]), clusters: [c] }],
    ["the deployment runs in Knative mode", c, gatewayEnv(c, {}, [deployment({ deploymentMode: "Knative" })])],
    ["the deployment runs on another cluster", c, gatewayEnv(kongCluster("ingress", {}, "prod-b"))],
  ])("when %s", (_, onCluster, env) => {
    expect(env.deployments.flatMap((d) => renderGatewayDeployment(env, onCluster, d))).toEqual([]);
    expect(renderGatewayEnvironment(env, onCluster)).toEqual([]);
  });

  it("cluster-wide only where the cluster routes through Gateway API", () => {
    expect(renderGatewayCluster(cluster(), [gatewayEnv(c)])).toEqual([]);
    expect(renderGatewayCluster(c, [gatewayEnv(c)])).toEqual([]);
  });
});
