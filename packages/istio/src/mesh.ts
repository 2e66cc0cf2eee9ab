import type { Namespace } from "kubernetes-types/core/v1";
import type { Cluster, Deployment, Environment } from "@llm-gitops/config";
import { inferenceServiceName, meshInjectionLabels, predictorPodLabels, type KubernetesObject, type Typed } from "@llm-gitops/core";
import {
  gatewayPrincipal,
  inferencePort,
  ISTIO_SECURITY,
  KNATIVE_HEALTH_PATH,
  KNATIVE_NAMESPACE,
  managedLabels,
  placed,
  QUEUE_METRICS_PORT,
  QUEUE_PROXY_PORT,
  gatewayCalls,
  type AuthorizationPolicy,
  type AuthorizationRule,
  type MtlsMode,
  type PeerAuthentication,
} from "./types.ts";

/**
 * A PeerAuthentication without a selector is namespace-wide, or mesh-wide in the root namespace
 * (istio/api 1.30.3 peer_authentication.proto). Named `default`: one per namespace, since among
 * several at the same scope the oldest wins (istio 1.30.3 pilot/pkg/security/authn/policy_applier.go
 * ComposePeerAuthentication).
 */
export function peerAuthentication(namespace: string, mode: MtlsMode): PeerAuthentication {
  return { apiVersion: ISTIO_SECURITY, kind: "PeerAuthentication", metadata: { name: "default", namespace, labels: managedLabels() }, spec: { mtls: { mode } } };
}

/**
 * Deny by default: an ALLOW policy with no rules selecting every workload of the namespace. Once any
 * ALLOW policy applies to a workload, a request no ALLOW policy matches is denied (istio/api 1.30.3
 * authorization_policy.proto: evaluation steps 3-5, and the `allow-nothing` example with `spec: {}`).
 */
export function allowNothing(namespace: string): AuthorizationPolicy {
  return { apiVersion: ISTIO_SECURITY, kind: "AuthorizationPolicy", metadata: { name: "allow-nothing", namespace, labels: managedLabels() }, spec: {} };
}

/** The OpenAI routes a model serves: chat and completions for generate models, embeddings for embed models. */
export function apiOperations(d: Deployment, port: number): NonNullable<AuthorizationRule["to"]> {
  const paths = d.model.task === "embed" ? ["/v1/embeddings"] : ["/v1/chat/completions", "/v1/completions"];
  const ports = [String(port)];
  return [{ operation: { methods: ["POST"], paths, ports } }, { operation: { methods: ["GET"], paths: ["/v1/models"], ports } }];
}

/**
 * What may reach one InferenceService's predictor pods, on top of allow-nothing:
 * - Kong's proxy, by its mesh identity, on the API routes (Standard mode, environment routed).
 * - Knative mode: requests arrive through the activator and queue-proxy (8012), and the activator
 *   and autoscaler in knative-serving probe and scrape queue-proxy. As the KServe
 *   sample allows `namespaces: ["knative-serving"]` (kserve/website
 *   versioned_docs/version-0.16/admin-guide/serverless/servicemesh/auth.yaml), we do too, limited to
 *   the API routes, the activator's health probe and the autoscaler's metrics port. That sample also
 *   requires the activator and autoscaler to run with sidecars (its index.md).
 * - Prometheus needs no rule: it scrapes the sidecar agent's merged metrics on :15020, which Envoy
 *   does not intercept (see metricsPort), so no AuthorizationPolicy ever sees those requests.
 * Kubelet probes need none either: the injector rewrites them to the agent (istio 1.30.3
 * values.yaml sidecarInjectorWebhook.rewriteAppHTTPProbe: true).
 */
export function deploymentPolicy(env: Environment, cluster: Cluster, d: Deployment): AuthorizationPolicy | undefined {
  const rules: AuthorizationRule[] = [];
  const gateway = gatewayPrincipal(cluster);
  const knative = d.deploymentMode === "Knative";
  const sources: NonNullable<AuthorizationRule["from"]> = [];
  if (gateway && gatewayCalls(env, cluster, d)) sources.push({ source: { principals: [gateway] } });
  if (knative) sources.push({ source: { namespaces: [KNATIVE_NAMESPACE] } });
  if (sources.length) rules.push({ from: sources, to: apiOperations(d, inferencePort(d.deploymentMode)) });
  if (knative) {
    rules.push({
      from: [{ source: { namespaces: [KNATIVE_NAMESPACE] } }],
      to: [
        { operation: { methods: ["GET"], paths: [KNATIVE_HEALTH_PATH], ports: [String(QUEUE_PROXY_PORT)] } },
        { operation: { methods: ["GET"], paths: ["/metrics"], ports: [String(QUEUE_METRICS_PORT)] } },
      ],
    });
  }
  // No rule to add: allow-nothing already denies everything to this workload.
  if (rules.length === 0) return undefined;
  return {
    apiVersion: ISTIO_SECURITY,
    kind: "AuthorizationPolicy",
    metadata: { name: inferenceServiceName(d.name), namespace: env.namespace, labels: { ...managedLabels(), "app.kubernetes.io/instance": d.name } },
    // The labels KServe puts on predictor pods, never an `app:` label of our own (DOMAIN.md A6).
    spec: { selector: { matchLabels: predictorPodLabels(d.name) }, action: "ALLOW", rules },
  };
}

/**
 * Cluster-wide mesh objects: mesh-wide STRICT, and Kong's namespace in the mesh. They follow from
 * platform.yaml alone (the pipeline calls this only for a cluster some environment runs on), so an
 * edit to an environment file never changes the cluster's platform overlay.
 */
export function meshClusterObjects(cluster: Cluster): KubernetesObject[] {
  const { mesh, gateway } = cluster;
  if (!mesh) return [];
  const objects: KubernetesObject[] = [];
  if (gateway) {
    // Kong joins the mesh so its requests carry the identity the principals name.
    const namespace: Typed<Namespace> = { apiVersion: "v1", kind: "Namespace", metadata: { name: gateway.namespace, labels: { ...managedLabels(), ...meshInjectionLabels(mesh.revision) } } };
    objects.push(namespace);
  }
  if (mesh.meshWideStrict) {
    objects.push(peerAuthentication(mesh.rootNamespace, "STRICT"));
    // Kong's proxy takes plaintext from clients outside the mesh, which mesh-wide STRICT would
    // refuse at its sidecar. A namespace-wide policy overrides the mesh-wide one (istio 1.30.3
    // pilot/pkg/security/authn/policy_applier.go ComposePeerAuthentication: "namespace policy
    // overwrite mesh policy"), so Kong's namespace stays PERMISSIVE; its outbound calls stay mTLS.
    if (gateway) objects.push(peerAuthentication(gateway.namespace, "PERMISSIVE"));
  }
  return objects;
}
