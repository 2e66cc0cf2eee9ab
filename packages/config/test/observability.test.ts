import { describe, expect, it } from "vitest";
import { loadPair, pairProblems, PLATFORM, PROD } from "./fixtures.ts";

const OBSERVED = `      dcgmExporter:
        namespace: gpu-operator
        serviceLabels: { app: nvidia-dcgm-exporter }
    grafana:
      namespace: monitoring
      dashboardLabels: { grafana_dashboard: "1" }
    logging:
      fluentBit: { version: "3.2.10", namespace: logging }
      output:
        loki: { url: "http://loki-gateway.logging.svc" }
`;
const PLATFORM_OBS = PLATFORM.replace("      monitorLabels: {}\n", `      monitorLabels: {}\n${OBSERVED}`);
const load = (platform: string, prod = PROD) => loadPair(platform, prod);

const problemsOf = (platform: string, prod = PROD) => pairProblems(platform, prod);

describe("observability settings resolve with their defaults", () => {
  it("gives the DCGM exporter its port, the log output its kind, and every environment its SLOs", () => {
    const inputs = load(PLATFORM_OBS, `${PROD}slo:\n  timeToFirstTokenSeconds: 1\n`);
    const c = inputs.platform.clusters.get("prod-a")!;
    expect(c.prometheus.dcgmExporter).toEqual({ namespace: "gpu-operator", serviceLabels: { app: "nvidia-dcgm-exporter" }, port: "gpu-metrics" });
    expect(c.grafana).toEqual({ namespace: "monitoring", dashboardLabels: { grafana_dashboard: "1" } });
    expect(c.logging).toEqual({ fluentBit: { version: "3.2.10", namespace: "logging" }, output: { kind: "loki", url: "http://loki-gateway.logging.svc" }, removeKeys: [] });
    expect(inputs.environments[0]!.slo).toEqual({ timeToFirstTokenSeconds: 1, interTokenLatencySeconds: 0.1, endToEndSeconds: 60, errorRatio: 0.01, queueDepth: 10, kvCacheUsage: 0.95, gpuUtilization: 95 });
  });

  it.each([
    ["elasticsearch with defaults", 'elasticsearch: { host: es.logging.svc }', { kind: "elasticsearch", host: "es.logging.svc", port: 9200, index: "llm-logs", tls: false, opensearch: false }],
    ["stdout", "stdout: {}", { kind: "stdout" }],
  ])("resolves a %s output", (_, output, expected) => {
    const platform = PLATFORM_OBS.replace('loki: { url: "http://loki-gateway.logging.svc" }', output);
    expect(load(platform).platform.clusters.get("prod-a")!.logging!.output).toEqual(expected);
  });
});

describe("observability settings that cannot work are refused", () => {
  it.each([
    ["a Fluent Bit without the YAML configuration", PLATFORM_OBS.replace('version: "3.2.10"', 'version: "2.2.3"'), PROD, /logging\.fluentBit\.version: Fluent Bit "2\.2\.3" cannot read the YAML configuration llm-gitops renders \(complete from 3\.2\.0\); upgrade Fluent Bit/],
    ["the Fluent Bit namespace as an environment's", PLATFORM_OBS, PROD.replace("namespace: llm-prod", "namespace: logging"), /namespace: "logging" is the Fluent Bit namespace of cluster "prod-a", which llm-gitops must not own/],
    ["two outputs at once", PLATFORM_OBS.replace('loki: { url: "http://loki-gateway.logging.svc" }', 'loki: { url: "http://loki-gateway.logging.svc" }\n        stdout: {}'), PROD, /logging\.output/],
    ["an SLO ratio above 1", PLATFORM_OBS, `${PROD}slo:\n  errorRatio: 2\n`, /slo\.errorRatio: must be <= 1/],
  ])("%s", (_, platform, prod, expected) => {
    expect(problemsOf(platform, prod).join("\n")).toMatch(expected);
  });
});
