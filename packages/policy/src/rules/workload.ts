import { containers, podSpecs } from "../pods.ts";
import type { Obj, Rule, Violation } from "../rule.ts";

/** One violation per container that breaks `bad`, in the words of `fix`. */
const perContainer = (o: Obj, init: boolean, bad: (c: Obj, pod: Obj) => string | undefined, field?: string[]): Violation[] =>
  podSpecs(o).flatMap(({ path, spec }) =>
    containers(spec, init).flatMap((c) => {
      const why = bad(c, spec);
      return why ? [{ message: `${path} container "${c.name}" ${why}`, ...(field ? { field } : {}) }] : [];
    }),
  );

export const nonRoot: Rule = {
  id: "non-root",
  title: "containers run as a non-root user, unprivileged, without privilege escalation",
  check: (o) =>
    perContainer(o, true, (c, pod) => {
      const sc = c.securityContext ?? {};
      const nonRoot = (sc.runAsNonRoot ?? pod.securityContext?.runAsNonRoot) === true || (sc.runAsUser ?? pod.securityContext?.runAsUser ?? 0) > 0;
      if (sc.privileged === true) return "is privileged: remove securityContext.privileged";
      if (!nonRoot) return "may run as root: set runAsNonRoot: true (and a non-zero runAsUser) in its or the pod's securityContext";
      // A privileged container or CAP_SYS_ADMIN escalates anyway; unset defaults to allowed.
      if (sc.allowPrivilegeEscalation !== false) return "may escalate privileges: set securityContext.allowPrivilegeEscalation: false";
      return undefined;
    }),
};

export const readOnlyRoot: Rule = {
  id: "read-only-root-filesystem",
  title: "containers have a read-only root filesystem",
  check: (o) =>
    perContainer(o, true, (c) =>
      c.securityContext?.readOnlyRootFilesystem === true ? undefined : "has a writable root filesystem: set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where it writes",
    ),
};

const RESOURCES = ["cpu", "memory", "ephemeral-storage"] as const;

export const resources: Rule = {
  id: "resources",
  title: "containers set requests and limits of cpu, memory and ephemeral-storage",
  check: (o) =>
    perContainer(
      o,
      true,
      (c) => {
        // KServe's webhook fills a missing request or limit from its defaults (cpu 1, memory 2Gi):
        // a request above that default limit is then rejected (DOMAIN B2).
        const missing = RESOURCES.flatMap((r) => [...(c.resources?.requests?.[r] === undefined ? [`requests.${r}`] : []), ...(c.resources?.limits?.[r] === undefined ? [`limits.${r}`] : [])]);
        return missing.length ? `sets no ${missing.join(", ")}: set resources (cpu, memory, ephemeralStorage) on the deployment or its GPU profile` : undefined;
      },
      ["resources"],
    ),
};

export const probes: Rule = {
  id: "probes",
  title: "serving containers have readiness and liveness probes",
  check: (o) =>
    perContainer(o, false, (c) => {
      const missing = ["readinessProbe", "livenessProbe"].filter((p) => !c[p]);
      return missing.length ? `has no ${missing.join(" or ")}: add them (vLLM answers GET /health; use a startupProbe for the model load)` : undefined;
    }),
};

/** `repo/name:tag@sha256:…` → its tag and digest (a port in the registry host is not a tag). */
export function imageRef(image: string): { tag?: string; digest?: string } {
  const at = image.indexOf("@");
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const name = at >= 0 ? image.slice(0, at) : image;
  const colon = name.lastIndexOf(":");
  const tag = colon > name.lastIndexOf("/") ? name.slice(colon + 1) : undefined;
  return { ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

export const imagePinned: Rule = {
  id: "image-pinned",
  title: "images are pinned by tag or digest, never :latest",
  check: (o) =>
    perContainer(
      o,
      true,
      (c) => {
        const { tag, digest } = imageRef(String(c.image ?? ""));
        if (digest) return undefined;
        if (!tag) return "has an image without tag or digest (that is :latest): set image.tag or image.digest";
        return tag === "latest" ? "runs :latest, which moves under a running deployment: set a versioned image.tag or image.digest" : undefined;
      },
      ["image"],
    ),
};

export const imageDigest: Rule = {
  id: "image-digest-in-production",
  title: "production images are pinned by digest",
  check: (o, ctx) =>
    ctx.production
      ? perContainer(o, true, (c) => (imageRef(String(c.image ?? "")).digest ? undefined : "is not pinned by digest in a production environment: replace image.tag with image.digest (sha256:…)"), ["image"])
      : [],
};
