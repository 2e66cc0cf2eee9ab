import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { KubernetesObject } from "@llm-gitops/core";
import { kustomizeBuild } from "../src/kubectl.ts";
import { buildOverlay } from "../src/build.ts";
import { layout, type OverlaySpec } from "../src/layout.ts";
import { canonicalSet, writeFiles } from "./helpers.ts";

const DIGEST = `sha256:${"c".repeat(64)}`;

function isvc(ns: string, opts: { min?: number; image?: string; mode?: string; args?: string[] } = {}): KubernetesObject {
  return {
    apiVersion: "serving.kserve.io/v1beta1",
    kind: "InferenceService",
    metadata: { name: "chat", namespace: ns, annotations: { "serving.kserve.io/deploymentMode": opts.mode ?? "Standard" } },
    spec: {
      predictor: {
        minReplicas: opts.min ?? 1,
        containers: [{ name: "kserve-container", image: opts.image ?? "ghcr.io/o/vllm:v1", args: opts.args ?? ["--port=8080"] }],
      },
    },
  } as KubernetesObject;
}
const sa = (ns: string): KubernetesObject => ({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "chat", namespace: ns } });
const ns = (name: string): KubernetesObject => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
const cm = (name: string, namespace: string): KubernetesObject => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace }, data: { k: name } } as KubernetesObject);

const overlay = (dir: string, namespace: string, objects: [KubernetesObject, string][]): OverlaySpec => ({
  dir: `clusters/${dir}`,
  namespace,
  objects: objects.map(([object, group]) => ({ object, group })),
});

/**
 * Lays out, writes to a temporary tree and checks every overlay with the real kubectl; the
 * in-memory builder `check` reads committed trees with must agree with kubectl on each.
 */
async function expectExact(overlays: OverlaySpec[]) {
  const files = layout(overlays);
  const root = await writeFiles(files);
  const tree = new Map(files.map((f) => [f.path, f.content]));
  for (const o of overlays) {
    const built = await kustomizeBuild(join(root, o.dir));
    expect(canonicalSet(built), o.dir).toEqual(canonicalSet(o.objects.map((x) => x.object)));
    expect(canonicalSet(buildOverlay(tree, o.dir)), `buildOverlay ${o.dir}`).toEqual(canonicalSet(built));
  }
  return files;
}

const paths = (files: { path: string }[]) => files.map((f) => f.path);

describe("layout reproduces every overlay exactly (kubectl kustomize)", () => {
  it("shares identical objects through one base with no patches", async () => {
    const files = await expectExact([
      overlay("a/prod", "llm-prod", [[ns("llm-prod"), "environment"], [sa("llm-prod"), "d/chat"], [isvc("llm-prod"), "d/chat"]]),
      overlay("b/prod", "llm-prod", [[ns("llm-prod"), "environment"], [sa("llm-prod"), "d/chat"], [isvc("llm-prod"), "d/chat"]]),
    ]);
    expect(paths(files)).toContain("clusters/base/d/chat/inferenceservice-chat.yaml");
    expect(paths(files)).toContain("clusters/base/environment/namespace-llm-prod.yaml");
    expect(paths(files).filter((p) => p.includes("/patches/"))).toEqual([]);
  });

  it("patches differences, sets tags and digests with images:, keeps unique objects local", async () => {
    const files = await expectExact([
      overlay("dev/dev", "llm-dev", [[ns("llm-dev"), "environment"], [sa("llm-dev"), "d/chat"], [isvc("llm-dev", { min: 1, image: "ghcr.io/o/vllm:v2", args: ["--port=8080", "--x=1"] }), "d/chat"]]),
      overlay("prod/prod", "llm-prod", [[ns("llm-prod"), "environment"], [sa("llm-prod"), "d/chat"], [isvc("llm-prod", { min: 3, image: `ghcr.io/o/vllm@${DIGEST}`, mode: "RawDeployment" }), "d/chat"]]),
      overlay("stg/stg", "llm-stg", [[ns("llm-stg"), "environment"], [sa("llm-stg"), "d/chat"], [isvc("llm-stg", { min: 3, mode: "RawDeployment" }), "d/chat"], [cm("extra", "llm-stg"), "d/chat"]]),
    ]);
    expect(paths(files)).toContain("clusters/stg/stg/resources/configmap-extra.yaml");
    expect(paths(files)).toContain("clusters/dev/dev/patches/inferenceservice-chat.yaml");
  });

  it("keeps objects that name another namespace in it", async () => {
    await expectExact([
      overlay("a/prod", "llm-prod", [[cm("adapter", "monitoring"), "d/chat"], [isvc("llm-prod"), "d/chat"]]),
      overlay("b/prod", "llm-prod", [[cm("adapter", "monitoring"), "d/chat"], [isvc("llm-prod", { min: 2 }), "d/chat"]]),
    ]);
  });

  it("stays exact when one overlay runs two versions of the same image", async () => {
    const second: KubernetesObject = { ...isvc("llm-a", { image: "ghcr.io/o/vllm:v9" }), metadata: { name: "other", namespace: "llm-a" } };
    await expectExact([
      overlay("a/a", "llm-a", [[isvc("llm-a"), "d/chat"], [second, "d/chat"]]),
      overlay("b/b", "llm-b", [[isvc("llm-b", { image: "ghcr.io/o/vllm:v3" }), "d/chat"], [{ ...second, metadata: { name: "other", namespace: "llm-b" } }, "d/chat"]]),
    ]);
  });

  it("writes no base for a group only one overlay has", async () => {
    const files = await expectExact([overlay("a/a", "llm-a", [[isvc("llm-a"), "d/solo"]]), overlay("b/b", "llm-b", [[sa("llm-b"), "d/other"]])]);
    expect(paths(files).some((p) => p.startsWith("clusters/base/"))).toBe(false);
  });

  it("is exact for arbitrary variations between overlays (property)", async () => {
    const variant = fc.record({
      min: fc.integer({ min: 0, max: 5 }),
      tag: fc.constantFrom("v1", "v2", `@${DIGEST}`),
      mode: fc.constantFrom("Standard", "RawDeployment"),
      args: fc.array(fc.constantFrom("--a=1", "--b=2", "--c"), { maxLength: 3 }),
      withSa: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(variant, { minLength: 2, maxLength: 3 }), async (variants) => {
        const overlays = variants.map((v, i) => {
          const namespace = `llm-${i}`;
          const image = v.tag.startsWith("@") ? `ghcr.io/o/vllm${v.tag}` : `ghcr.io/o/vllm:${v.tag}`;
          const objects: [KubernetesObject, string][] = [[isvc(namespace, { min: v.min, image, mode: v.mode, args: v.args }), "d/chat"]];
          if (v.withSa) objects.push([sa(namespace), "d/chat"]);
          return overlay(`c${i}/e${i}`, namespace, objects);
        });
        await expectExact(overlays);
      }),
      { numRuns: 25, seed: 20261125 },
    );
  }, 120_000);
});

describe("layout is deterministic", () => {
  it("gives byte-identical files whatever the input order", () => {
    const a = overlay("a/prod", "p", [[sa("p"), "d/chat"], [isvc("p"), "d/chat"]]);
    const b = overlay("b/prod", "p", [[isvc("p", { min: 2 }), "d/chat"], [sa("p"), "d/chat"]]);
    expect(layout([a, b])).toEqual(layout([b, { ...a, objects: [...a.objects].reverse() }]));
  });
});
