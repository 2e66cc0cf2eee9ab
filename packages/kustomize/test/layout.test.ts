import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { KubernetesObject } from "@llm-gitops/core";
import { kustomizeBuild } from "../src/kubectl.ts";
import { buildOverlay } from "../src/build.ts";
import type { OutputFile } from "../src/files.ts";
import type { Kustomization } from "../src/kustomization.ts";
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
const widget = (ns: string, version: string): KubernetesObject => ({ apiVersion: `example.com/${version}`, kind: "Widget", metadata: { name: "w", namespace: ns } });

/** An environment's overlay on one cluster (`base` = the environment), or a platform overlay (`env` = "platform"). */
const overlay = (cluster: string, env: string, namespace: string, objects: KubernetesObject[]): OverlaySpec => ({
  dir: `clusters/${cluster}/${env}`,
  ...(env === "platform" ? {} : { base: env }),
  namespace,
  objects: objects.map((object) => ({ object })),
});

/**
 * Lays out, writes to a temporary tree and builds every overlay with the real kubectl; the
 * in-memory builder `check` reads committed trees with must agree with kubectl on each.
 */
async function expectExact(overlays: OverlaySpec[]): Promise<OutputFile[]> {
  const files = layout(overlays);
  const root = await writeFiles(files);
  const tree = new Map(files.map((f) => [f.path, f.content]));
  await Promise.all(
    overlays.map(async (o) => {
      const built = await kustomizeBuild(join(root, o.dir));
      expect(canonicalSet(built), o.dir).toEqual(canonicalSet(o.objects.map((x) => x.object)));
      expect(canonicalSet(buildOverlay(tree, o.dir)), `buildOverlay ${o.dir}`).toEqual(canonicalSet(built));
    }),
  );
  return files;
}

/** Every file that holds the object (kind and name) or patches it: where a reviewer finds it. */
function whereIs(files: readonly OutputFile[], kind: string, name: string): string[] {
  const out: string[] = [];
  for (const f of files) {
    if (f.path.endsWith("/kustomization.yaml")) {
      const k = parse(f.content) as Kustomization;
      const dir = f.path.slice(0, -"/kustomization.yaml".length);
      for (const p of k.patches ?? []) if (p.target.kind === kind && p.target.name === name) out.push(`${dir}/${p.path}`);
    } else if (!f.path.includes("/patches/")) {
      const o = parse(f.content) as KubernetesObject;
      if (o.kind === kind && o.metadata.name === name) out.push(f.path);
    }
  }
  return out.sort();
}

const A = "clusters/a/prod";
const B = "clusters/b/prod";
const BASE = "clusters/base/prod";

describe("layout by environment: where each object lands, and kubectl builds every overlay exactly", () => {
  it.each<[string, OverlaySpec[], Record<string, string[]>]>([
    [
      "an object every cluster of the environment renders alike lives in its base alone",
      [overlay("a", "prod", "llm-prod", [ns("llm-prod"), sa("llm-prod"), isvc("llm-prod")]), overlay("b", "prod", "llm-prod", [ns("llm-prod"), sa("llm-prod"), isvc("llm-prod")])],
      { "Namespace/llm-prod": [`${BASE}/namespace-llm-prod.yaml`], "InferenceService/chat": [`${BASE}/inferenceservice-chat.yaml`] },
    ],
    [
      "an environment on one cluster gets a base too: one rule, and a second cluster moves only what differs",
      [overlay("a", "dev", "llm-dev", [ns("llm-dev"), isvc("llm-dev")])],
      { "Namespace/llm-dev": ["clusters/base/dev/namespace-llm-dev.yaml"], "InferenceService/chat": ["clusters/base/dev/inferenceservice-chat.yaml"] },
    ],
    [
      "a field one cluster sets differently: the base keeps the rest, each cluster patches in its own value",
      [overlay("a", "prod", "llm-prod", [isvc("llm-prod", { min: 1 })]), overlay("b", "prod", "llm-prod", [isvc("llm-prod", { min: 3, mode: "RawDeployment" })])],
      { "InferenceService/chat": [`${A}/patches/inferenceservice-chat.yaml`, `${B}/patches/inferenceservice-chat.yaml`, `${BASE}/inferenceservice-chat.yaml`] },
    ],
    [
      "an object on some of the environment's clusters only: a full copy in each overlay that has it",
      [
        overlay("a", "prod", "llm-prod", [ns("llm-prod"), sa("llm-prod")]),
        overlay("b", "prod", "llm-prod", [ns("llm-prod"), sa("llm-prod")]),
        overlay("c", "prod", "llm-prod", [ns("llm-prod")]),
      ],
      { "ServiceAccount/chat": [`${A}/resources/serviceaccount-chat.yaml`, `${B}/resources/serviceaccount-chat.yaml`], "Namespace/llm-prod": [`${BASE}/namespace-llm-prod.yaml`] },
    ],
    [
      "an apiVersion that differs by cluster: a full copy in each overlay",
      [overlay("a", "prod", "llm-prod", [widget("llm-prod", "v1")]), overlay("b", "prod", "llm-prod", [widget("llm-prod", "v2")])],
      { "Widget/w": [`${A}/resources/widget-w.yaml`, `${B}/resources/widget-w.yaml`] },
    ],
    [
      "environments never share a base, even where their objects are identical",
      [overlay("a", "dev", "llm", [sa("llm"), isvc("llm")]), overlay("b", "prod", "llm", [sa("llm"), isvc("llm")])],
      { "ServiceAccount/chat": ["clusters/base/dev/serviceaccount-chat.yaml", `${BASE}/serviceaccount-chat.yaml`] },
    ],
    [
      "cluster-wide objects stay in each cluster's platform overlay, identical or not",
      [overlay("a", "platform", "", [cm("adapter", "monitoring")]), overlay("b", "platform", "", [cm("adapter", "monitoring")])],
      { "ConfigMap/adapter": ["clusters/a/platform/resources/configmap-monitoring-adapter.yaml", "clusters/b/platform/resources/configmap-monitoring-adapter.yaml"] },
    ],
    [
      "an object that names another namespace keeps it, and its file name says so",
      [overlay("a", "prod", "llm-prod", [cm("rules", "monitoring"), isvc("llm-prod")]), overlay("b", "prod", "llm-prod", [cm("rules", "monitoring"), isvc("llm-prod", { min: 2 })])],
      { "ConfigMap/rules": [`${BASE}/configmap-monitoring-rules.yaml`] },
    ],
    [
      "a tag on one cluster and a digest on the other: patched like any other field",
      [overlay("a", "prod", "llm-prod", [isvc("llm-prod")]), overlay("b", "prod", "llm-prod", [isvc("llm-prod", { image: `ghcr.io/o/vllm@${DIGEST}`, args: ["--port=8080", "--x"] })])],
      { "InferenceService/chat": [`${A}/patches/inferenceservice-chat.yaml`, `${B}/patches/inferenceservice-chat.yaml`, `${BASE}/inferenceservice-chat.yaml`] },
    ],
  ])("%s", async (_, overlays, expected) => {
    const files = await expectExact(overlays);
    for (const [id, paths] of Object.entries(expected)) {
      const [kind, name] = id.split("/") as [string, string];
      expect(whereIs(files, kind, name), id).toEqual(paths);
    }
  });

  it("writes an overlay of identical clusters as its base alone: no patches, no copies", async () => {
    const files = await expectExact([overlay("a", "prod", "p", [sa("p"), isvc("p")]), overlay("b", "prod", "p", [sa("p"), isvc("p")])]);
    expect(files.find((f) => f.path === `${A}/kustomization.yaml`)?.content).toMatch(/resources:\n {2}- \.\.\/\.\.\/base\/prod\n$/);
  });

  it("refuses a base that is not a single path segment", () => {
    expect(() => layout([{ ...overlay("a", "prod", "p", [sa("p")]), base: "../x" }])).toThrow(/not a DNS-1123 label/);
  });
});

describe("layout by environment holds for any variation between clusters (property, through kubectl)", () => {
  const variant = fc.record({
    min: fc.integer({ min: 0, max: 3 }),
    tag: fc.constantFrom("v1", "v2", `@${DIGEST}`),
    mode: fc.constantFrom("Standard", "RawDeployment"),
    args: fc.array(fc.constantFrom("--a=1", "--b=2", "--c"), { maxLength: 3 }),
    withSa: fc.boolean(),
    widget: fc.constantFrom("v1", "v2"),
  });
  const environment = fc.array(variant, { minLength: 1, maxLength: 3 });

  it("reproduces every overlay exactly, and every file belongs to one environment or one cluster's platform", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(environment, { minLength: 1, maxLength: 2 }), async (envs) => {
        const overlays = envs.flatMap((variants, e) =>
          variants.map((v, c) => {
            const namespace = `llm-${e}`;
            const image = v.tag.startsWith("@") ? `ghcr.io/o/vllm${v.tag}` : `ghcr.io/o/vllm:${v.tag}`;
            const objects = [ns(namespace), isvc(namespace, { min: v.min, image, mode: v.mode, args: v.args }), widget(namespace, v.widget)];
            return overlay(`c${c}`, `e${e}`, namespace, v.withSa ? [...objects, sa(namespace)] : objects);
          }),
        );
        const clusters = Math.max(...envs.map((v) => v.length));
        overlays.push(...Array.from({ length: clusters }, (_, c) => overlay(`c${c}`, "platform", "", [cm("adapter", "monitoring")])));
        const files = await expectExact(overlays);
        for (const f of files) expect(f.path).toMatch(/^clusters\/(base\/e\d|c\d\/e\d|c\d\/platform)\//);
      }),
      { numRuns: 20, seed: 20261125 },
    );
  }, 300_000);
});

describe("layout is deterministic", () => {
  it("gives byte-identical files whatever the order of overlays and objects", () => {
    const a = overlay("a", "prod", "p", [sa("p"), isvc("p")]);
    const b = overlay("b", "prod", "p", [isvc("p", { min: 2 }), sa("p")]);
    const d = overlay("a", "dev", "d", [isvc("d")]);
    expect(layout([a, b, d])).toEqual(layout([d, b, { ...a, objects: [...a.objects].reverse() }]));
  });
});
