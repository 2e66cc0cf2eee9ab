import { posix } from "node:path";
import fastJsonPatch, { type Operation } from "fast-json-patch";
import { parseAllDocuments } from "yaml";
import { apiGroup, apiVersionOnly, cloneJson, fastParser, OUTSIDE, type KubernetesObject } from "@llm-gitops/core";
import { mapContainerImages, parseImageRef } from "./images.ts";
import type { Kustomization, PatchTarget } from "./kustomization.ts";

/** YAML 1.2's core schema, as parseAllDocuments reads by default. */
const parseFast = fastParser();

/**
 * Builds an overlay of a committed tree in memory, for comparing what is deployed with a fresh
 * render (`check`'s transition gates) without kubectl. It understands what `layout` writes —
 * resources (files and base directories), JSON 6902 patches with exact targets, `images:` and the
 * NamespaceTransformer — and refuses anything else rather than guess. A test holds it equal to
 * `kubectl kustomize` over every committed overlay. `images:` and the NamespaceTransformer appear
 * only in trees of the older shared-bases layout, which a deployed branch may still hold.
 */
export function buildOverlay(files: ReadonlyMap<string, string>, dir: string): KubernetesObject[] {
  return build(files, posix.normalize(dir), new Set());
}

export class UnsupportedKustomization extends Error {}

const KNOWN_KEYS = new Set(["apiVersion", "kind", "resources", "patches", "images", "transformers"]);

function build(files: ReadonlyMap<string, string>, dir: string, seen: Set<string>): KubernetesObject[] {
  if (seen.has(dir)) throw new UnsupportedKustomization(`${dir}: a kustomization includes itself`);
  seen.add(dir);
  const k = documents(files, `${dir}/kustomization.yaml`)[0] as Partial<Kustomization> | undefined;
  if (!k) throw new UnsupportedKustomization(`${dir}/kustomization.yaml: missing`);
  const unknown = Object.keys(k).filter((key) => !KNOWN_KEYS.has(key));
  if (unknown.length) throw new UnsupportedKustomization(`${dir}/kustomization.yaml: fields ${unknown.join(", ")} are not ours`);
  const objects: KubernetesObject[] = [];
  for (const r of k.resources ?? []) {
    const path = inside(dir, r);
    if (files.has(`${path}/kustomization.yaml`)) objects.push(...build(files, path, seen));
    else objects.push(...(documents(files, path) as KubernetesObject[]));
  }
  for (const p of k.patches ?? []) {
    const ops = documents(files, inside(dir, p.path))[0] as Operation[];
    const matches = objects.filter((o) => targets(p.target, o));
    if (matches.length !== 1) throw new UnsupportedKustomization(`${dir}: patch ${p.path} matches ${matches.length} objects`);
    const i = objects.indexOf(matches[0]!);
    objects[i] = fastJsonPatch.applyPatch(cloneJson(matches[0]!), ops, true, false).newDocument;
  }
  for (const image of k.images ?? []) {
    for (const o of objects) {
      mapContainerImages(o, (ref) => {
        if (parseImageRef(ref).name !== image.name) return ref;
        return "digest" in image ? `${image.name}@${image.digest}` : `${image.name}:${image.newTag}`;
      });
    }
  }
  for (const t of k.transformers ?? []) {
    const spec = documents(files, inside(dir, t))[0] as { kind?: string; unsetOnly?: boolean; metadata?: { namespace?: string } };
    if (spec?.kind !== "NamespaceTransformer" || !spec.unsetOnly || !spec.metadata?.namespace) {
      throw new UnsupportedKustomization(`${dir}/${t}: only our NamespaceTransformer (unsetOnly) is understood`);
    }
    for (const o of objects) if (!o.metadata.namespace && !CLUSTER_SCOPED.has(o.kind)) o.metadata.namespace = spec.metadata.namespace;
  }
  return objects;
}

/** Kinds kustomize knows to be cluster-scoped among those we render. */
const CLUSTER_SCOPED = new Set(["Namespace", "PriorityClass", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "StorageClass"]);

function targets(t: PatchTarget, o: KubernetesObject): boolean {
  return (
    (t.group ?? "") === apiGroup(o.apiVersion) &&
    t.version === apiVersionOnly(o.apiVersion) &&
    t.kind === o.kind &&
    t.name.replace(/\\\./g, ".") === o.metadata.name &&
    (t.namespace === undefined || t.namespace === o.metadata.namespace)
  );
}

/** A path relative to a kustomization, which must stay inside the tree. */
function inside(dir: string, rel: string): string {
  const path = posix.normalize(posix.join(dir, rel));
  if (posix.isAbsolute(rel) || !path.startsWith("clusters/")) throw new UnsupportedKustomization(`${dir}: ${rel} leaves clusters/`);
  return path.replace(/\/$/, "");
}

function documents(files: ReadonlyMap<string, string>, path: string): unknown[] {
  const text = files.get(path);
  if (text === undefined) throw new UnsupportedKustomization(`${path}: missing`);
  // Our own files are one plain block document each: read fast, with the full parser's meaning.
  const fast = parseFast(text);
  if (fast !== OUTSIDE) return [fast];
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) return [];
  return docs
    .map((d) => {
      if (d.errors.length) throw new UnsupportedKustomization(`${path}: not valid YAML`);
      return d.toJS({ maxAliasCount: 100 }) as unknown;
    })
    .filter((v) => v !== null && v !== undefined);
}
