import { excerpt, type Problem } from "@llm-gitops/core";
import { DEFAULTS } from "./defaults.ts";
import { suggestion } from "./didyoumean.ts";
import type { Cluster, Deployment, EnvironmentGateway, KongGateway, Mesh } from "./model.ts";
import type { ClusterInput, EnvironmentInput } from "./schema.ts";
import type { ParsedFile } from "./source.ts";

/** Resolves a cluster's mesh and gateway settings (defaults applied), pushing what cannot work. */
export function resolveClusterNetwork(
  parsed: ParsedFile,
  name: string,
  c: ClusterInput,
  problems: Problem[],
): { mesh?: Mesh; gateway?: KongGateway; prometheus: Cluster["prometheus"] } {
  const at = (...rest: (string | number)[]) => ["clusters", name, ...rest];
  const { namespace, dcgmExporter: _resolvedElsewhere, ...rest } = c.prometheus;
  const prometheus = { ...rest, namespace: namespace ?? c.prometheus.adapterNamespace };
  let mesh: Mesh | undefined;
  if (c.mesh) {
    const i = c.mesh.istio;
    mesh = {
      version: i.version,
      ...(i.revision ? { revision: i.revision } : {}),
      trustDomain: i.trustDomain ?? DEFAULTS.mesh.trustDomain,
      rootNamespace: i.rootNamespace ?? DEFAULTS.mesh.rootNamespace,
      meshWideStrict: i.meshWideStrict ?? false,
    };
  }
  let gateway: KongGateway | undefined;
  if (c.gateway) {
    const k = c.gateway.kong;
    if (!k.version.startsWith("3.")) {
      problems.push(parsed.problem(at("gateway", "kong", "version"), `Kong Ingress Controller ${excerpt(k.version)} is not supported: llm-gitops renders for KIC 3.x (credential Secrets labelled konghq.com/credential); upgrade KIC`));
    }
    if (k.tlsSecret && k.routes !== "gateway-api") {
      problems.push(parsed.problem(at("gateway", "kong", "tlsSecret"), "a Gateway listener certificate applies to routes: gateway-api; with Ingress routes set each environment's gateway.tlsSecret instead"));
    }
    const rl = k.rateLimiting ?? { policy: "local" as const };
    if (rl.policy === "redis" && !rl.redis) problems.push(parsed.problem(at("gateway", "kong", "rateLimiting"), "policy redis needs redis.host; add it, or use policy: local"));
    if (rl.policy === "local" && rl.redis) problems.push(parsed.problem(at("gateway", "kong", "rateLimiting", "redis"), "redis settings are used only with policy: redis; set the policy or remove them"));
    gateway = {
      version: k.version,
      namespace: k.namespace,
      serviceAccount: k.serviceAccount,
      routes: k.routes,
      className: k.className ?? DEFAULTS.gateway.className,
      gatewayApiVersion: k.gatewayApiVersion ?? DEFAULTS.gateway.gatewayApiVersion,
      ...(k.tlsSecret ? { tlsSecret: k.tlsSecret } : {}),
      rateLimiting:
        rl.policy === "redis" && rl.redis
          ? {
              policy: "redis",
              redis: {
                host: rl.redis.host,
                port: rl.redis.port ?? 6379,
                ...(rl.redis.passwordEnv ? { passwordEnv: rl.redis.passwordEnv } : {}),
                ...(rl.redis.passwordSecret ? { passwordSecret: { name: rl.redis.passwordSecret.name, key: rl.redis.passwordSecret.key ?? "password" } } : {}),
              },
            }
          : { policy: "local" },
      ...(k.secretStore ? { secretStore: k.secretStore } : {}),
    };
  }
  return { ...(mesh ? { mesh } : {}), ...(gateway ? { gateway } : {}), prometheus };
}

/** Resolves an environment's public API against its clusters' gateways. */
export function resolveEnvironmentGateway(
  parsed: ParsedFile,
  input: EnvironmentInput,
  clusters: readonly Cluster[],
  problems: Problem[],
): EnvironmentGateway | undefined {
  const g = input.gateway;
  if (!g) return undefined;
  for (const c of clusters) {
    if (!c.gateway) problems.push(parsed.problem(["gateway"], `cluster "${c.name}" declares no gateway; add clusters["${c.name}"].gateway to environments/platform.yaml, or remove gateway here`));
  }
  const tiers = Object.keys(g.tiers);
  const tier = (value: string, path: (string | number)[]) => {
    if (!(value in g.tiers)) problems.push(parsed.problem(path, `unknown tier ${excerpt(value)}${suggestion(value, tiers)}; define it under gateway.tiers`));
  };
  tier(g.defaultTier, ["gateway", "defaultTier"]);
  const stores = clusters.filter((c) => c.gateway?.secretStore);
  const consumers = new Map<string, number>();
  const secrets = new Map<string, string>();
  g.consumers.forEach((consumer, i) => {
    const at = (...rest: (string | number)[]) => ["gateway", "consumers", i, ...rest];
    const first = consumers.get(consumer.name);
    if (first !== undefined) problems.push(parsed.problem(at("name"), `duplicate consumer "${consumer.name}" (also consumers[${first}]); rename one`));
    else consumers.set(consumer.name, i);
    tier(consumer.tier, at("tier"));
    consumer.credentials.forEach((cred, j) => {
      const owner = secrets.get(cred.secret);
      if (owner !== undefined) problems.push(parsed.problem(at("credentials", j, "secret"), `Secret "${cred.secret}" is already a credential of consumer "${owner}"; each credential needs its own Secret`));
      else secrets.set(cred.secret, consumer.name);
      if (stores.length && cred.remoteKey === undefined) {
        problems.push(parsed.problem(at("credentials", j), `cluster "${stores[0]!.name}" renders credentials from its secret store: set remoteKey (the credential's key in the store)`));
      }
      if (!stores.length && cred.remoteKey !== undefined) {
        problems.push(parsed.problem(at("credentials", j, "remoteKey"), "no cluster of this environment declares gateway.kong.secretStore; create the Secret out of band and remove remoteKey, or declare the store"));
      }
    });
  });
  return {
    host: g.host,
    ...(g.tlsSecret ? { tlsSecret: g.tlsSecret } : {}),
    authentication: g.authentication ?? "key-auth",
    maxRequestMegabytes: g.maxRequestMegabytes ?? DEFAULTS.gateway.maxRequestMegabytes,
    tiers: g.tiers,
    defaultTier: g.defaultTier,
    consumers: g.consumers.map((c) => ({ name: c.name, tier: c.tier, credentials: c.credentials.map((cr) => ({ secret: cr.secret, ...(cr.remoteKey !== undefined ? { remoteKey: cr.remoteKey } : {}) })) })),
    origin: parsed.origin(["gateway"]),
  };
}

/** Each deployment's host: its own, else the environment's; two deployments cannot share one. */
export function resolveRoutes(parsed: ParsedFile, input: EnvironmentInput, gateway: EnvironmentGateway | undefined, deployments: Deployment[], problems: Problem[]): void {
  const hosts = new Map<string, string>();
  input.deployments.forEach((d, i) => {
    const resolved = deployments.find((r) => r.name === d.name);
    if (!gateway) {
      if (d.route) problems.push(parsed.problem(["deployments", i, "route"], "the environment has no gateway, so nothing routes to this deployment; add gateway at the top of the file, or remove route"));
      return;
    }
    const host = d.route?.host ?? gateway.host;
    const other = hosts.get(host);
    if (other !== undefined && other !== d.name) {
      problems.push(parsed.problem(["deployments", i, ...(d.route?.host ? ["route", "host"] : [])], `deployment "${other}" is already served on ${host}; give this one its own route.host (the OpenAI API routes by path, so one host serves one model)`));
    } else hosts.set(host, d.name);
    if (resolved) resolved.route = { host };
  });
}
