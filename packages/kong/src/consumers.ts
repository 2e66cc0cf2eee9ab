import type { Environment, KongGateway } from "@llm-gitops/config";
import { aclSecretName, consumerUsername, CREDENTIAL_LABEL, INGRESS_CLASS, KONG_API, labels, PLUGINS, tierPluginName } from "./names.ts";
import type { ExternalSecret, KongConsumer } from "./types.ts";

/**
 * Tenants. A KongConsumer per tenant; its credentials are Secrets referenced by name, never
 * rendered with data: created out of band (labelled konghq.com/credential) or, with a secret
 * store, by an ExternalSecret. KIC facts: KIC v3.5.13 internal/admission/validation/consumers/
 * credentials/vars.go L10-35 (types and fields), internal/controllers/utils/utils.go
 * MatchesIngressClass (a KongConsumer without the class annotation is ignored unless the class is
 * the cluster default).
 *
 * Every consumer also lists the environment's ACL group credential, `llm-acl-<env>`: Kong's
 * consumers are global, so the routes' acl plugin admits only this environment's group (plugins.ts).
 * That Secret (`group: <env>`, labelled konghq.com/credential: acl) is created out of band like the
 * keys: no rendered Secret carries data (checkSecrets), and a missing one locks the environment's
 * consumers out rather than letting anyone in. KIC: ACLAuthFields = {"group"}; acl credentials have
 * no unique field, so one Secret serves many consumers (credentials_conflicts.go L50-51).
 */

export function renderConsumers(env: Environment, gw: KongGateway): KongConsumer[] {
  return env.gateway!.consumers.map((c) => ({
    apiVersion: KONG_API,
    kind: "KongConsumer",
    metadata: {
      name: c.name,
      namespace: env.namespace,
      labels: labels("gateway"),
      annotations: { [INGRESS_CLASS]: gw.className, [PLUGINS]: tierPluginName(c.tier) },
    },
    username: consumerUsername(env, c.name),
    credentials: [...c.credentials.map((cr) => cr.secret), aclSecretName(env)],
  }));
}

/**
 * With a secret store, each credential Secret comes from an ExternalSecret named after it
 * (external-secrets v0.16.0+ apis/externalsecrets/v1). The template only adds KIC's credential
 * label: with no template data ESO copies the fetched keys as they are (v2.9.0
 * pkg/controllers/externalsecret/externalsecret_controller_template.go L72-75).
 * key-auth: the store entry's value is the key (KIC field `key`). jwt: the store entry is an
 * object with `key`, `algorithm` and `secret` or `rsa_public_key` (which one depends on the
 * algorithm), extracted as it is.
 */
export function renderExternalSecrets(env: Environment, gw: KongGateway): ExternalSecret[] {
  const g = env.gateway!;
  const store = gw.secretStore;
  if (!store) return [];
  return g.consumers.flatMap((c) =>
    c.credentials
      .filter((cr) => cr.remoteKey !== undefined)
      .map((cr): ExternalSecret => ({
        apiVersion: "external-secrets.io/v1",
        kind: "ExternalSecret",
        metadata: { name: cr.secret, namespace: env.namespace, labels: labels("gateway") },
        spec: {
          refreshInterval: "1h",
          secretStoreRef: { name: store.name, kind: store.kind },
          target: { name: cr.secret, creationPolicy: "Owner", template: { type: "Opaque", metadata: { labels: { [CREDENTIAL_LABEL]: g.authentication } } } },
          ...(g.authentication === "key-auth"
            ? { data: [{ secretKey: "key", remoteRef: { key: cr.remoteKey! } }] }
            : { dataFrom: [{ extract: { key: cr.remoteKey! } }] }),
        },
      })),
  );
}
