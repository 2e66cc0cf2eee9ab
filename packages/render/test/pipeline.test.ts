import { describe, expect, it } from "vitest";
import { InputError, type KubernetesObject } from "@llm-gitops/core";
import type { Inputs } from "@llm-gitops/config";
import { cluster, deployment, environment, qwen25, a10g } from "@llm-gitops/config/testing";
import { render, renderTruths, type Truth } from "../src/pipeline.ts";
import { COMPONENTS } from "../src/components.ts";
import type { Component } from "../src/component.ts";

const prodA = cluster("0.15.2", "prod-a");
const prodB = cluster("0.16.0", "prod-b");
const prod = {
  ...environment([deployment({ clusters: [prodA, prodB] }), deployment({ name: "llama-chat", clusters: [prodA, prodB] })]),
  clusters: [prodA, prodB],
};
const inputs: Inputs = {
  platform: {
    repository: "https://github.com/example-org/llm-platform",
    revision: "main",
    gpuProfiles: new Map([[a10g.name, a10g]]),
    models: new Map([[qwen25.name, qwen25]]),
    clusters: new Map([[prodA.name, prodA], [prodB.name, prodB], ["unused", cluster("0.16.0", "unused")]]),
  },
  environments: [prod],
};

const find = (t: Truth, kind: string, name: string) => {
  const r = t.objects.find((x) => x.object.kind === kind && x.object.metadata.name === name);
  if (!r) throw new Error(`no ${kind} ${name} in ${t.cluster}/${t.environment}`);
  return r;
};
const truthOf = (truths: Truth[], cluster: string, env: string) => truths.find((t) => t.cluster === cluster && t.environment === env)!;

describe("render", () => {
  const result = render(inputs);
  const truths = result.truths;

  it("renders one truth per environment and cluster, and a platform and an argocd truth per used cluster", () => {
    expect(truths.map((t) => `${t.cluster}/${t.environment}`)).toEqual(["prod-a/argocd", "prod-a/platform", "prod-a/prod", "prod-b/argocd", "prod-b/platform", "prod-b/prod"]);
  });

  it.each([
    ["Namespace", "llm-prod", "environment", ""],
    ["PriorityClass", "llm-gitops-prod", "environment", ""],
    ["ServiceAccount", "qwen-chat", "deployments/qwen-chat", "deployments[0]"],
    ["InferenceService", "qwen-chat", "deployments/qwen-chat", "deployments[0]"],
    ["PodDisruptionBudget", "qwen-chat", "deployments/qwen-chat", "deployments[0]"],
    ["HorizontalPodAutoscaler", "qwen-chat-autoscaler", "deployments/qwen-chat", "deployments[0]"],
    ["InferenceService", "llama-chat", "deployments/llama-chat", "deployments[0]"],
  ])("%s %s belongs to group %s", (kind, name, group, path) => {
    for (const c of ["prod-a", "prod-b"]) expect(find(truthOf(truths, c, "prod"), kind, name)).toMatchObject({ group, origin: { file: "environments/prod.yaml", path } });
  });

  it("puts the prometheus-adapter rules in each cluster's platform overlay", () => {
    const cm = find(truthOf(truths, "prod-a", "platform"), "ConfigMap", "llm-gitops-adapter-rules");
    expect(cm).toMatchObject({ group: "cluster", component: "autoscaling", object: { metadata: { namespace: "monitoring" } } });
  });

  it("renders per cluster: KServe's mode name follows the cluster's version", () => {
    const mode = (t: Truth) => find(t, "InferenceService", "qwen-chat").object.metadata.annotations?.["serving.kserve.io/deploymentMode"];
    expect([truthOf(truths, "prod-a", "prod"), truthOf(truths, "prod-b", "prod")].map(mode)).toEqual(["RawDeployment", "Standard"]);
  });

  it("sorts objects by kind order then name", () => {
    expect(truthOf(truths, "prod-a", "prod").objects.map((r) => `${r.object.kind}/${r.object.metadata.name}`)).toEqual([
      "Namespace/llm-prod",
      "ServiceAccount/llama-chat",
      "ServiceAccount/qwen-chat",
      "PriorityClass/llm-gitops-prod",
      "NetworkPolicy/allow-dns",
      "NetworkPolicy/allow-prometheus",
      "NetworkPolicy/default-deny",
      "InferenceService/llama-chat",
      "InferenceService/qwen-chat",
      "HorizontalPodAutoscaler/llama-chat-autoscaler",
      "HorizontalPodAutoscaler/qwen-chat-autoscaler",
      "PodDisruptionBudget/llama-chat",
      "PodDisruptionBudget/qwen-chat",
      "PodMonitor/vllm",
      "PrometheusRule/vllm",
    ]);
  });

  it("renders a deployment only on the clusters it names", () => {
    const onlyA = { ...prod, deployments: [deployment({ clusters: [prodA] }), deployment({ name: "llama-chat", clusters: [prodA, prodB] })] };
    const placed = renderTruths({ ...inputs, environments: [onlyA] });
    const names = (c: string) => truthOf(placed, c, "prod").objects.filter((r) => r.object.kind === "InferenceService").map((r) => r.object.metadata.name);
    expect([names("prod-a"), names("prod-b")]).toEqual([["llama-chat", "qwen-chat"], ["llama-chat"]]);
  });

  it("scrapes every serving namespace: one PodMonitor per environment and cluster", () => {
    for (const c of ["prod-a", "prod-b"]) expect(find(truthOf(truths, c, "prod"), "PodMonitor", "vllm")).toMatchObject({ group: "environment", component: "observability" });
  });

  it("emits the model's Dockerfile", () => {
    expect(result.files.map((f) => f.path)).toEqual(["docker/qwen2.5-7b-instruct-awq/Dockerfile"]);
  });

  it("returns warnings and fails on errors from deployment checks", () => {
    const gpuUtil = deployment({ autoscaling: { ...deployment().autoscaling, metric: "gpuUtilization", target: 80 } });
    const warned = render({ ...inputs, environments: [{ ...prod, deployments: [gpuUtil] }] });
    expect(warned.warnings.map((w) => w.path)).toEqual(["deployments[0].autoscaling.metric"]);
    const zero = deployment({ replicas: { min: 0, max: 2 } });
    expect(() => render({ ...inputs, environments: [{ ...prod, deployments: [zero] }] })).toThrow(/replicas\.min: must be >= 1 in Standard mode/);
  });

  it("refuses (never crashes on) a Knative metric with a schedule in Standard mode", () => {
    const d = deployment({ autoscaling: { ...deployment().autoscaling, metric: "concurrency", scaler: "keda", schedule: { timezone: "UTC", windows: [{ start: "0 7 * * *", end: "0 19 * * *" }], offHoursMin: 1 } } });
    expect(() => render({ ...inputs, environments: [{ ...prod, deployments: [{ ...d, clusters: [prodA, prodB] }] }] })).toThrow(InputError);
    expect(() => render({ ...inputs, environments: [{ ...prod, deployments: [{ ...d, clusters: [prodA, prodB] }] }] })).toThrow(/autoscaling\.metric: concurrency is a Knative \(KPA\) metric/);
  });

  it("takes new components without changes to the pipeline", () => {
    const extra: Component = {
      name: "test-extra",
      deployment: ({ environment: env }, d) => [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `${d.name}-extra`, namespace: env.namespace } }],
    };
    expect(find(truthOf(renderTruths(inputs, [...COMPONENTS, extra]), "prod-a", "prod"), "ConfigMap", "qwen-chat-extra")).toMatchObject({ component: "test-extra" });
  });

  it("refuses two components rendering the same object", () => {
    const clash: Component = {
      name: "clash",
      environment: ({ environment: env }) => [{ apiVersion: "v1", kind: "Namespace", metadata: { name: env.namespace } } as KubernetesObject],
    };
    expect(() => renderTruths(inputs, [...COMPONENTS, clash])).toThrow(InputError);
    expect(() => renderTruths(inputs, [...COMPONENTS, clash])).toThrow(
      'environments/prod.yaml:1:1 Namespace "llm-prod" is rendered twice on cluster "prod-a" (components namespace and clash); rename the deployment if two names clash, else report a bug',
    );
  });

  it("is deterministic", () => {
    expect(JSON.stringify(render(inputs))).toBe(JSON.stringify(result));
  });
});
