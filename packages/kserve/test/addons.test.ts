import { describe, expect, it } from "vitest";
import { cluster } from "@llm-gitops/config/testing";
import type { Addons, Cluster } from "@llm-gitops/config";
import type { KubernetesObject } from "@llm-gitops/core";
import { renderKserveAddons } from "../src/addons.ts";

type App = KubernetesObject & { spec: Record<string, any> };
const withAddons = (version: string, addons: Addons): Cluster => ({ ...cluster(version, "prod-a"), addons });
const app = (objects: KubernetesObject[], name: string) => objects.find((o) => o.metadata.name === `prod-a-${name}`) as App;
const BOTH: Addons = { certManager: { chart: "v1.19.6", values: {} }, kserve: { values: {} } };

describe("KServe and cert-manager as add-ons", () => {
  it.each([
    // The raw mode's name per release: constants.go at v0.15.2 knows RawDeployment only; v0.16.0 Standard.
    ["0.15.2", "v0.15.2", "RawDeployment"],
    ["0.16.0", "v0.16.0", "Standard"],
  ])("KServe %s: both charts at %s, raw mode by default, no Ingress of its own", (version, tag, mode) => {
    const objects = renderKserveAddons(withAddons(version, BOTH));
    expect(objects.map((o) => o.metadata.name)).toEqual(["prod-a-cert-manager", "prod-a-kserve-crd", "prod-a-kserve"]);
    const crd = app(objects, "kserve-crd");
    expect(crd.spec.source).toMatchObject({ repoURL: "ghcr.io/kserve/charts", chart: "kserve-crd", targetRevision: tag });
    const kserve = app(objects, "kserve");
    expect(kserve.spec.source).toMatchObject({ repoURL: "ghcr.io/kserve/charts", chart: "kserve", targetRevision: tag });
    expect(kserve.spec.source.helm.valuesObject).toEqual({ kserve: { controller: { deploymentMode: mode, gateway: { disableIngressCreation: true } } } });
    // The chart's CRD annotation names namespace kserve (serving.kserve.io_inferenceservices.yaml).
    expect(kserve.spec.destination.namespace).toBe("kserve");
  });

  it("orders cert-manager and the CRDs before the controller, and keeps the CA bundles cainjector injects", () => {
    const objects = renderKserveAddons(withAddons("0.16.0", BOTH));
    const wave = (name: string) => Number(app(objects, name).metadata.annotations!["argocd.argoproj.io/sync-wave"]);
    expect(wave("cert-manager")).toBeLessThan(wave("kserve"));
    expect(wave("kserve-crd")).toBeLessThan(wave("kserve"));
    expect(app(objects, "kserve").spec.ignoreDifferences.map((d: { kind: string }) => d.kind)).toEqual(["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"]);
    expect(app(objects, "cert-manager").spec.source.helm.valuesObject).toEqual({ crds: { enabled: true, keep: true } });
  });

  it("renders nothing the cluster does not declare", () => {
    expect(renderKserveAddons(withAddons("0.16.0", {}))).toEqual([]);
    expect(renderKserveAddons(withAddons("0.16.0", { certManager: BOTH.certManager! })).map((o) => o.metadata.name)).toEqual(["prod-a-cert-manager"]);
  });
});
