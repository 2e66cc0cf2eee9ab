import { describe, expect, it } from "vitest";
import { deployment, testOrigin } from "@llm-gitops/config/testing";
import type { Cluster, Environment, Inputs } from "@llm-gitops/config";
import type { KubernetesObject } from "@llm-gitops/core";
import { checkGateway, checkGatewayDeployment, renderGatewayCluster, renderGatewayDeployment, renderGatewayEnvironment, type Overlay } from "../src/index.ts";
import { gatewayEnv, kongCluster } from "./fixtures.ts";

/** The overlays the pipeline would build for these environments on one cluster. */
function overlays(cluster: Cluster, envs: Environment[], extra: (o: KubernetesObject[]) => KubernetesObject[] = (o) => o): Overlay[] {
  const truths: Overlay[] = envs.map((env) => {
    const objects = [
      ...renderGatewayEnvironment(env, cluster).map((object) => ({ object, origin: env.origin })),
      ...env.deployments.flatMap((d) => renderGatewayDeployment(env, cluster, d).map((object) => ({ object, origin: d.origin }))),
    ];
    const changed = extra(objects.map((o) => o.object));
    return { cluster: cluster.name, environment: env.name, namespace: env.namespace, objects: changed.map((object) => ({ object, origin: objects.find((o) => o.object === object)?.origin ?? env.origin })) };
  });
  const platform = renderGatewayCluster(cluster, envs).map((object) => ({ object, origin: cluster.origin }));
  return platform.length ? [...truths, { cluster: cluster.name, environment: "platform", namespace: "", objects: platform }] : truths;
}

const inputs = (envs: Environment[]): Inputs => ({ platform: { repository: "", revision: "main", gpuProfiles: new Map(), models: new Map(), clusters: new Map() }, environments: envs });
const messages = (truths: Overlay[], envs: Environment[]) => checkGateway(truths, inputs(envs)).map((p) => `${p.path}: ${p.message}`);
const replace = (kind: string, name: string, edit: (o: any) => object) => (objects: KubernetesObject[]) =>
  objects.map((o) => (o.kind === kind && o.metadata.name === name ? (structuredClone(edit(structuredClone(o))) as KubernetesObject) : o));

describe("checkGatewayDeployment", () => {
  it("refuses a Knative deployment behind the gateway, at its deploymentMode", () => {
    const env = gatewayEnv(kongCluster());
    expect(checkGatewayDeployment(env, deployment({ deploymentMode: "Knative" }))).toEqual([
      expect.objectContaining({ path: "deployments[0].kserve.deploymentMode", message: expect.stringContaining("use kserve.deploymentMode: Standard, or remove the environment's gateway") }),
    ]);
    expect(checkGatewayDeployment(env, deployment())).toEqual([]);
  });
});

describe("checkGateway", () => {
  const ingress = kongCluster();
  const api = kongCluster("gateway-api", { tlsSecret: "tls" });
  const prod = (c: Cluster) => gatewayEnv(c);

  it.each([["ingress", ingress], ["gateway-api", api]])("what we render keeps every contract (%s)", (_, c) => {
    expect(messages(overlays(c, [prod(c)]), [prod(c)])).toEqual([]);
  });

  const isvc = { apiVersion: "serving.kserve.io/v1beta1", kind: "InferenceService", metadata: { name: "qwen-chat", namespace: "llm-prod" } };
  it.each([
    ["a backend Service nothing renders", ingress, replace("Service", "qwen-chat-api", (s) => ({ ...s, metadata: { ...s.metadata, name: "other" } })), 'names Service "qwen-chat-api", which nothing renders'],
    ["a port the Service does not expose", api, replace("HTTPRoute", "qwen-chat-api", (r) => ({ ...r, spec: { ...r.spec, rules: [{ backendRefs: [{ name: "qwen-chat-api", port: 8080 }] }] } })), "uses port 8080, which Service"],
    ["our Service missing vLLM's port", ingress, replace("Service", "qwen-chat-api", (s) => ({ ...s, spec: { ...s.spec, ports: [{ port: 80, targetPort: 8000 }] } })), "vLLM listens on 8080"],
    ["KServe's predictor Service on the wrong port", api, (o: KubernetesObject[]) => replace("HTTPRoute", "qwen-chat-api", (r) => ({ ...r, spec: { ...r.spec, rules: [{ backendRefs: [{ name: "qwen-chat-predictor", port: 8080 }] }] } }))([...o, isvc]), "KServe's predictor Service exposes 80"],
    ["a plugin no KongPlugin defines", ingress, replace("Ingress", "qwen-chat-api", (i) => ({ ...i, metadata: { ...i.metadata, annotations: { "konghq.com/plugins": "llm-acl, missing" } } })), 'names plugin "missing"'],
    ["a consumer's tier plugin missing", ingress, (o: KubernetesObject[]) => o.filter((x) => x.metadata.name !== "llm-rate-limit-premium"), 'KongConsumer "acme" names plugin "llm-rate-limit-premium"'],
    ["a Secret with data", ingress, (o: KubernetesObject[]) => [...o, { apiVersion: "v1", kind: "Secret", metadata: { name: "acme-api-key" }, data: { key: "c2VjcmV0" } } as KubernetesObject], 'Secret "acme-api-key" would be committed with data'],
    ["an ACL group Secret with content", ingress, (o: KubernetesObject[]) => [...o, { apiVersion: "v1", kind: "Secret", metadata: { name: "llm-acl-prod", namespace: "llm-prod" }, stringData: { group: "prod" } } as KubernetesObject], 'Secret "llm-acl-prod" would be committed with data'],
    ["a log plugin with custom Lua fields", ingress, (o: KubernetesObject[]) => [...o, { apiVersion: "configuration.konghq.com/v1", kind: "KongPlugin", metadata: { name: "log", namespace: "llm-prod" }, plugin: "http-log", config: { custom_fields_by_lua: { body: "return kong.request.get_raw_body()" } } } as KubernetesObject], "logs payloads via custom_fields_by_lua"],
    ["ai-proxy logging payloads", ingress, (o: KubernetesObject[]) => [...o, { apiVersion: "configuration.konghq.com/v1", kind: "KongClusterPlugin", metadata: { name: "ai" }, plugin: "ai-proxy", config: { logging: { log_payloads: true } } } as KubernetesObject], "logs payloads via log_payloads"],
  ])("catches %s", (_, c, edit, expected) => {
    const problems = messages(overlays(c, [prod(c)], edit), [prod(c)]);
    expect(problems).toEqual([expect.stringContaining(expected)]);
  });

  it("refuses two environments claiming one host on a cluster, at each environment's gateway.host", () => {
    const dev: Environment = { ...gatewayEnv(ingress), name: "dev", namespace: "llm-dev", file: "environments/dev.yaml", origin: testOrigin("environments/dev.yaml", ""), gateway: { ...gatewayEnv(ingress).gateway!, origin: testOrigin("environments/dev.yaml", "gateway") } };
    dev.deployments = dev.deployments.map((d) => ({ ...d, origin: testOrigin("environments/dev.yaml", "deployments[0]") }));
    const problems = checkGateway(overlays(ingress, [prod(ingress), dev]), inputs([prod(ingress), dev]));
    expect(problems.map((p) => [p.file, p.message])).toEqual([
      ["environments/prod.yaml", 'host llm.example.com is also served by environment "dev" on cluster "prod-a"; give each environment its own host'],
      ["environments/dev.yaml", 'host llm.example.com is also served by environment "prod" on cluster "prod-a"; give each environment its own host'],
    ]);
  });
});
