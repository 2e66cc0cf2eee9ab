import { Type } from "@sinclair/typebox";
import { DNS_SUBDOMAIN, FullVersion, HTTP_URL, Label, Labels, Strict } from "./schema-kit.ts";

/**
 * What a cluster runs to observe its models (Grafana, the DCGM exporter, Fluent Bit and where its
 * logs go) in platform.yaml, and an environment's service-level objectives in its own file.
 */

const Url = (description: string) =>
  Type.String({ pattern: HTTP_URL, maxLength: 2048, description, hint: "use an http(s) URL such as http://loki-gateway.logging.svc" });

export const DcgmExporterSchema = Type.Object(
  {
    namespace: Label("namespace of the DCGM exporter's Service (gpu-operator with the GPU Operator)"),
    serviceLabels: Labels("labels of the exporter's Service, e.g. app: nvidia-dcgm-exporter"),
    port: Type.Optional(Label("name of the Service's metrics port (default gpu-metrics)")),
  },
  { ...Strict, description: "render the DCGM exporter's ServiceMonitor with the settings the adapter rules assume (turn the chart's own off)" },
);

export const GrafanaSchema = Type.Object(
  {
    namespace: Label("namespace the Grafana dashboard sidecar watches"),
    dashboardLabels: Labels("labels the sidecar selects dashboard ConfigMaps by (kube-prometheus-stack: grafana_dashboard: \"1\")"),
  },
  { ...Strict, description: "where dashboards go" },
);

const Output = Type.Union(
  [
    Type.Object({ loki: Type.Object({ url: Url("Loki push URL base (the loki output adds /loki/api/v1/push)"), tenant: Type.Optional(Label("X-Scope-OrgID tenant")) }, Strict) }, Strict),
    Type.Object(
      {
        elasticsearch: Type.Object(
          {
            host: Type.String({ pattern: DNS_SUBDOMAIN, maxLength: 253, description: "Elasticsearch or OpenSearch host", hint: "use a host name such as elasticsearch.logging.svc" }),
            port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
            index: Type.Optional(Label("index name (default llm-logs)")),
            tls: Type.Optional(Type.Boolean()),
            opensearch: Type.Optional(Type.Boolean({ description: "use Fluent Bit's opensearch output" })),
          },
          Strict,
        ),
      },
      Strict,
    ),
    Type.Object({ stdout: Type.Object({}, Strict) }, Strict),
  ],
  { description: "where redacted logs go: loki, elasticsearch (or opensearch) or stdout (development)" },
);

const KEY = "^[A-Za-z_][A-Za-z0-9_.-]{0,62}$";

export const LoggingSchema = Type.Object(
  {
    fluentBit: Type.Object(
      {
        version: FullVersion("Fluent Bit release the cluster runs (YAML configuration from 3.2)", "3.2.10"),
        namespace: Label("namespace Fluent Bit runs in (its configuration ConfigMap goes there)"),
      },
      Strict,
    ),
    output: Output,
    redaction: Type.Optional(
      Type.Object(
        {
          removeKeys: Type.Optional(
            Type.Array(Type.String({ pattern: KEY, description: "record key", hint: "use a key of letters, digits, '_', '.' and '-'" }), {
              maxItems: 64,
              description: "more keys to remove wherever they occur, besides prompt, response, messages and the other defaults",
            }),
          ),
        },
        Strict,
      ),
    ),
  },
  { ...Strict, description: "the Fluent Bit pipeline that keeps prompts and responses out of log storage" },
);

const Seconds = (description: string) => Type.Number({ exclusiveMinimum: 0, maximum: 86400, description });

export const SloSchema = Type.Object(
  {
    timeToFirstTokenSeconds: Type.Optional(Seconds("p95 time to first token (default 2)")),
    interTokenLatencySeconds: Type.Optional(Seconds("p95 time between output tokens (default 0.1)")),
    endToEndSeconds: Type.Optional(Seconds("p95 whole-request latency (default 60)")),
    errorRatio: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1, description: "fraction of requests that may fail (default 0.01)" })),
    queueDepth: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1e6, description: "requests waiting per replica before alerting (default 10)" })),
    kvCacheUsage: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1, description: "KV-cache fraction in use before alerting (default 0.95)" })),
    gpuUtilization: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100, description: "GPU utilisation % sustained before alerting (default 95)" })),
  },
  { ...Strict, description: "the environment's service-level objectives: alert thresholds" },
);
