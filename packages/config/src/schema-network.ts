import { Type } from "@sinclair/typebox";
import { Catalog, Choice, DNS_SUBDOMAIN, FullVersion, INT32_MAX, Label, Strict } from "./schema-kit.ts";

/**
 * The network half of the input: a cluster's Istio mesh and Kong gateway (platform.yaml), and an
 * environment's public API (the environment file).
 */

/** A host name clients call: a lowercase DNS subdomain with at least one dot, no wildcard. */
export const HOST = "^(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)+$";
const Host = (description: string) =>
  Type.String({ pattern: HOST, maxLength: 253, description, hint: "use a lowercase DNS name such as llm.example.com (no wildcard, no port)" });

const SecretName = (description: string) =>
  Type.String({ pattern: DNS_SUBDOMAIN, maxLength: 253, description, hint: "use a Secret name (lowercase DNS subdomain)" });

export const MeshSchema = Type.Object(
  {
    istio: Type.Object(
      {
        version: FullVersion("Istio release installed in the cluster (its CRDs validate the policies)", "1.30.3"),
        revision: Type.Optional(Label("istiod revision to inject (namespace label istio.io/rev); default: the default revision (istio-injection: enabled)")),
        trustDomain: Type.Optional(Type.String({ pattern: DNS_SUBDOMAIN, maxLength: 253, description: "mesh trust domain in workload principals (default cluster.local)", hint: "use the meshConfig trustDomain, e.g. cluster.local" })),
        rootNamespace: Type.Optional(Label("the mesh's root namespace, where istiod runs (default istio-system)")),
        meshWideStrict: Type.Optional(Type.Boolean({ description: "also render the mesh-wide PeerAuthentication (STRICT) in the root namespace (default false)" })),
      },
      Strict,
    ),
  },
  { ...Strict, description: "the service mesh the cluster runs (Istio sidecars)" },
);

const RateLimiting = Type.Object(
  {
    policy: Choice(["local", "redis"] as const, "where Kong counts requests: local (per gateway replica) or redis (shared)"),
    redis: Type.Optional(
      Type.Object(
        {
          host: Type.String({ pattern: DNS_SUBDOMAIN, maxLength: 253, description: "Redis host", hint: "use a host name such as redis.kong.svc" }),
          port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
          passwordEnv: Type.Optional(
            Type.String({
              pattern: "^[A-Z][A-Z0-9_]{0,62}$",
              description: "environment variable of Kong's proxy holding the Redis password (set from a Secret in Kong's namespace); plugins reference it through Kong's env vault",
              hint: "use an upper-case variable name such as LLM_REDIS_PASSWORD",
            }),
          ),
          passwordSecret: Type.Optional(
            Type.Object(
              { name: SecretName("Secret in Kong's namespace holding the Redis password"), key: Type.Optional(Type.String({ pattern: "^[-._a-zA-Z0-9]{1,253}$", description: "key of the Secret (default password)", hint: "use a Secret key such as password" })) },
              { ...Strict, description: "where the Kong add-on takes passwordEnv's value from (addons.kong)" },
            ),
          ),
        },
        Strict,
      ),
    ),
  },
  Strict,
);

export const GatewaySchema = Type.Object(
  {
    kong: Type.Object(
      {
        version: FullVersion("Kong Ingress Controller release (3.x)", "3.5.13"),
        namespace: Label("namespace Kong's proxy runs in"),
        serviceAccount: Label("ServiceAccount of Kong's proxy pods: the identity serving pods allow"),
        routes: Choice(["ingress", "gateway-api"] as const, "how routes are declared: ingress (networking.k8s.io Ingress) or gateway-api (HTTPRoute)"),
        className: Type.Optional(Label("IngressClass or GatewayClass name (default kong)")),
        gatewayApiVersion: Type.Optional(FullVersion("Gateway API release installed (routes: gateway-api; default 1.6.1)", "1.6.1")),
        tlsSecret: Type.Optional(SecretName("certificate Secret of the Gateway's HTTPS listener, in Kong's namespace (routes: gateway-api)")),
        rateLimiting: Type.Optional(RateLimiting),
        secretStore: Type.Optional(
          Type.Object(
            { name: Label("name of the External Secrets store"), kind: Choice(["ClusterSecretStore", "SecretStore"] as const) },
            { ...Strict, description: "render consumer credentials as ExternalSecrets from this store" },
          ),
        ),
      },
      Strict,
    ),
  },
  { ...Strict, description: "the API gateway in front of the models" },
);

const Limits = Type.Object(
  {
    second: Type.Optional(Type.Integer({ minimum: 1, maximum: INT32_MAX })),
    minute: Type.Optional(Type.Integer({ minimum: 1, maximum: INT32_MAX })),
    hour: Type.Optional(Type.Integer({ minimum: 1, maximum: INT32_MAX })),
    day: Type.Optional(Type.Integer({ minimum: 1, maximum: INT32_MAX })),
  },
  { ...Strict, minProperties: 1, description: "requests allowed per second, minute, hour or day" },
);

const Credential = Type.Object(
  {
    secret: SecretName("Secret holding the credential (created out of band, or by an ExternalSecret)"),
    remoteKey: Type.Optional(Type.String({ pattern: "^[A-Za-z0-9][A-Za-z0-9._/-]{0,252}$", description: "key of the credential in the cluster's secret store", hint: "use a store key such as llm/prod/acme" })),
  },
  Strict,
);

export const EnvironmentGatewaySchema = Type.Object(
  {
    host: Host("host name the environment's API is served on"),
    tlsSecret: Type.Optional(SecretName("TLS certificate Secret for the host in the environment's namespace (Ingress routes)")),
    authentication: Type.Optional(Choice(["key-auth", "jwt"] as const, "how consumers authenticate (default key-auth)")),
    maxRequestMegabytes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1024, description: "largest request body accepted (default 8)" })),
    tiers: Catalog(Limits, "rate-limit tiers by name"),
    defaultTier: Type.String({ maxLength: 63, description: "tier applied to a consumer that has none (route-level limit)" }),
    consumers: Type.Array(
      Type.Object(
        {
          name: Label("tenant name (Kong consumer username is <environment>.<name>)"),
          tier: Type.String({ maxLength: 63, description: "key of a tier in tiers" }),
          credentials: Type.Array(Credential, { minItems: 1, maxItems: 16 }),
        },
        Strict,
      ),
    ),
  },
  { ...Strict, description: "the environment's public API behind the cluster's Kong gateway" },
);

export const DeploymentRouteSchema = Type.Object(
  { host: Type.Optional(Host("host this deployment is served on (default: the environment's gateway host)")) },
  { ...Strict, description: "how the gateway exposes this deployment" },
);
