import type { Environment, EnvironmentGateway, KongGateway, RateLimits } from "@llm-gitops/config";
import {
  ACL_PLUGIN,
  aclGroup,
  authPluginName,
  CORRELATION_PLUGIN,
  DEFAULT_RATE_LIMIT_PLUGIN,
  KONG_API,
  labels,
  PROMETHEUS_PLUGIN,
  REQUEST_SIZE_PLUGIN,
  tierPluginName,
} from "./names.ts";
import type { KongPlugin, PluginConfig } from "./types.ts";

/**
 * The KongPlugins of an environment, in its namespace. Field names are Kong OSS 3.9.3's plugin
 * schemas (Kong/kong 3.9.3 kong/plugins/<name>/schema.lua); every value we set is spelled out,
 * so a Kong default changing does not change what runs.
 */

function plugin(env: Environment, name: string, kind: string, config: PluginConfig, extra: Partial<KongPlugin> = {}): KongPlugin {
  return { apiVersion: KONG_API, kind: "KongPlugin", metadata: { name, namespace: env.namespace, labels: labels("gateway") }, plugin: kind, config, ...extra };
}

function authentication(g: EnvironmentGateway): PluginConfig {
  // Credentials only in headers: Kong reads them from the query string by default (key-auth
  // key_in_query true; jwt uri_param_names ["jwt"], Kong 3.9.3 kong/plugins/{key-auth,jwt}/schema.lua),
  // and URLs end up in load-balancer and proxy logs.
  return g.authentication === "key-auth"
    ? // The key stays at Kong: hide_credentials strips it before the request goes upstream.
      { key_names: ["apikey"], hide_credentials: true, key_in_query: false, key_in_body: false }
    : // jwt reads `Authorization: Bearer <token>` (header_names default) and the iss claim names the key.
      { claims_to_verify: ["exp"], uri_param_names: [], cookie_names: [] };
}

/**
 * Rate limiting. limit_by consumer; fault_tolerant keeps serving if the counter store fails.
 * The redis settings are nested in 3.9 (kong/tools/redis/schema.lua; the flat redis_host is a
 * deprecated alias, rate-limiting/schema.lua L103-107). In DB-less mode (KIC) policy is local or
 * redis only (schema.lua L48-70). The password is a reference to Kong's env vault, resolved in
 * Kong's own process (kong/vaults/env/init.lua: `{vault://env/llm-redis-password}` reads
 * LLM_REDIS_PASSWORD; redis.password is referenceable, kong/tools/redis/schema.lua), not patched
 * from a Secret per namespace: KIC drops a plugin whose Secret is missing and publishes its routes
 * without it (v3.5.13 internal/dataplane/kongstate/kongstate.go buildPlugins), so a missing Secret
 * would have switched rate limiting off.
 */
function rateLimit(env: Environment, gw: KongGateway, name: string, limits: RateLimits): KongPlugin {
  const rl = gw.rateLimiting;
  const counts = Object.fromEntries((["second", "minute", "hour", "day"] as const).filter((k) => limits[k] !== undefined).map((k) => [k, limits[k]]));
  const config: PluginConfig = {
    ...counts,
    limit_by: "consumer",
    policy: rl.policy,
    ...(rl.policy === "redis"
      ? { redis: { host: rl.redis.host, port: rl.redis.port, ...(rl.redis.passwordEnv ? { password: envVaultReference(rl.redis.passwordEnv) } : {}) } }
      : {}),
    fault_tolerant: true,
    hide_client_headers: false,
  };
  return plugin(env, name, "rate-limiting", config);
}

/** The env vault upper-cases a reference's resource and turns '-' into '_': LLM_REDIS_PASSWORD ← llm-redis-password. */
export function envVaultReference(variable: string): string {
  return `{vault://env/${variable.toLowerCase().replaceAll("_", "-")}}`;
}

export function renderPlugins(env: Environment, gw: KongGateway): KongPlugin[] {
  const g = env.gateway!;
  const defaultLimits = g.tiers[g.defaultTier] ?? {};
  return [
    plugin(env, authPluginName(g), g.authentication, authentication(g)),
    // Consumers are global in Kong: any environment's key would open this route. The acl plugin
    // admits only consumers in this environment's group. Kong OSS 3.9 has no consumer groups
    // (KongConsumerGroup is Enterprise-only, KIC CHANGELOG.md "supported by Kong Enterprise only")
    // and no acl include_consumer_groups (Kong 3.9.3 kong/plugins/acl/schema.lua), so the group
    // comes from an acl credential (consumers.ts).
    plugin(env, ACL_PLUGIN, "acl", { allow: [aclGroup(env)], hide_groups_header: true }),
    // The route's limit applies to consumers with no limit of their own. Each tier is a separate
    // KongPlugin on the consumers: one KongPlugin on both a route and a consumer becomes a single
    // route+consumer plugin in KIC (internal/util/rels/relations.go GetCombinations), and a
    // consumer-scoped plugin beats a route-scoped one (kong/runloop/plugins_iterator.lua L196-208:
    // "5. Consumer 6. Route"). Route-scoped counters are per route; consumer-scoped ones span the
    // consumer's routes (rate-limiting/policies/init.lua get_local_key keys by route and service).
    rateLimit(env, gw, DEFAULT_RATE_LIMIT_PLUGIN, defaultLimits),
    ...Object.keys(g.tiers)
      .sort()
      .map((tier) => rateLimit(env, gw, tierPluginName(tier), g.tiers[tier]!)),
    plugin(env, REQUEST_SIZE_PLUGIN, "request-size-limiting", { allowed_payload_size: g.maxRequestMegabytes, size_unit: "megabytes", require_content_length: false }),
    // Kept when the client sends one; echoed so a client can quote it in a support request.
    plugin(env, CORRELATION_PLUGIN, "correlation-id", { header_name: "X-Request-ID", generator: "uuid", echo_downstream: true }),
    // All metric families default to false in 3.9.3.
    plugin(env, PROMETHEUS_PLUGIN, "prometheus", { per_consumer: true, status_code_metrics: true, latency_metrics: true, bandwidth_metrics: true }),
  ];
}
