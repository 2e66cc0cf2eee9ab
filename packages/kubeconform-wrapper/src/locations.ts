import { existsSync } from "node:fs";
import { resolve, sep } from "node:path";
import { quote } from "./excerpt.ts";
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
    // Callers refuse such kinds and apiVersions first (signatureProblem); this is the last guard
    // before a value becomes part of a path or URL: one plain segment, nothing a resolver rewrites.
    if (!PLAIN_FIELD.test(v) || v.includes("..")) throw new Error(`refusing to build a schema location from ${name} ${quote(v)}`);
    return v;
  });
}

const PLAIN_FIELD = /^[A-Za-z0-9.-]*$/;

/**
 * The file of an upstream `https://<host>/<path>` URL in a directory laid out by URL
 * (`<root>/<host>/<path>`: the schema cache, ../shared/crds/urls). Undefined when the URL cannot
 * name a file inside the directory: a dot segment (also percent-encoded, as URL parsers decode
 * it), an encoded separator, a backslash, a query or fragment, a port or a host that is not a
 * plain DNS name. (An empty segment is harmless: the catalog's URL of a core kind has one, and is
 * simply not found.)
 */
export function urlPath(url: string, root: string): string | undefined {
  const m = /^https:\/\/([^/]*)\/(.*)$/s.exec(url);
  if (!m || !HOST.test(m[1]!)) return undefined;
  return inside(root.replace(/\/$/, ""), `${m[1]}/${m[2]}`);
}

/**
 * The mirror path of an upstream URL. A mirror laid out by URL (it has a directory for the URL's
 * host) maps every URL by urlPath; else it is read in ../shared/crds's own layout: the directory
 * replicating a known host, else `urls/<host>/<path>`. Undefined as for urlPath.
 */
export function mirrorPath(url: string, mirror: string | undefined): string | undefined {
  if (!mirror) return undefined;
  const root = mirror.replace(/\/$/, "");
  const host = /^https:\/\/([^/]*)\//.exec(url)?.[1];
  if (host && HOST.test(host) && existsSync(`${root}/${host}`)) return urlPath(url, root);
  const hit = MIRROR_PREFIXES.find(([prefix]) => url.startsWith(prefix));
  const m = hit ? undefined : /^https:\/\/([^/]*)\/(.*)$/s.exec(url);
  if (!hit && (!m || !HOST.test(m[1]!))) return undefined;
  return inside(root, hit ? `${hit[1]}${url.slice(hit[0].length)}` : `urls/${m![1]}/${m![2]}`);
}

/** `<root>/<rel>` when every segment of rel is a plain file name, so the path stays under root. */
function inside(root: string, rel: string): string | undefined {
  if (!rel.split("/").every((seg) => SEGMENT.test(seg) && !/^(\.|%2e)+$/i.test(seg))) return undefined;
  const path = resolve(root, rel);
  return path.startsWith(`${resolve(root)}${sep}`) ? `${root}/${rel}` : undefined;
}

const HOST = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
// A file name: no separators (also encoded), no query or fragment, no NUL or other control.
const SEGMENT = /^(?!.*%(2f|5c|00))[^/\\?#\u0000-\u001f]*$/i;
