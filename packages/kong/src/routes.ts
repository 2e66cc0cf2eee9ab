import type { Service } from "kubernetes-types/core/v1";
import type { Ingress } from "kubernetes-types/networking/v1";
import { predictorPodLabels, VLLM_PORT, type KubernetesObject, type Typed } from "@llm-gitops/core";
import type { Cluster, Deployment, Environment, EnvironmentGateway, KongGateway } from "@llm-gitops/config";
import { apiPaths, GATEWAY_API, GATEWAY_GROUP, gatewayName, labels, PLUGINS, redirectName, routeName, routePlugins, SERVICE_PORT, SERVICE_UPSTREAM } from "./names.ts";
import type { HTTPRoute, HTTPRouteRule, ParentReference } from "./types.ts";

/**
 * The Service Kong proxies to. We own it rather than annotate KServe's `<isvc>-predictor` Service:
 * KServe's raw-mode reconciler rebuilds that Service's metadata from the InferenceService on every
 * reconcile (kserve v0.15.2 reconcilers/service/service_reconciler.go createDefaultSvc), so an
 * annotation added from here would be removed or fought over. Same pods, same port.
 */
export function renderService(env: Environment, d: Deployment): Typed<Service> {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      name: routeName(d),
      namespace: env.namespace,
      labels: labels("gateway", d.name),
      annotations: {
        // One target, the ClusterIP: the Kong pod's sidecar then sends it over mTLS to the predictor
        // (DOMAIN A7). Without it KIC targets pod IPs and Istio treats the traffic as passthrough.
        [SERVICE_UPSTREAM]: "true",
        // Kong's default read_timeout is 60 s: a long, non-streamed generation would get a 504 (ms;
        // KIC v3.5.13 internal/dataplane/kongstate/service.go overrideReadTimeout).
        "konghq.com/read-timeout": "600000",
        // Kong retries timeouts too, which would rerun an expensive generation; the sidecar already
        // retries connection failures (service.go overrideRetries).
        "konghq.com/retries": "0",
      },
    },
    spec: {
      type: "ClusterIP",
      selector: predictorPodLabels(d.name),
      // The http name makes Istio treat the port as HTTP instead of sniffing the protocol.
      ports: [{ name: "http", port: SERVICE_PORT, targetPort: VLLM_PORT, protocol: "TCP" }],
    },
  };
}

/**
 * Routes apply in Argo CD sync wave 1, after the plugins and consumers they name. Within one wave
 * Argo CD applies kinds in a fixed order with Ingress before every custom resource (argo-cd v3.5.1
 * gitops-engine/pkg/sync/sync_tasks.go kindOrder: unlisted kinds sort after Ingress), and KIC
 * publishes a route whose KongPlugin is missing without that plugin (v3.5.13 internal/dataplane/
 * kongstate/kongstate.go buildPlugins: `continue`): for a moment the model would be reachable
 * without authentication or rate limits.
 */
export const ROUTE_WAVE = { "argocd.argoproj.io/sync-wave": "1" } as const;

/** Route annotations KIC reads from an Ingress or HTTPRoute (kongstate/route.go overrideByAnnotation). */
function routeAnnotations(g: EnvironmentGateway): Record<string, string> {
  return {
    ...ROUTE_WAVE,
    [PLUGINS]: routePlugins(g).join(","),
    "konghq.com/strip-path": "false",
    // Server-sent events (stream: true) reach the client token by token only unbuffered
    // (Kong 3.9.3 kong/runloop/handler.lua L1372-1380 exec @unbuffered_response, proxy_buffering off).
    "konghq.com/response-buffering": "false",
    // Kong keeps the client's Host by default. Its sidecar routes HTTP on the Service port by Host:
    // `api.example.com` matches no mesh service, so the request would leave as plaintext passthrough
    // and STRICT would refuse it. Without preserve_host, Kong sends the upstream's host, the
    // Service's cluster name (service-upstream), which the sidecar knows and sends with mTLS
    // (KIC v3.5.13 internal/annotations/annotations.go PreserveHostKey; Kong 3.9.3
    // kong/runloop/handler.lua L1400-1415: without preserve_host the balancer sets the upstream host).
    "konghq.com/preserve-host": "false",
  };
}

export function renderIngress(env: Environment, gw: KongGateway, g: EnvironmentGateway, d: Deployment): Typed<Ingress> {
  const host = d.route!.host;
  const { post, get } = apiPaths(d);
  const backend = { service: { name: routeName(d), port: { number: SERVICE_PORT } } };
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: {
      name: routeName(d),
      namespace: env.namespace,
      labels: labels("gateway", d.name),
      annotations: {
        ...routeAnnotations(g),
        // One Ingress is one Kong route: its methods cover both the API (POST) and the model list (GET).
        "konghq.com/methods": "GET,POST",
        // With a certificate: https only, and plain http answered with a redirect (route.go
        // overrideHTTPSRedirectCode accepts 301, 302, 307, 308 and 426); 308 keeps POST a POST.
        ...(g.tlsSecret ? { "konghq.com/protocols": "https", "konghq.com/https-redirect-status-code": "308" } : {}),
      },
    },
    spec: {
      ingressClassName: gw.className,
      ...(g.tlsSecret ? { tls: [{ hosts: [host], secretName: g.tlsSecret }] } : {}),
      rules: [{ host, http: { paths: [...post, ...get].map((path) => ({ path, pathType: "Exact", backend })) } }],
    },
  };
}

const parentRef = (gw: KongGateway, sectionName?: string): ParentReference => ({
  group: GATEWAY_GROUP,
  kind: "Gateway",
  namespace: gw.namespace,
  name: gatewayName(gw),
  ...(sectionName ? { sectionName } : {}),
});

/**
 * Gateway API routes: per-match methods, plugins by the same annotation (KIC v3.5.13
 * kongstate.go getPluginRelations reads it from every route's parent object, HTTPRoute included:
 * subtranslator/httproute.go L349-371 util.FromK8sObject(parentRoute)). With the Gateway's
 * certificate the API is served on the https listener only; http gets a redirect route.
 */
export function renderHttpRoutes(env: Environment, gw: KongGateway, g: EnvironmentGateway, d: Deployment): HTTPRoute[] {
  const host = d.route!.host;
  const { post, get } = apiPaths(d);
  const match = (method: "GET" | "POST") => (value: string) => ({ path: { type: "Exact" as const, value }, method });
  const api: HTTPRoute = {
    apiVersion: GATEWAY_API,
    kind: "HTTPRoute",
    metadata: { name: routeName(d), namespace: env.namespace, labels: labels("gateway", d.name), annotations: routeAnnotations(g) },
    spec: {
      parentRefs: [parentRef(gw, gw.tlsSecret ? "https" : undefined)],
      hostnames: [host],
      rules: [{ matches: [...post.map(match("POST")), ...get.map(match("GET"))], backendRefs: [{ group: "", kind: "Service", name: routeName(d), port: SERVICE_PORT }] }],
    },
  };
  if (!gw.tlsSecret) return [api];
  // The hostname must be set: without it KIC's Location header is the bare path, which redirects
  // http to http (subtranslator/httproute.go generateRequestRedirectUsingRedirectKongPlugin, Kong >= 3.9).
  const redirect: HTTPRouteRule = { matches: [{ path: { type: "PathPrefix", value: "/" } }], filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", hostname: host, statusCode: 308 } }] };
  return [
    api,
    {
      apiVersion: GATEWAY_API,
      kind: "HTTPRoute",
      metadata: { name: redirectName(d), namespace: env.namespace, labels: labels("gateway", d.name), annotations: { ...ROUTE_WAVE } },
      spec: { parentRefs: [parentRef(gw, "http")], hostnames: [host], rules: [redirect] },
    },
  ];
}

/** Our Service and the route to it, in the cluster's route style. */
export function renderRoute(env: Environment, cluster: Cluster, d: Deployment): KubernetesObject[] {
  const gw = cluster.gateway!;
  const g = env.gateway!;
  const routes = gw.routes === "ingress" ? [renderIngress(env, gw, g, d)] : renderHttpRoutes(env, gw, g, d);
  return [renderService(env, d), ...routes];
}
