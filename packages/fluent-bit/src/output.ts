import { InputError } from "@llm-gitops/core";
import type { Cluster, LogOutput } from "@llm-gitops/config";

/** One Fluent Bit plugin section: `name`, then its properties (YAML scalars, read as strings). */
export type Section = { name: string } & Record<string, string | number>;

const HOST = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const PATH = /^(\/[A-Za-z0-9._~%!+,;=@-]+)*\/?$/;

/** The record accessor syntax of Loki labels (fluent/fluent-bit v3.2.10 plugins/out_loki/loki.c, "labels"). */
const K8S_LABELS = ["namespace=$kubernetes['namespace_name']", "pod=$kubernetes['pod_name']", "container=$kubernetes['container_name']"];

function fail(cluster: Cluster, field: string, message: string): never {
  const at = cluster.origin.at(["logging", "output", field]);
  throw new InputError([{ ...at, message }]);
}

/**
 * Loki's host, port, uri and tls from the push URL base, parsed with the URL API and checked
 * against the host and path grammar again (the schema already restricts it; this never trusts it).
 * The loki output's `uri` default is /loki/api/v1/push (loki.c config map), so a base path is prefixed.
 */
export function lokiEndpoint(cluster: Cluster, url: string): { host: string; port: number; uri: string; tls: boolean } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return fail(cluster, "loki.url", "is not a URL; use e.g. http://loki-gateway.logging.svc");
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") fail(cluster, "loki.url", "must be http:// or https://");
  if (u.username || u.password || u.search || u.hash) fail(cluster, "loki.url", "must not carry credentials, a query or a fragment; give the tenant as loki.tenant");
  if (!HOST.test(u.hostname) || u.hostname.length > 253) fail(cluster, "loki.url", "host must be a DNS name such as loki-gateway.logging.svc");
  if (!PATH.test(u.pathname)) fail(cluster, "loki.url", "path may hold only letters, digits and ._~%!+,;=@-");
  const tls = u.protocol === "https:";
  const base = u.pathname.replace(/\/+$/, "");
  return { host: u.hostname, port: u.port ? Number(u.port) : tls ? 443 : 80, uri: `${base}/loki/api/v1/push`, tls };
}

/** The output section for the cluster's choice. Property names: fluent/fluent-bit v3.2.10 plugins/out_{loki,es,opensearch,stdout}. */
export function outputSection(cluster: Cluster, output: LogOutput, match: string): Section {
  switch (output.kind) {
    case "loki": {
      const e = lokiEndpoint(cluster, output.url);
      return {
        name: "loki",
        match,
        host: e.host,
        port: e.port,
        uri: e.uri,
        tls: e.tls ? "on" : "off",
        ...(e.tls ? { "tls.verify": "on" } : {}),
        ...(output.tenant ? { tenant_id: output.tenant } : {}),
        labels: ["job=llm-gitops", ...K8S_LABELS].join(", "),
        line_format: "json",
        auto_kubernetes_labels: "off",
      };
    }
    case "elasticsearch": {
      if (!HOST.test(output.host)) fail(cluster, "elasticsearch.host", "must be a DNS name such as elasticsearch.logging.svc");
      if (!/^[a-z0-9][a-z0-9._-]{0,62}$/.test(output.index)) fail(cluster, "elasticsearch.index", "must be a lower-case index name");
      return {
        name: output.opensearch ? "opensearch" : "es",
        match,
        host: output.host,
        port: output.port,
        index: output.index,
        tls: output.tls ? "on" : "off",
        ...(output.tls ? { "tls.verify": "on" } : {}),
        suppress_type_name: "on",
        replace_dots: "on",
      };
    }
    case "stdout":
      return { name: "stdout", match, format: "json_lines" };
  }
}
