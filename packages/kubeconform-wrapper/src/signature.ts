/** What identifies a resource to kubeconform: kind, apiVersion (group/version) and name. */
export interface Signature {
  kind: string;
  apiVersion: string;
  group: string;
  version: string;
  name: string;
}

const str = (v: unknown) => (typeof v === "string" ? v : "");

export function signature(object: unknown): Signature {
  const o = (object && typeof object === "object" && !Array.isArray(object) ? object : {}) as Record<string, unknown>;
  const meta = (o.metadata && typeof o.metadata === "object" ? o.metadata : {}) as Record<string, unknown>;
  const apiVersion = str(o.apiVersion);
  const slash = apiVersion.lastIndexOf("/");
  return {
    kind: str(o.kind),
    apiVersion,
    group: slash < 0 ? "" : apiVersion.slice(0, slash),
    version: slash < 0 ? apiVersion : apiVersion.slice(slash + 1),
    name: str(meta.name) || str(meta.generateName),
  };
}

/** kubeconform's -skip/-reject match a kind or an apiVersion/Kind. */
export function matchesKind(sig: Signature, list: readonly string[]): boolean {
  return list.includes(sig.kind) || list.includes(`${sig.apiVersion}/${sig.kind}`);
}
