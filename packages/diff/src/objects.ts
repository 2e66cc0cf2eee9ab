import { apiGroup, objectId, type KubernetesObject } from "@llm-gitops/core";
import { fieldChanges, type FieldChange } from "./fields.ts";

/** What one overlay (an environment on a cluster, or a cluster's platform objects) holds. */
export interface Overlay {
  cluster: string;
  environment: string;
  objects: readonly KubernetesObject[];
}

export interface ObjectChange {
  change: "added" | "removed" | "changed";
  group: string;
  kind: string;
  namespace: string;
  name: string;
  /** Field changes; empty for added and removed objects (their contents are in the render). */
  fields: FieldChange[];
}

export interface OverlayDiff {
  cluster: string;
  environment: string;
  /** New or gone as a whole overlay (a cluster or environment added or removed). */
  status: "added" | "removed" | "changed";
  changes: ObjectChange[];
}

export const overlayKey = (o: Pick<Overlay, "cluster" | "environment">) => `${o.cluster}/${o.environment}`;

const describe = (o: KubernetesObject, change: ObjectChange["change"], fields: FieldChange[]): ObjectChange => ({
  change,
  group: apiGroup(o.apiVersion),
  kind: o.kind,
  namespace: o.metadata.namespace ?? "",
  name: o.metadata.name,
  fields,
});

/** Objects matched by identity (group, kind, namespace, name): the version may change under them. */
export function diffObjects(before: readonly KubernetesObject[], after: readonly KubernetesObject[]): ObjectChange[] {
  const old = new Map(before.map((o) => [objectId(o), o]));
  const now = new Map(after.map((o) => [objectId(o), o]));
  const changes: ObjectChange[] = [];
  for (const [id, o] of old) if (!now.has(id)) changes.push(describe(o, "removed", []));
  for (const [id, o] of now) {
    const was = old.get(id);
    if (!was) changes.push(describe(o, "added", []));
    else {
      const fields = fieldChanges(was, o);
      if (fields.length) changes.push(describe(o, "changed", fields));
    }
  }
  const rank = { removed: 0, changed: 1, added: 2 };
  return changes.sort((a, b) => a.kind.localeCompare(b.kind) || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name) || rank[a.change] - rank[b.change]);
}

/** Every overlay of either side, paired by cluster and environment; unchanged overlays are left out. */
export function diffOverlays(base: readonly Overlay[], head: readonly Overlay[]): OverlayDiff[] {
  const old = new Map(base.map((o) => [overlayKey(o), o]));
  const now = new Map(head.map((o) => [overlayKey(o), o]));
  const keys = [...new Set([...old.keys(), ...now.keys()])].sort();
  return keys.flatMap((k) => {
    const [a, b] = [old.get(k), now.get(k)];
    const changes = diffObjects(a?.objects ?? [], b?.objects ?? []);
    if (!changes.length) return [];
    const { cluster, environment } = (a ?? b)!;
    return [{ cluster, environment, status: !a ? "added" : !b ? "removed" : "changed", changes } as OverlayDiff];
  });
}
