import { describe, expect, it } from "vitest";
import { InputError } from "@llm-gitops/core";
import type { Cluster, ClusterVersions, Inputs } from "@llm-gitops/config";
import { cluster, testOrigin } from "@llm-gitops/config/testing";
import type { Truth } from "@llm-gitops/render";
import { clusterSchemaOptions, projectSchemaOptions, validateTruths } from "../src/schema.ts";
import { MIRROR } from "./repo.ts";

/** Each overlay is validated against the schemas of exactly the releases its cluster runs (platform.yaml). */
const options = projectSchemaOptions({ LLM_GITOPS_SCHEMA_MIRROR: MIRROR });
const at = (name: string) => testOrigin("environments/platform.yaml", `clusters["${name}"]`);
const running = (name: string, versions: Partial<ClusterVersions>): Cluster => {
  const c = cluster(versions.kserve ?? "0.16.0", name);
  return { ...c, versions: { ...c.versions, ...versions }, origin: at(name) };
};
const inputs = (...cs: Cluster[]) => ({ platform: { clusters: new Map(cs.map((c) => [c.name, c])) } }) as unknown as Inputs;
const truth = (name: string, object: object): Truth => ({
  cluster: name,
  environment: "prod",
  namespace: "llm-prod",
  objects: [{ object: object as never, group: "deployments/chat", origin: at(name), component: "kserve" }],
});

// kserve/kserve v0.16.0 config/crd/full/serving.kserve.io_inferenceservices.yaml adds
// spec.predictor.autoScaling.behavior (the HPA's scaling behaviour); v0.15.2 has autoScaling without it.
const isvc = {
  apiVersion: "serving.kserve.io/v1beta1",
  kind: "InferenceService",
  metadata: { name: "chat", namespace: "llm-prod" },
  spec: { predictor: { model: { modelFormat: { name: "huggingface" }, storageUri: "hf://Qwen/Qwen2.5-7B-Instruct-AWQ" }, autoScaling: { behavior: { scaleDown: { stabilizationWindowSeconds: 300 } } } } },
};

describe("a CRD field the cluster's release lacks is reported against that cluster", () => {
  it("passes on a KServe 0.16.0 cluster and fails on a 0.15.2 one", async () => {
    const results = await validateTruths([truth("prod-new", isvc), truth("prod-old", isvc)], options, inputs(running("prod-new", { kserve: "0.16.0" }), running("prod-old", { kserve: "0.15.2" })));
    // (The message's wording is the engine's; what matters is which cluster and which field.)
    expect(results.map((r) => [r.filename, r.status, r.validationErrors.map((e) => `${e.path} ${/'behavior' not allowed/.test(e.msg)}`)])).toEqual([
      ["clusters/prod-new/prod/inferenceservice-llm-prod-chat.yaml", "statusValid", []],
      ["clusters/prod-old/prod/inferenceservice-llm-prod-chat.yaml", "statusInvalid", [expect.stringMatching(/^\/spec\/predictor\/autoScaling(\/behavior)? true$/)]],
    ]);
  });
});

describe("a release without pinned schemas is an error naming the cluster, the field and the known releases", () => {
  it.each([
    [{ keda: "2.19.0" }, 'versions.keda: cluster "prod-a" runs KEDA 2.19.0, which has no pinned schemas to validate its objects against (known: 2.20.2)'],
    [{ kserve: "0.14.1" }, 'kserve.version: cluster "prod-a" runs KServe 0.14.1, which has no pinned schemas to validate its objects against (known: 0.15.2, 0.16.0, 0.20.0)'],
    [{ kubernetes: "1.30.0" }, 'versions.kubernetes: cluster "prod-a" runs Kubernetes 1.30.0, which has no pinned schemas to validate its objects against (known: 1.33.1)'],
    [{ istio: "1.29.0", argocd: "3.4.0" }, 'mesh.istio.version: cluster "prod-a" runs Istio 1.29.0, which has no pinned schemas'],
    [{ argocd: "3.4.0" }, 'versions.argocd: cluster "prod-a" runs Argo CD 3.4.0, which has no pinned schemas to validate its objects against (known: 3.5.1); use one of those, or pin its files in kubeconform-wrapper/src/pins.ts'],
  ] as [Partial<ClusterVersions>, string][])("%j", async (versions, message) => {
    const c = running("prod-a", versions);
    const error = await validateTruths([truth("prod-a", isvc)], options, inputs(c)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems.map((p) => `${p.path}: ${p.message}`).join("\n")).toContain(message);
    expect(() => clusterSchemaOptions(options, c)).toThrow(InputError);
  });

  it("takes a Kubernetes version given on the command line or in LLM_GITOPS_KUBERNETES_VERSION as given, pinned or not", () => {
    const c = running("prod-a", { kubernetes: "1.30.0" });
    expect(clusterSchemaOptions({ ...options, kubernetesVersion: "master" }, c).kubernetesVersion).toBe("master");
    expect(clusterSchemaOptions(options, running("prod-a", {})).kubernetesVersion).toBe("1.33.1");
  });
});

describe("where the gate reads schemas", () => {
  it.each([
    ["a mirror, and no cache", { LLM_GITOPS_SCHEMA_MIRROR: "/m", HOME: "/h" }, { mirror: "/m" }],
    ["LLM_GITOPS_SCHEMA_CACHE", { LLM_GITOPS_SCHEMA_CACHE: "/c", XDG_CACHE_HOME: "/x", HOME: "/h" }, { cache: "/c" }],
    ["$XDG_CACHE_HOME/llm-gitops/schemas", { XDG_CACHE_HOME: "/x", HOME: "/h" }, { cache: "/x/llm-gitops/schemas" }],
    ["~/.cache/llm-gitops/schemas", { HOME: "/h" }, { cache: "/h/.cache/llm-gitops/schemas" }],
    ["nothing without an environment", {}, {}],
  ])("%s", (_, env, expected) => {
    const o = projectSchemaOptions(env);
    expect({ ...(o.mirror ? { mirror: o.mirror } : {}), ...(o.cache ? { cache: o.cache } : {}) }).toEqual(expected);
  });
});
