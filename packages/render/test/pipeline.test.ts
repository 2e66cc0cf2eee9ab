import { describe, expect, it } from "vitest";
import { InputError, type KubernetesObject } from "@llm-gitops/core";
import type { Inputs } from "@llm-gitops/config";
import { renderTruths, type Truth } from "../src/pipeline.ts";
import { COMPONENTS } from "../src/components.ts";
import type { Component } from "../src/component.ts";
import { cluster, deployment, environment } from "@llm-gitops/config/testing";

const prod = { ...environment([deployment(), deployment({ name: "llama-chat" })]), clusters: [cluster("0.15"), { ...cluster("0.16"), name: "prod-b" }] };
const inputs: Inputs = { platform: { gpuProfiles: new Map(), models: new Map(), clusters: new Map() }, environments: [prod] };

const find = (t: Truth, kind: string, name: string) => {
  const r = t.objects.find((x) => x.object.kind === kind && x.object.metadata.name === name);
  if (!r) throw new Error(`no ${kind} ${name} in ${t.cluster}/${t.environment}`);
  return r;
};

describe("renderTruths", () => {
  const truths = renderTruths(inputs);

  it("renders one truth per environment and cluster", () => {
    expect(truths.map((t) => `${t.cluster}/${t.environment}/${t.namespace}`)).toEqual(["prod-a/prod/llm-prod", "prod-b/prod/llm-prod"]);
  });

  it.each([
    ["Namespace", "llm-prod", "environment", ""],
    ["ServiceAccount", "qwen-chat", "deployments/qwen-chat", "deployments[0]"],
    ["InferenceService", "qwen-chat", "deployments/qwen-chat", "deployments[0]"],
    ["InferenceService", "llama-chat", "deployments/llama-chat", "deployments[0]"],
  ])("%s %s belongs to group %s", (kind, name, group, path) => {
    for (const t of truths) expect(find(t, kind, name)).toMatchObject({ group, origin: { file: "environments/prod.yaml", path } });
  });

  it("renders per cluster: KServe's mode name follows the cluster's version", () => {
    const mode = (t: Truth) => find(t, "InferenceService", "qwen-chat").object.metadata.annotations?.["serving.kserve.io/deploymentMode"];
    expect(truths.map(mode)).toEqual(["RawDeployment", "Standard"]);
  });

  it("sorts objects by kind order then name", () => {
    expect(truths[0]!.objects.map((r) => `${r.object.kind}/${r.object.metadata.name}`)).toEqual([
      "Namespace/llm-prod",
      "ServiceAccount/llama-chat",
      "ServiceAccount/qwen-chat",
      "InferenceService/llama-chat",
      "InferenceService/qwen-chat",
    ]);
  });

  it("takes new components without changes to the pipeline", () => {
    const pdb: Component = {
      name: "test-pdb",
      deployment: ({ environment: env }, d) => [
        { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: d.name, namespace: env.namespace } },
      ],
    };
    const withPdb = renderTruths(inputs, [...COMPONENTS, pdb]);
    expect(find(withPdb[0]!, "PodDisruptionBudget", "qwen-chat")).toMatchObject({ component: "test-pdb", group: "deployments/qwen-chat" });
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
    expect(JSON.stringify(renderTruths(inputs))).toBe(JSON.stringify(truths));
  });
});
