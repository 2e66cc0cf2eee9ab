import { GATEWAY_ROUTES_LABEL } from "@llm-gitops/core";
import type { KongGateway } from "@llm-gitops/config";
import { GATEWAY_API, GATEWAY_GROUP, gatewayName, labels } from "./names.ts";
import type { Gateway, GatewayClass, Listener } from "./types.ts";

/**
 * KIC's controller name (Kong/kubernetes-ingress-controller v3.5.13 internal/controllers/gateway/
 * gatewayclass_controller.go L35). KIC reconciles only GatewayClasses annotated unmanaged:
 * "unmanaged mode is the only supported mode" (internal/annotations/annotations.go L78-81).
 */
export const KIC_CONTROLLER = "konghq.com/kic-gateway-controller";

export function renderGatewayClass(gw: KongGateway): GatewayClass {
  return {
    apiVersion: GATEWAY_API,
    kind: "GatewayClass",
    metadata: { name: gw.className, labels: labels("gateway"), annotations: { "konghq.com/gatewayclass-unmanaged": "true" } },
    spec: { controllerName: KIC_CONTROLLER },
  };
}

/**
 * The cluster's one Gateway, shared by every environment. Routes are admitted only from
 * namespaces labelled GATEWAY_ROUTES_LABEL (the namespace component labels serving namespaces of
 * environments with a gateway). Ports 80 and 443 are the kong chart's proxy Service ports: KIC
 * refuses a listener no Kong listen serves (internal/controllers/gateway/gateway_utils.go
 * getListenerStatus, PortUnavailable). CEL rules satisfied (gateway-api v1.6.1
 * config/crd/standard/gateway.networking.k8s.io_gateways.yaml): unique listener names and
 * port/protocol/hostname, no tls on HTTP, HTTPS tls mode Terminate with certificateRefs. The
 * certificate lives next to the Gateway, so no ReferenceGrant is needed.
 */
export function renderGateway(gw: KongGateway): Gateway {
  const allowedRoutes: Listener["allowedRoutes"] = {
    namespaces: { from: "Selector", selector: { matchLabels: { [GATEWAY_ROUTES_LABEL]: "true" } } },
    kinds: [{ group: GATEWAY_GROUP, kind: "HTTPRoute" }],
  };
  const listeners: Listener[] = [{ name: "http", port: 80, protocol: "HTTP", allowedRoutes }];
  if (gw.tlsSecret) {
    listeners.push({ name: "https", port: 443, protocol: "HTTPS", tls: { mode: "Terminate", certificateRefs: [{ kind: "Secret", name: gw.tlsSecret }] }, allowedRoutes });
  }
  return {
    apiVersion: GATEWAY_API,
    kind: "Gateway",
    metadata: { name: gatewayName(gw), namespace: gw.namespace, labels: labels("gateway") },
    spec: { gatewayClassName: gw.className, listeners },
  };
}
