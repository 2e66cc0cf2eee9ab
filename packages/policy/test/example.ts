import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { loadInputs, type Inputs, type SourceFile } from "@llm-gitops/config";
import type { KubernetesObject } from "@llm-gitops/core";
import { render, type Truth } from "@llm-gitops/render";

const ROOT = resolve(import.meta.dirname, "../../..");
const FILES = ["platform", "dev", "staging", "prod"];

/** The repository's example environments, with text edits: `{ "prod": [["from", "to"]] }`. */
export function sources(edits: Record<string, [string, string][]> = {}): SourceFile[] {
  return FILES.map((f) => {
    let text = readFileSync(resolve(ROOT, `environments/${f}.yaml`), "utf8");
    for (const [from, to] of edits[f] ?? []) {
      if (!text.includes(from)) throw new Error(`environments/${f}.yaml has no ${from}`);
      text = text.replace(from, to);
    }
    return { path: `environments/${f}.yaml`, text };
  });
}

export function example(edits?: Record<string, [string, string][]>): { inputs: Inputs; truths: Truth[] } {
  const inputs = loadInputs(sources(edits));
  return { inputs, truths: render(inputs).truths };
}

export type Obj = Record<string, any>;

/** A copy of rendered truths whose objects a test may change, found by overlay, kind and name. */
export class Edit {
  readonly truths: Truth[];
  constructor(truths: readonly Truth[]) {
    this.truths = truths.map((t) => ({ ...t, objects: t.objects.map((r) => ({ ...r, object: structuredClone(r.object) })) }));
  }
  private truth(overlay: string): Truth {
    const t = this.truths.find((x) => `${x.cluster}/${x.environment}` === overlay);
    if (!t) throw new Error(`no overlay ${overlay}`);
    return t;
  }
  get(kind: string, name: string, overlay = "prod-use1-a/prod"): Obj {
    const r = this.truth(overlay).objects.find((x) => x.object.kind === kind && x.object.metadata.name === name);
    if (!r) throw new Error(`no ${kind} ${name} in ${overlay}`);
    return r.object as Obj;
  }
  remove(kind: string, name: string, overlay = "prod-use1-a/prod"): void {
    this.get(kind, name, overlay);
    const t = this.truth(overlay);
    t.objects = t.objects.filter((x) => !(x.object.kind === kind && x.object.metadata.name === name));
  }
  /** Adds an object as if the environment rendered it. */
  add(object: KubernetesObject, overlay = "prod-use1-a/prod"): void {
    const t = this.truth(overlay);
    const env = t.objects.find((x) => x.group === "environment" || x.group === "cluster")!;
    t.objects.push({ ...env, object });
  }
}
