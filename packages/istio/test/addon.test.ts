import { describe, expect, it } from "vitest";
import { cluster, meshCluster } from "@llm-gitops/config/testing";
import type { Cluster } from "@llm-gitops/config";
import type { KubernetesObject } from "@llm-gitops/core";
import { renderIstioAddons } from "../src/addon.ts";

type App = KubernetesObject & { spec: Record<string, any> };
const withIstio = (c: Cluster): Cluster => ({ ...c, addons: { istio: { values: {} } } });

describe("the Istio add-ons", () => {
  it("installs base, then istiod, at the mesh's release, with the trust domain the principals carry", () => {
    const [base, istiod] = renderIstioAddons(withIstio(meshCluster())) as App[];
    expect(base!.metadata.name).toBe("prod-a-istio-base");
    expect(base!.spec.source).toMatchObject({ repoURL: "https://istio-release.storage.googleapis.com/charts", chart: "base", targetRevision: "1.30.3" });
    expect(istiod!.spec.source).toMatchObject({ chart: "istiod", targetRevision: "1.30.3", helm: { releaseName: "istiod" } });
    expect(istiod!.spec.source.helm.valuesObject).toEqual({
      global: { istioNamespace: "istio-system" },
      base: { validationFailurePolicy: "Fail" },
      meshConfig: { trustDomain: "cluster.local", rootNamespace: "istio-system", enablePrometheusMerge: true },
    });
    const wave = (a: App) => Number(a.metadata.annotations!["argocd.argoproj.io/sync-wave"]);
    expect(wave(base!)).toBeLessThan(wave(istiod!));
  });

  it("with a revision, installs that revision and makes it the default validator's", () => {
    const c = meshCluster();
    const [base, istiod] = renderIstioAddons(withIstio({ ...c, mesh: { ...c.mesh!, revision: "1-30", trustDomain: "prod.example.com" } })) as App[];
    expect(base!.spec.source.helm.valuesObject.defaultRevision).toBe("1-30");
    expect(istiod!.metadata.name).toBe("prod-a-istiod-1-30");
    expect(istiod!.spec.source.helm.valuesObject).toMatchObject({ revision: "1-30", meshConfig: { trustDomain: "prod.example.com" } });
  });

  it("is not rendered without a mesh", () => {
    expect(renderIstioAddons(withIstio(cluster()))).toEqual([]);
  });
});
