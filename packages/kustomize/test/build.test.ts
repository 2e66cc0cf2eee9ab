import { describe, expect, it } from "vitest";
import { buildOverlay, UnsupportedKustomization } from "../src/build.ts";

const k = (body: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n${body}`;

describe("buildOverlay refuses what it does not understand instead of guessing", () => {
  it.each([
    ["a field layout never writes", { "clusters/a/kustomization.yaml": k("namePrefix: x-\nresources: []\n") }, /namePrefix are not ours/],
    ["a resource outside clusters/", { "clusters/a/kustomization.yaml": k("resources: [../../../etc/passwd]\n") }, /leaves clusters\//],
    ["a missing file", { "clusters/a/kustomization.yaml": k("resources: [gone.yaml]\n") }, /clusters\/a\/gone.yaml: missing/],
    ["a kustomization that includes itself", { "clusters/a/kustomization.yaml": k("resources: [.]\n") }, /includes itself/],
    ["a patch that matches nothing", {
      "clusters/a/kustomization.yaml": k("resources: [cm.yaml]\npatches: [{ path: p.yaml, target: { version: v1, kind: ConfigMap, name: other } }]\n"),
      "clusters/a/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: cm }\n",
      "clusters/a/p.yaml": "- { op: add, path: /data, value: {} }\n",
    }, /matches 0 objects/],
  ])("%s", (_, files, message) => {
    expect(() => buildOverlay(new Map(Object.entries(files)), "clusters/a")).toThrow(UnsupportedKustomization);
    expect(() => buildOverlay(new Map(Object.entries(files)), "clusters/a")).toThrow(message);
  });
});
