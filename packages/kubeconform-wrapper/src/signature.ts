import { quote } from "./excerpt.ts";

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
    // As kubeconform names it (pkg/resource/resource.go, SignatureFromMap): a generateName wins.
    name: typeof meta.generateName === "string" ? `${meta.generateName}{{ generateName }}` : str(meta.name),
  };
}

// Kubernetes' grammar (apiextensions' CRD name validation): a kind is a DNS-1035 label once
// lowercased; an apiVersion is a version label, optionally after a DNS-1123 subdomain group.
const KIND = /^[A-Za-z]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?$/;
const LABEL = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";
const GROUP = new RegExp(`^${LABEL}(\\.${LABEL})*$`);
const VERSION = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Why kind or apiVersion cannot name a schema, if so. Both become path segments and URL parts
 * (schema locations, the mirror, kubernetes-models): `kind: ../../x` must never reach one.
 */
export function signatureProblem(sig: Signature): { pointer: string; message: string } | undefined {
  if (!KIND.test(sig.kind)) {
    return { pointer: "/kind", message: `kind ${quote(sig.kind)} is not a Kubernetes kind: letters, digits and '-', starting with a letter (e.g. Deployment)` };
  }
  const groupOk = !sig.apiVersion.includes("/") || (sig.group.length <= 253 && GROUP.test(sig.group));
  if (!groupOk || !VERSION.test(sig.version)) {
    return { pointer: "/apiVersion", message: `apiVersion ${quote(sig.apiVersion)} is not a Kubernetes apiVersion: a version (v1) or group/version (apps/v1), in lowercase letters, digits, '-' and '.'` };
  }
  return undefined;
}

/** kubeconform's -skip/-reject match a kind or an apiVersion/Kind. */
export function matchesKind(sig: Signature, list: readonly string[]): boolean {
  return list.includes(sig.kind) || list.includes(`${sig.apiVersion}/${sig.kind}`);
}
