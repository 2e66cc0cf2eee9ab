import { posix } from "node:path";
import fastJsonPatch from "fast-json-patch";
import { canonicalJson, canonicalize, cloneJson, objectFileName, objectId, sortObjects, toYaml, type KubernetesObject } from "@llm-gitops/core";
import { GENERATED_HEADER, type OutputFile } from "./files.ts";
import { containerImages, mapContainerImages, parseImageRef } from "./images.ts";
import { kustomization, namespaceTransformer, patchTarget, type Kustomization } from "./kustomization.ts";

/** One overlay: the objects `kubectl kustomize <dir>` must produce, each tagged with its base group. */
export interface OverlaySpec {
  dir: string;
  namespace: string;
  objects: readonly { object: KubernetesObject; group: string }[];
}

const yamlFile = (path: string, value: unknown): OutputFile => ({ path, content: toYaml(value, GENERATED_HEADER) });

/** Image names with exactly one tag-or-digest reference in the overlay: those `images:` can set. */
function settableImages(spec: OverlaySpec): Map<string, { name: string; newTag: string } | { name: string; digest: string }> {
  const refs = new Map<string, Set<string>>();
  for (const { object } of spec.objects) {
    for (const image of containerImages(object)) {
      const name = parseImageRef(image).name;
      refs.set(name, (refs.get(name) ?? new Set()).add(image));
    }
  }
  const out = new Map<string, { name: string; newTag: string } | { name: string; digest: string }>();
  for (const [name, set] of refs) {
    if (set.size !== 1) continue;
    const ref = parseImageRef([...set][0]!);
    if (ref.tag !== undefined && ref.digest === undefined) out.set(name, { name, newTag: ref.tag });
    if (ref.digest !== undefined && ref.tag === undefined) out.set(name, { name, digest: ref.digest });
  }
  return out;
}

/** The object as a base holds it: no environment namespace, no settable image version. */
function baseForm(object: KubernetesObject, spec: OverlaySpec, images: ReadonlyMap<string, unknown>): KubernetesObject {
  const o = cloneJson(object);
  if (o.metadata.namespace === spec.namespace) delete o.metadata.namespace;
  mapContainerImages(o, (image) => {
    const { name } = parseImageRef(image);
    return images.has(name) ? name : image;
  });
  return o;
}

/** The most common form; ties go to the smallest canonical text, so the choice is stable. */
function mostCommon(forms: readonly KubernetesObject[]): KubernetesObject {
  const counts = new Map<string, { n: number; form: KubernetesObject }>();
  for (const f of forms) {
    const key = canonicalJson(f);
    const entry = counts.get(key) ?? { n: 0, form: f };
    entry.n++;
    counts.set(key, entry);
  }
  const ranked = [...counts.entries()].sort(([ka, a], [kb, b]) => b.n - a.n || (ka < kb ? -1 : 1));
  return ranked[0]![1].form;
}

/**
 * Splits overlays into shared bases (clusters/base/<group>) and per-overlay kustomizations whose
 * build reproduces each overlay's objects exactly. An object goes into its group's base when every
 * overlay that has the group has it; differences become JSON6902 patches and `images:` entries.
 */
export function layout(overlays: readonly OverlaySpec[], baseRoot = "clusters/base"): OutputFile[] {
  const files: OutputFile[] = [];
  const prepared = overlays.map((spec) => {
    const images = settableImages(spec);
    const forms = spec.objects.map(({ object, group }) => ({ group, object, form: baseForm(object, spec, images) }));
    return { spec, images, forms };
  });

  // group → the base forms each overlay holding the group has of it, by object id.
  const byGroup = new Map<string, Map<string, KubernetesObject>[]>();
  for (const p of prepared) {
    const mine = new Map<string, Map<string, KubernetesObject>>();
    for (const f of p.forms) {
      if (!mine.has(f.group)) mine.set(f.group, new Map());
      mine.get(f.group)!.set(objectId(f.form), f.form);
    }
    for (const [group, ids] of mine) byGroup.set(group, [...(byGroup.get(group) ?? []), ids]);
  }

  // group → id → base object, for groups shared by two or more overlays.
  const bases = new Map<string, Map<string, KubernetesObject>>();
  for (const group of [...byGroup.keys()].sort()) {
    const idSets = byGroup.get(group)!;
    if (idSets.length < 2) continue;
    const common = [...idSets[0]!.keys()].filter((id) => idSets.every((s) => s.has(id)));
    if (common.length === 0) continue;
    const base = new Map(common.map((id) => [id, mostCommon(idSets.map((s) => s.get(id)!))]));
    bases.set(group, base);
    const dir = `${baseRoot}/${group}`;
    const objects = sortObjects([...base.values()]);
    for (const o of objects) files.push(yamlFile(`${dir}/${objectFileName(o)}`, o));
    files.push(yamlFile(`${dir}/kustomization.yaml`, kustomization({ resources: objects.map(objectFileName) })));
  }

  for (const { spec, images, forms } of prepared) {
    const usedBases = new Set<string>();
    const local: { object: KubernetesObject; file: string }[] = [];
    const patches: NonNullable<Kustomization["patches"]> = [];
    for (const f of forms) {
      const baseObject = bases.get(f.group)?.get(objectId(f.form));
      if (!baseObject) {
        // Named like its base form: the overlay's own namespace adds nothing to the file name.
        local.push({ object: f.object, file: `resources/${objectFileName(f.form)}` });
        continue;
      }
      usedBases.add(f.group);
      const ops = fastJsonPatch.compare(canonicalize(baseObject), canonicalize(f.form));
      if (ops.length === 0) continue;
      const path = `patches/${objectFileName(baseObject)}`;
      files.push(yamlFile(`${spec.dir}/${path}`, ops));
      patches.push({ path, target: patchTarget(baseObject) });
    }
    const localFile = new Map(local.map((l) => [l.object, l.file]));
    const resources = [
      ...[...usedBases].sort().map((g) => posix.relative(spec.dir, `${baseRoot}/${g}`)),
      ...sortObjects(local.map((l) => l.object)).map((o) => localFile.get(o)!),
    ];
    for (const l of local) files.push(yamlFile(`${spec.dir}/${l.file}`, l.object));
    // Base objects come without the overlay's namespace; an overlay whose objects all name their
    // own namespace (a cluster's platform overlay) needs no transformer.
    const transformers = usedBases.size && spec.namespace ? ["namespace-transformer.yaml"] : [];
    if (transformers.length) files.push(yamlFile(`${spec.dir}/namespace-transformer.yaml`, namespaceTransformer(spec.namespace)));
    const imageList = [...images.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
    files.push(
      yamlFile(
        `${spec.dir}/kustomization.yaml`,
        kustomization({
          resources,
          ...(transformers.length ? { transformers } : {}),
          ...(imageList.length ? { images: imageList } : {}),
          ...(patches.length ? { patches } : {}),
        }),
      ),
    );
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
