import type { ObjectMeta } from "kubernetes-types/meta/v1";

/** Any Kubernetes object we emit: core kinds from kubernetes-types, CRDs from small interfaces. */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta & { name: string };
}

/** The API group of an apiVersion ("" for the core group). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? "" : apiVersion.slice(0, slash);
}

export function apiVersionOnly(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
}

/** A stable identity: group/kind/namespace/name (the version is not part of identity). */
export function objectId(o: KubernetesObject): string {
  return `${apiGroup(o.apiVersion)}/${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`;
}

/** Deep copy of plain JSON data (objects we render never hold functions, dates or cycles). */
export function cloneJson<T>(value: T): T {
  return structuredClone(value);
}

/** A kubernetes-types kind with the fields we always set made required. */
export type Typed<T> = T & KubernetesObject;

/** A JSON object (not an array, not null): what a parsed document or record must be before its fields are read. */
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
