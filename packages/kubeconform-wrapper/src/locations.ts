import type { Signature } from "./signature.ts";

/** kubeconform's `default` schema location. */
export const DEFAULT_LOCATION =
  "https://raw.githubusercontent.com/yannh/kubernetes-json-schema/master/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json";

/** The common CRD catalog location, for `-schema-location catalog`. */
export const CATALOG_LOCATION = "https://raw.githubusercontent.com/datreeio/CRDs-catalog/main/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json";

/** Upstream hosts and the directory of a mirror that replicates each (see ../shared/crds). */
export const MIRROR_PREFIXES: readonly [string, string][] = [
  ["https://raw.githubusercontent.com/yannh/kubernetes-json-schema/master/", "kubernetes/"],
  ["https://raw.githubusercontent.com/datreeio/CRDs-catalog/main/", "catalog/"],
  ["https://json.schemastore.org/", "schemastore/"],
];

export const KUSTOMIZATION_SCHEMA = "https://json.schemastore.org/kustomization.json";

/** As kubeconform: a location that does not end in "json" is a directory in kubernetes-json-schema layout. */
export function normalizeLocation(location: string): string {
  if (location === "default") return DEFAULT_LOCATION;
  if (location === "catalog") return CATALOG_LOCATION;
  if (/\.ya?ml$/.test(location) || location.endsWith("json")) return location;
  return `${location.replace(/\/$/, "")}/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json`;
}

/** Expands kubeconform's Go-template fields for one resource. */
export function expandLocation(template: string, sig: Signature, kubernetesVersion: string, strict: boolean): string {
  const groupParts = sig.apiVersion.split("/");
  const firstGroupLabel = groupParts[0]!.split(".")[0]!.toLowerCase();
  const fields: Record<string, string> = {
    NormalizedKubernetesVersion: kubernetesVersion === "master" ? "master" : `v${kubernetesVersion.replace(/^v/, "")}`,
    StrictSuffix: strict ? "-strict" : "",
    ResourceKind: sig.kind.toLowerCase(),
    ResourceAPIVersion: groupParts[groupParts.length - 1]!,
    Group: sig.group,
    KindSuffix: `-${firstGroupLabel}${groupParts.length > 1 ? `-${groupParts[1]!.toLowerCase()}` : ""}`,
  };
  return template.replace(/\{\{\s*\.(\w+)\s*\}\}/g, (m, name: string) => {
    const v = fields[name];
    if (v === undefined) throw new Error(`unknown template field ${m} in schema location ${template}`);
    return v;
  });
}

/**
 * The mirror path of an upstream URL: the directory replicating its host, else the mirror's
 * `urls/<host>/<path>` tree, which holds any other upstream file by its URL (../shared/crds/urls).
 */
export function mirrorPath(url: string, mirror: string | undefined): string | undefined {
  if (!mirror) return undefined;
  const root = mirror.replace(/\/$/, "");
  for (const [prefix, dir] of MIRROR_PREFIXES) {
    if (url.startsWith(prefix)) return `${root}/${dir}${url.slice(prefix.length)}`;
  }
  const m = /^https:\/\/([a-z0-9.-]+)\/(.*)$/.exec(url);
  if (!m || m[2]!.split("/").some((seg) => seg === ".." || seg === "")) return undefined;
  return `${root}/urls/${m[1]}/${m[2]}`;
}
