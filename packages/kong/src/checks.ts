import type { Secret } from "kubernetes-types/core/v1";
import type { Ingress } from "kubernetes-types/networking/v1";
import { problemAt, type KubernetesObject, type Problem } from "@llm-gitops/core";
import type { Deployment, Environment, Inputs, Location, Origin } from "@llm-gitops/config";
import { CREDENTIAL_LABEL } from "./names.ts";
import { checkBackends, checkPluginRefs, fieldOf, type Overlay } from "./references.ts";
import type { HTTPRoute, KongPlugin } from "./types.ts";

/** A Knative deployment cannot sit behind the gateway: Kong would bypass Knative's activator. */
export function checkGatewayDeployment(env: Environment, d: Deployment): Problem[] {
  if (!env.gateway || d.deploymentMode !== "Knative") return [];
  return [
    problemAt(
      d.origin.at(["kserve", "deploymentMode"]),
      "Knative mode routes traffic through its own ingress (activator and queue-proxy), and llm-gitops does not yet route Kong to Knative services; use kserve.deploymentMode: Standard, or remove the environment's gateway",
    ),
  ];
}

/** Every contract between the gateway objects and the rest of the truth. */
export function checkGateway(truths: readonly Overlay[], inputs: Inputs): Problem[] {
  return [...checkBackends(truths), ...checkPluginRefs(truths), ...checkSecrets(truths), ...checkPayloadLogging(truths), ...checkHosts(truths, inputs)];
}

/** Contract c: no rendered Secret, from any component, carries data: credentials never reach Git. */
export function checkSecrets(truths: readonly Overlay[]): Problem[] {
  const problems: Problem[] = [];
  for (const t of truths) {
    for (const { object: o, origin } of t.objects) {
      if (o.kind !== "Secret") continue;
      const s = o as Secret & KubernetesObject;
      if ((s.data === undefined && s.stringData === undefined)) continue;
      problems.push(problemAt(origin.at(fieldOf(o)), `Secret "${o.metadata.name}" would be committed with data (cluster "${t.cluster}", ${t.environment}); credentials are referenced by name only: create the Secret out of band, or from the cluster's gateway.kong.secretStore`));
    }
  }
  return problems;
}

/** Kong OSS 3.9.3 log plugins; custom_fields_by_lua lets them log anything, bodies included (kong/plugins/<name>/schema.lua). */
const LOG_PLUGINS = new Set(["file-log", "http-log", "tcp-log", "udp-log", "syslog", "loggly"]);
/** Body-logging switches: ai-proxy's logging.log_payloads (kong/llm/schemas/init.lua L230), log_bodies of Enterprise log plugins. */
const BODY_SWITCHES = new Set(["log_payloads", "log_bodies"]);

function bodySwitch(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.map(bodySwitch).find(Boolean);
  if (!value || typeof value !== "object") return undefined;
  for (const [k, v] of Object.entries(value)) {
    if (BODY_SWITCHES.has(k) && v === true) return k;
    const inner = bodySwitch(v);
    if (inner) return inner;
  }
  return undefined;
}

/** Contract d: prompts and completions never leave Kong in a log. */
export function checkPayloadLogging(truths: readonly Overlay[]): Problem[] {
  const problems: Problem[] = [];
  for (const t of truths) {
    for (const { object: o, origin } of t.objects) {
      if (o.kind !== "KongPlugin" && o.kind !== "KongClusterPlugin") continue;
      const p = o as KongPlugin;
      const why = LOG_PLUGINS.has(p.plugin) && p.config?.custom_fields_by_lua !== undefined ? "custom_fields_by_lua (which can read request and response bodies)" : bodySwitch(p.config);
      if (why) problems.push(problemAt(origin.at(fieldOf(o)), `${o.kind} "${o.metadata.name}" (${p.plugin}) logs payloads via ${why} on cluster "${t.cluster}"; prompts and completions must never be logged: remove it`));
    }
  }
  return problems;
}

function hostsOf(o: KubernetesObject): string[] {
  if (o.kind === "Ingress") return ((o as Ingress).spec?.rules ?? []).flatMap((r) => (r.host ? [r.host] : []));
  if (o.kind === "HTTPRoute") return (o as HTTPRoute).spec.hostnames;
  return [];
}

/** Where a host is written: the deployment's route.host, else the environment's gateway.host. */
function hostAt(origin: Origin, env: Environment | undefined): Location {
  const own = origin.at(["route", "host"]);
  return own.path.endsWith("route.host") || !env?.gateway ? own : env.gateway.origin.at(["host"]);
}

/** Contract e: on one cluster, a host belongs to one environment (Kong would merge or shadow their routes). */
export function checkHosts(truths: readonly Overlay[], inputs: Inputs): Problem[] {
  const claims = new Map<string, Map<string, Map<string, Origin>>>(); // cluster -> host -> environment -> origin
  for (const t of truths) {
    for (const { object: o, origin } of t.objects) {
      for (const host of hostsOf(o)) {
        const byHost = claims.get(t.cluster) ?? new Map<string, Map<string, Origin>>();
        const byEnv = byHost.get(host) ?? new Map<string, Origin>();
        if (!byEnv.has(t.environment)) byEnv.set(t.environment, origin);
        byHost.set(host, byEnv);
        claims.set(t.cluster, byHost);
      }
    }
  }
  const problems: Problem[] = [];
  for (const [cluster, byHost] of claims) {
    for (const [host, byEnv] of byHost) {
      if (byEnv.size < 2) continue;
      for (const [environment, origin] of byEnv) {
        const others = [...byEnv.keys()].filter((e) => e !== environment).sort();
        const env = inputs.environments.find((e) => e.name === environment);
        problems.push(problemAt(hostAt(origin, env), `host ${host} is also served by environment ${others.map((e) => `"${e}"`).join(", ")} on cluster "${cluster}"; give each environment its own host`));
      }
    }
  }
  return problems;
}
