/** Parsing of image references and the container image fields kustomize's `images:` rewrites. */

export interface ImageRef {
  /** Everything before the tag or digest: registry, port and path. */
  name: string;
  tag?: string;
  digest?: string;
}

export function parseImageRef(ref: string): ImageRef {
  const at = ref.indexOf("@");
  const digest = at >= 0 ? ref.slice(at + 1) : undefined;
  const rest = at >= 0 ? ref.slice(0, at) : ref;
  const colon = rest.lastIndexOf(":");
  // A colon before the last slash belongs to a registry port, not a tag.
  const tag = colon > rest.lastIndexOf("/") ? rest.slice(colon + 1) : undefined;
  const name = tag !== undefined ? rest.slice(0, colon) : rest;
  return { name, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Visits every item of a `containers` or `initContainers` list anywhere in the object that has
 * an `image`: exactly the fields kustomize's image transformer rewrites.
 */
function visitContainers(value: unknown, fn: (container: Record<string, unknown> & { image: string }) => void): void {
  if (Array.isArray(value)) {
    for (const v of value) visitContainers(v, fn);
    return;
  }
  if (!isRecord(value)) return;
  for (const [key, v] of Object.entries(value)) {
    if ((key === "containers" || key === "initContainers") && Array.isArray(v)) {
      for (const c of v) if (isRecord(c) && typeof c.image === "string") fn(c as Record<string, unknown> & { image: string });
    }
    visitContainers(v, fn);
  }
}

/** Replaces every container image in place. */
export function mapContainerImages(value: unknown, fn: (image: string) => string): void {
  visitContainers(value, (c) => {
    c.image = fn(c.image);
  });
}

/** Every container image, without touching the object. */
export function containerImages(value: unknown): string[] {
  const out: string[] = [];
  visitContainers(value, (c) => out.push(c.image));
  return out;
}
