import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cluster, testOrigin } from "@llm-gitops/config/testing";
import type { Addons, Inputs, Platform } from "@llm-gitops/config";
import type { KubernetesObject } from "@llm-gitops/core";
import { ADDON_CHARTS, CHARTS, checkAddonSources, checkAddonValues, helmApplication, mergeValues, overridden, renderArgoCd, WAVES } from "../src/index.ts";

const platform = { repository: "https://github.com/example-org/llm-platform", revision: "main" } as Platform;
type App = KubernetesObject & { spec: Record<string, any> };
const find = (objects: KubernetesObject[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name) as App | undefined;

const withAddons = (addons: Addons) => ({ ...cluster("0.16.0", "prod-a"), addons });

describe("an add-on Application", () => {
  const app = helmApplication(withAddons({ keda: { chart: "2.20.2", values: {} } }), {
    name: "keda",
    chart: "keda",
    version: "2.20.2",
    namespace: "keda",
    values: { a: 1 },
    valuesFrom: "keda",
    wave: "controllers",
    ignoreDifferences: [{ group: "apiregistration.k8s.io", kind: "APIService", jsonPointers: ["/spec/caBundle"] }],
  }) as App;

  it("installs the pinned chart version from its repository into the cluster, in the add-ons project", () => {
    expect(app.metadata).toMatchObject({ name: "prod-a-keda", namespace: "argocd", annotations: { "argocd.argoproj.io/sync-wave": String(WAVES.controllers) } });
    expect(app.spec.project).toBe("llm-prod-a-addons");
    expect(app.spec.source).toEqual({ repoURL: "https://kedacore.github.io/charts", chart: "keda", targetRevision: "2.20.2", helm: { releaseName: "keda", valuesObject: { a: 1 } } });
    expect(app.spec.destination).toEqual({ name: "prod-a", namespace: "keda" });
  });

  it("syncs server-side, keeps fields controllers inject, and has no finalizer (removing it from platform.yaml uninstalls nothing)", () => {
    expect(app.spec.syncPolicy.syncOptions).toEqual(["CreateNamespace=true", "ServerSideApply=true", "RespectIgnoreDifferences=true"]);
    expect(app.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
    expect(app.metadata.finalizers).toBeUndefined();
  });

  it("names OCI registries without a scheme, as Argo CD requires for Helm charts (docs/user-guide/helm.md)", () => {
    for (const { repoURL } of Object.values(CHARTS)) expect(repoURL.startsWith("oci://")).toBe(false);
    expect(CHARTS.kserve).toEqual({ repoURL: "ghcr.io/kserve/charts", chart: "kserve" });
  });
});

describe("the add-ons project", () => {
  it("exists only with add-ons, and admits exactly their chart repositories", () => {
    expect(find(renderArgoCd(withAddons({}), platform), "AppProject", "llm-prod-a-addons")).toBeUndefined();
    const objects = renderArgoCd(withAddons({ certManager: { chart: "v1.19.6", values: {} }, kserve: { values: {} }, istio: { values: {} } }), platform);
    const project = find(objects, "AppProject", "llm-prod-a-addons")!;
    expect(project.spec.sourceRepos).toEqual(["ghcr.io/kserve/charts", "https://charts.jetstack.io", "https://istio-release.storage.googleapis.com/charts"]);
    expect(project.spec.destinations).toEqual([{ name: "prod-a", namespace: "*" }]);
    expect(project.metadata.annotations).toEqual({ "argocd.argoproj.io/sync-wave": String(WAVES.project) });
  });

  it("knows the charts of every add-on platform.yaml can declare", () => {
    for (const charts of Object.values(ADDON_CHARTS)) for (const c of charts) expect(CHARTS[c]).toBeDefined();
  });

  it("orders the root's sync: projects, CRDs, controllers, add-ons, then the overlays", () => {
    const set = find(renderArgoCd(withAddons({}), platform), "ApplicationSet", "llm-prod-a")!;
    expect(set.metadata.annotations).toEqual({ "argocd.argoproj.io/sync-wave": String(WAVES.overlays) });
    expect([WAVES.project, WAVES.crds, WAVES.controllers, WAVES.addons, WAVES.overlays]).toEqual([-3, -2, -1, 0, 1]);
  });
});

const values = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, fc.integer(), fc.string(), fc.boolean(), fc.array(fc.integer(), { maxLength: 3 }), tie("map")),
  map: fc.dictionary(fc.constantFrom("a", "b", "c", "image", "tag"), tie("value"), { maxKeys: 4 }),
})).map as fc.Arbitrary<Record<string, unknown>>;

describe("values merge as Helm coalesces them, with ours on top", () => {
  it("merges maps key by key and replaces lists and scalars", () => {
    expect(mergeValues({ image: { tag: "x", pullPolicy: "Always" }, args: [1, 2] }, { image: { tag: "y" }, args: [3] })).toEqual({ image: { tag: "y", pullPolicy: "Always" }, args: [3] });
  });

  it("property: every value of ours survives; every value of theirs survives or is reported as overridden", () => {
    fc.assert(
      fc.property(values, values, (theirs, ours) => {
        const merged = mergeValues(theirs, ours);
        expect(overridden(ours, merged)).toEqual([]);
        const lost = overridden(theirs, merged);
        expect(mergeValues(theirs, {})).toEqual(theirs);
        // Nothing lost when we set nothing; something lost only where ours set the same path.
        if (!Object.keys(ours).length) expect(lost).toEqual([]);
        for (const path of lost) expect(path.slice(0, 1).every((k) => k in ours)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe("user values that would be overridden are refused", () => {
  const origin = testOrigin("environments/platform.yaml", "clusters.prod-a");
  const c = { ...withAddons({ keda: { chart: "2.20.2", values: { image: { tag: "mine" }, resources: { cpu: 1 } } } }), origin };
  const app = (ours: Record<string, unknown>) =>
    helmApplication(c, { name: "keda", chart: "keda", version: "2.20.2", namespace: "keda", values: ours, valuesFrom: "keda", wave: "controllers" });
  const inputs = { platform: { clusters: new Map([["prod-a", c]]) } } as unknown as Inputs;
  const check = (o: KubernetesObject) => checkAddonValues([{ cluster: "prod-a", environment: "argocd", objects: [{ object: o, origin }] }], inputs);

  it.each([
    ["values of its own are merged in", { webhooks: { enabled: true } }, []],
    ["a key both set is an error at the user's key", { image: { tag: "2.20.2" } }, ["environments/platform.yaml clusters.prod-a.addons.keda.values.image.tag: llm-gitops sets image.tag itself (the rendered objects depend on it); remove it from addons.keda.values"]],
  ])("%s", (_, ours, expected) => {
    expect(check(app(ours)).map((p) => `${p.file} ${p.path}: ${p.message}`)).toEqual(expected);
    expect((app(ours) as App).spec.source.helm.valuesObject.resources).toEqual({ cpu: 1 });
  });
});

describe("every add-on's repository is one its project permits", () => {
  const origin = testOrigin("environments/platform.yaml", "clusters.prod-a");
  const c = withAddons({ keda: { chart: "2.20.2", values: {} } });
  const objects = renderArgoCd(c, platform);
  const keda = helmApplication(c, { name: "keda", chart: "keda", version: "2.20.2", namespace: "keda", values: {}, wave: "controllers" });
  const overlay = (extra: KubernetesObject) => [{ cluster: "prod-a", environment: "argocd", objects: [...objects, extra].map((object) => ({ object, origin })) }];

  it.each([
    ["the project's chart", keda, []],
    ["another chart", helmApplication(c, { name: "kong", chart: "kong", version: "0.24.0", namespace: "kong", values: {}, wave: "addons" }), [
      "Application prod-a-kong installs from https://charts.konghq.com, which its project llm-prod-a-addons does not permit; add the chart to @llm-gitops/argocd's ADDON_CHARTS",
    ]],
  ])("%s", (_, app, expected) => {
    expect(checkAddonSources(overlay(app)).map((p) => p.message)).toEqual(expected);
  });
});
