import { describe, expect, it } from "vitest";
import { observedCluster } from "@llm-gitops/config/testing";
import type { KubernetesObject } from "@llm-gitops/core";
import { DB_PATH, FLUENT_BIT_CONFIGMAP, FLUENT_BIT_CONFIG_KEY, renderLogging, renderLoggingAddons } from "../src/index.ts";
import { CHART_CONFIG_DIR } from "../src/addon.ts";

type App = KubernetesObject & { spec: Record<string, any> };
const c = { ...observedCluster(), addons: { fluentBit: { chart: "0.48.10", values: {} } } };

describe("the Fluent Bit add-on runs our pipeline", () => {
  const [app] = renderLoggingAddons(c) as App[];
  const values = app!.spec.source.helm.valuesObject;

  it("mounts our ConfigMap and starts on its YAML file, at the version platform.yaml pins", () => {
    const [cm] = renderLogging(c);
    expect(values.existingConfigMap).toBe(cm!.metadata.name);
    expect(values.existingConfigMap).toBe(FLUENT_BIT_CONFIGMAP);
    expect(Object.keys((cm as unknown as { data: Record<string, string> }).data)).toEqual([FLUENT_BIT_CONFIG_KEY]);
    expect(values.args).toContain(`--config=${CHART_CONFIG_DIR}/${FLUENT_BIT_CONFIG_KEY}`);
    expect(values.image).toEqual({ tag: "3.2.10" });
    expect(app!.spec.source).toMatchObject({ repoURL: "https://fluent.github.io/helm-charts", chart: "fluent-bit", targetRevision: "0.48.10" });
    expect(app!.spec.destination.namespace).toBe(cm!.metadata.namespace);
  });

  it("reloads a changed pipeline, keeps tail offsets on the node, and runs on every node, GPU nodes included", () => {
    expect(values.hotReload).toEqual({ enabled: true });
    const dir = DB_PATH.slice(0, DB_PATH.lastIndexOf("/"));
    expect(values.extraVolumes).toEqual([{ name: "state", hostPath: { path: dir, type: "DirectoryOrCreate" } }]);
    expect(values.extraVolumeMounts).toEqual([{ name: "state", mountPath: dir }]);
    expect(values.tolerations).toEqual([{ operator: "Exists" }]);
  });

  it("is not rendered without the add-on", () => {
    expect(renderLoggingAddons(observedCluster())).toEqual([]);
  });
});
