import { posix } from "node:path";
import { objectFileName, objectId, sortObjects, toYaml, type KubernetesObject } from "@llm-gitops/core";
import { canonicalizer, patchFromShared, sharedForm, type Canon } from "./common.ts";
import { GENERATED_HEADER, type OutputFile } from "./files.ts";
import { kustomization, patchTarget, type Kustomization } from "./kustomization.ts";

/** One overlay: the objects `kubectl kustomize <dir>` must produce. */
export interface OverlaySpec {
  /** `clusters/<cluster>/<environment>` or `clusters/<cluster>/platform`. */
  dir: string;
  /**
   * The environment whose base (`clusters/base/<base>`) the overlay builds on. None for a
   * cluster's platform overlay: cluster-wide objects are never shared, so an edit to one cluster
   * in platform.yaml touches only that cluster's files.
   */
  base?: string;
  /** The overlay's own namespace, left out of its objects' file names (they all carry it). */
  namespace: string;
  objects: readonly { object: KubernetesObject }[];
}

const yamlFile = (path: string, value: unknown): OutputFile => ({ path, content: toYaml(value, GENERATED_HEADER) });

/** `<kind>-<name>.yaml`, with the namespace only when it is not the overlay's own. */
function fileName(o: KubernetesObject, namespace: string): string {
  const ns = o.metadata.namespace === namespace ? undefined : o.metadata.namespace;
  return objectFileName({ ...o, metadata: { ...o.metadata, namespace: ns } });
}

/**
 * Lays the overlays out by environment, so that a change stays where it belongs and reviewers and
 * CODEOWNERS can own an environment's paths:
 *
 * - `clusters/base/<env>/` holds each object every cluster of the environment renders, in the
 *   form they all share. Every environment gets one, even on a single cluster (one rule; and
 *   adding a second cluster then moves only what differs, not every file). Bases never span
 *   environments: sharing by coincidence churned other environments' files on every edit.
 * - `clusters/<cluster>/<env>/` is that base, plus JSON 6902 patches adding the values particular
 *   to the cluster (see `sharedForm`), plus full copies in `resources/` of objects not on every
 *   cluster of the environment (a deployment placed on a subset).
 * - `clusters/<cluster>/platform/` holds the cluster-wide objects in `resources/`, no base.
 *
 * Objects keep their namespace and image references as rendered: a base serves one environment,
 * so no NamespaceTransformer or `images:` is needed, and every file reads as what is applied.
 */
export function layout(overlays: readonly OverlaySpec[], baseRoot = "clusters/base"): OutputFile[] {
  const files: OutputFile[] = [];
  const byBase = new Map<string, OverlaySpec[]>();
  for (const spec of overlays) {
    if (spec.base === undefined) files.push(...overlayFiles(spec, new Map()));
    else byBase.set(spec.base, [...(byBase.get(spec.base) ?? []), spec]);
  }
  for (const [base, members] of byBase) {
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(base)) throw new Error(`base "${base}" is not a DNS-1123 label (a bug: environment names are)`);
    const namespaces = new Set(members.map((m) => m.namespace));
    if (namespaces.size !== 1) throw new Error(`overlays of base "${base}" disagree on the namespace (a bug: an environment has one)`);
    const dir = `${baseRoot}/${base}`;
    const canon = canonicalizer();
    const shared = sharedObjects(members, canon);
    const objects = sortObjects([...shared.values()]);
    if (objects.length) {
      const names = objects.map((o) => fileName(o, members[0]!.namespace));
      objects.forEach((o, i) => files.push(yamlFile(`${dir}/${names[i]}`, o)));
      files.push(yamlFile(`${dir}/kustomization.yaml`, kustomization({ resources: names })));
    }
    for (const spec of members) files.push(...overlayFiles(spec, shared, dir, canon));
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Object id → shared form, for the objects every member overlay has (and whose identity agrees). */
function sharedObjects(members: readonly OverlaySpec[], canon: Canon): Map<string, KubernetesObject> {
  const byId = members.map((m) => new Map(m.objects.map(({ object }) => [objectId(object), object])));
  const shared = new Map<string, KubernetesObject>();
  for (const id of [...byId[0]!.keys()].sort()) {
    if (!byId.every((m) => m.has(id))) continue;
    const form = sharedForm(byId.map((m) => m.get(id)!), canon);
    if (form) shared.set(id, form);
  }
  return shared;
}

function overlayFiles(spec: OverlaySpec, shared: ReadonlyMap<string, KubernetesObject>, baseDir?: string, canon?: Canon): OutputFile[] {
  const files: OutputFile[] = [];
  const local: KubernetesObject[] = [];
  const patches: NonNullable<Kustomization["patches"]> = [];
  for (const object of sortObjects(spec.objects.map((o) => o.object))) {
    const base = shared.get(objectId(object));
    if (!base) {
      local.push(object);
      continue;
    }
    const ops = patchFromShared(base, object, canon);
    if (ops.length === 0) continue;
    const path = `patches/${fileName(object, spec.namespace)}`;
    files.push(yamlFile(`${spec.dir}/${path}`, ops));
    patches.push({ path, target: patchTarget(base) });
  }
  const localPaths = local.map((o) => `resources/${fileName(o, spec.namespace)}`);
  local.forEach((o, i) => files.push(yamlFile(`${spec.dir}/${localPaths[i]}`, o)));
  const resources = [...(baseDir && shared.size ? [posix.relative(spec.dir, baseDir)] : []), ...localPaths];
  files.push(yamlFile(`${spec.dir}/kustomization.yaml`, kustomization({ resources, ...(patches.length ? { patches } : {}) })));
  return files;
}
