import { objectsOf, type Obj, type Rule, type RuleContext } from "../rule.ts";

/** Objects of a kind in exactly this namespace; none for a namespace-less object's lookups but namespace-less ones. */
const inNamespace = (ctx: RuleContext, kind: string, namespace: string | undefined): readonly Obj[] =>
  namespace === undefined ? objectsOf(ctx, kind).filter((x) => x.metadata.namespace === undefined) : objectsOf(ctx, kind, namespace);

export const secretData: Rule = {
  id: "secret-data",
  title: "no Secret carries data in git",
  check: (o) => {
    const keys = [...Object.keys(o.data ?? {}), ...Object.keys(o.stringData ?? {})];
    // clusters/ is committed and synced: anything here is readable by everyone with the repository.
    return keys.length ? [{ message: `holds ${keys.length} key${keys.length === 1 ? "" : "s"} in clusters/: create the Secret out of band (External Secrets, Sealed Secrets) and reference it by name` }] : [];
  },
};

/** Kong plugins that identify the caller (KIC 3.x / Kong 3.9 plugin names). */
const AUTH = new Set(["key-auth", "key-auth-enc", "jwt", "basic-auth", "hmac-auth", "oauth2", "oauth2-introspection", "openid-connect", "mtls-auth", "ldap-auth", "ldap-auth-advanced"]);
const RATE_LIMIT = new Set(["rate-limiting", "rate-limiting-advanced", "ai-rate-limiting-advanced"]);
const PLUGINS = "konghq.com/plugins";

/** Backends of a route: an Ingress's service backends, an HTTPRoute's backendRefs. A redirect-only route has none. */
function backends(o: Obj): string[] {
  if (o.kind === "Ingress") return [o.spec?.defaultBackend, ...(o.spec?.rules ?? []).flatMap((r: Obj) => (r.http?.paths ?? []).map((p: Obj) => p.backend))].flatMap((b: Obj | undefined) => (b?.service?.name ? [b.service.name] : []));
  return (o.spec?.rules ?? []).flatMap((r: Obj) => r.backendRefs ?? []).filter((b: Obj) => (b.kind ?? "Service") === "Service").map((b: Obj) => String(b.name));
}

/** The Kong plugins applied to a route: its own and its backend Services' (KIC attaches both). */
function plugins(o: Obj, ctx: RuleContext): Set<string> {
  const ns = o.metadata.namespace;
  const wanted = new Set(backends(o));
  const services = inNamespace(ctx, "Service", ns).filter((s) => wanted.has(s.metadata.name));
  const names = [o, ...services].flatMap((x) => String(x.metadata?.annotations?.[PLUGINS] ?? "").split(",").map((s) => s.trim()).filter(Boolean));
  const defined = [...inNamespace(ctx, "KongPlugin", ns), ...objectsOf(ctx, "KongClusterPlugin")];
  return new Set(names.flatMap((n) => defined.filter((p) => p.metadata.name === n).map((p) => String(p.plugin))));
}

/**
 * Hosts a route serves: an Ingress's rule hosts, an HTTPRoute's hostnames; "*" when it matches any:
 * an HTTPRoute with empty or absent hostnames (Gateway API HTTPRouteSpec.hostnames), an Ingress rule
 * without host or an Ingress defaultBackend.
 */
function hosts(o: Obj): string[] {
  const hs: (string | undefined)[] =
    o.kind === "Ingress"
      ? [...(o.spec?.rules ?? []).map((r: Obj) => r.host), ...(o.spec?.defaultBackend ? [undefined] : [])]
      : o.spec?.hostnames?.length
        ? o.spec.hostnames
        : [undefined];
  return [...new Set(hs.map((h) => h ?? "*"))];
}
/** Hosts only the cluster resolves; every other route is reachable from outside. */
const isPublic = (o: Obj) => hosts(o).some((h) => !/\.(svc|svc\.cluster\.local|cluster\.local)$/.test(h));

export const routeAuthentication: Rule = {
  id: "route-authentication",
  title: "every route authenticates its callers",
  check: (o, ctx) => {
    if (!backends(o).length) return [];
    const found = [...plugins(o, ctx)].some((p) => AUTH.has(p));
    return found ? [] : [{ message: `forwards to ${backends(o)[0]} without an authentication plugin: set the environment's gateway.authentication (key-auth or jwt) so the route carries it` }];
  },
};

export const routeRateLimit: Rule = {
  id: "route-rate-limit",
  title: "every public route is rate-limited",
  check: (o, ctx) => {
    if (!backends(o).length || !isPublic(o)) return [];
    const found = [...plugins(o, ctx)].some((p) => RATE_LIMIT.has(p));
    return found ? [] : [{ message: `serves ${hosts(o).join(", ")} with no rate-limiting plugin: give the environment's gateway tiers and a defaultTier` }];
  },
};

const covers = (pattern: string, host: string) => pattern === host || (pattern.startsWith("*.") && host.endsWith(pattern.slice(1)) && !host.slice(0, -pattern.length + 1).includes("."));

/**
 * Does an HTTPRoute parent listener terminate TLS? Only an HTTPS listener does: KIC skips other
 * listeners (TLS passthrough among them) and falls back to Kong's default http and https (KIC v3.5.13
 * internal/dataplane/translator/subtranslator/httproute.go:811-840). Unknown Gateways (not rendered here) count as not.
 */
function parentsTls(o: Obj, ctx: RuleContext): boolean {
  const refs: Obj[] = o.spec?.parentRefs ?? [];
  return refs.length > 0 && refs.every((ref) => {
    const gw = inNamespace(ctx, "Gateway", ref.namespace ?? o.metadata.namespace).find((g) => g.metadata.name === ref.name);
    const listeners: Obj[] = (gw?.spec?.listeners ?? []).filter((l: Obj) => ref.sectionName === undefined || l.name === ref.sectionName);
    return listeners.length > 0 && listeners.every((l) => l.protocol === "HTTPS");
  });
}

/**
 * Does Kong serve an Ingress's routes over https only? Without konghq.com/protocols (or the
 * force-ssl-redirect annotation) KIC leaves the route's protocols unset and Kong serves http and
 * https (KIC v3.5.13 internal/dataplane/translator/subtranslator/ingress.go:83-95). force-ssl-redirect
 * makes them https, but konghq.com/protocols, applied after it, wins when set (KIC v3.5.13
 * internal/dataplane/kongstate/route.go:131-135 and 229-235).
 */
function httpsOnly(o: Obj): boolean {
  const a = o.metadata?.annotations ?? {};
  const protocols = String(a["konghq.com/protocols"] ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  return protocols.length ? protocols.every((p) => p === "https" || p === "grpcs") : a["ingress.kubernetes.io/force-ssl-redirect"] === "true";
}

export const routeTls: Rule = {
  id: "route-tls",
  title: "every public host is served over TLS",
  check: (o, ctx) => {
    if (!backends(o).length || !isPublic(o)) return [];
    const plain = o.kind === "Ingress" ? hosts(o).filter((h) => !httpsOnly(o) || !(o.spec?.tls ?? []).some((t: Obj) => (t.hosts ?? []).some((p: string) => covers(p, h)))) : parentsTls(o, ctx) ? [] : hosts(o);
    return plain.length ? [{ message: `serves ${plain.join(", ")} without TLS, so API keys and prompts cross the network in plain text: set the environment's gateway.tlsSecret (or the cluster gateway's certificate)` }] : [];
  },
};
