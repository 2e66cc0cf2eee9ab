import { atLeast, excerpt, type Problem } from "@llm-gitops/core";
import { DEFAULTS } from "./defaults.ts";
import type { Cluster, Logging, Slo } from "./model.ts";
import type { ClusterInput, EnvironmentInput } from "./schema.ts";
import type { ParsedFile } from "./source.ts";

/** Fluent Bit reads every section of its YAML configuration from 3.2 on (../shared/DOMAIN.md B6). */
const MIN_FLUENT_BIT = "3.2.0";

/** Resolves a cluster's Grafana, DCGM exporter and logging settings (defaults applied). */
export function resolveClusterObservability(
  parsed: ParsedFile,
  name: string,
  c: ClusterInput,
  problems: Problem[],
): Pick<Cluster, "grafana" | "logging"> & { dcgmExporter?: NonNullable<Cluster["prometheus"]["dcgmExporter"]> } {
  const at = (...rest: (string | number)[]) => ["clusters", name, ...rest];
  const d = c.prometheus.dcgmExporter;
  let logging: Logging | undefined;
  if (c.logging) {
    const l = c.logging;
    if (!atLeast(l.fluentBit.version, MIN_FLUENT_BIT)) {
      problems.push(parsed.problem(at("logging", "fluentBit", "version"), `Fluent Bit ${excerpt(l.fluentBit.version)} cannot read the YAML configuration llm-gitops renders (complete from ${MIN_FLUENT_BIT}); upgrade Fluent Bit`));
    }
    const o = l.output;
    logging = {
      fluentBit: l.fluentBit,
      output:
        "loki" in o
          ? { kind: "loki", url: o.loki.url, ...(o.loki.tenant ? { tenant: o.loki.tenant } : {}) }
          : "elasticsearch" in o
            ? { kind: "elasticsearch", host: o.elasticsearch.host, port: o.elasticsearch.port ?? DEFAULTS.elasticsearch.port, index: o.elasticsearch.index ?? DEFAULTS.elasticsearch.index, tls: o.elasticsearch.tls ?? false, opensearch: o.elasticsearch.opensearch ?? false }
            : { kind: "stdout" },
      removeKeys: l.redaction?.removeKeys ?? [],
    };
  }
  return {
    ...(c.grafana ? { grafana: c.grafana } : {}),
    ...(logging ? { logging } : {}),
    ...(d ? { dcgmExporter: { namespace: d.namespace, serviceLabels: d.serviceLabels, port: d.port ?? DEFAULTS.dcgmPort } } : {}),
  };
}

export function resolveSlo(input: EnvironmentInput): Slo {
  return { ...DEFAULTS.slo, ...input.slo };
}
