import { describe, expect, it } from "vitest";
import { cluster, observedCluster } from "@llm-gitops/config/testing";
import type { Cluster, LogOutput } from "@llm-gitops/config";
import { InputError } from "@llm-gitops/core";
import { FLUENT_BIT_CONFIGMAP, renderLogging, REDACT_CALL, type Section } from "../src/index.ts";
import { readConfig } from "./pipeline.ts";

const withOutput = (output: LogOutput): Cluster => {
  const c = observedCluster();
  return { ...c, logging: { ...c.logging!, output } };
};
const render = (c: Cluster) => readConfig(renderLogging(c)[0]!);
const output = (c: Cluster) => render(c).pipeline.outputs[0]!;
const byName = (sections: Section[], name: string) => sections.find((s) => s.name === name)!;

describe("renderLogging", () => {
  it("renders nothing for a cluster without logging", () => expect(renderLogging(cluster())).toEqual([]));

  it("renders one labelled ConfigMap in Fluent Bit's namespace, deterministically", () => {
    const objs = renderLogging(observedCluster());
    expect(objs).toHaveLength(1);
    expect(objs[0]!.metadata).toMatchObject({ name: FLUENT_BIT_CONFIGMAP, namespace: "logging", labels: { "app.kubernetes.io/managed-by": "llm-gitops" } });
    expect(renderLogging(observedCluster())).toEqual(objs);
  });

  it("has the YAML sections and the container-log pipeline", () => {
    const cfg = render(observedCluster());
    expect(Object.keys(cfg).sort()).toEqual(["pipeline", "service"]);
    const tail = byName(cfg.pipeline.inputs, "tail");
    expect(tail).toMatchObject({ path: "/var/log/containers/*.log", "multiline.parser": "docker, cri", tag: "kube.*", skip_long_lines: "on" });
    expect(cfg.pipeline.filters.map((f) => f.name)).toEqual(["kubernetes", "lua"]);
    expect(byName(cfg.pipeline.filters, "kubernetes")).toMatchObject({ merge_log: "on", keep_log: "off", "k8s-logging.exclude": "on" });
    const lua = byName(cfg.pipeline.filters, "lua");
    expect(lua).toMatchObject({ call: REDACT_CALL, protected_mode: "on" });
    // Only what Fluent Bit's Lua state offers: no modules, files or processes.
    expect(String(lua.code)).not.toMatch(/\b(require|io\.|os\.|dofile|loadfile)\b/);
  });

  it.each([
    ["http://loki-gateway.logging.svc", { host: "loki-gateway.logging.svc", port: 80, uri: "/loki/api/v1/push", tls: "off" }],
    ["https://logs.example.com:3100/tenant-a/", { host: "logs.example.com", port: 3100, uri: "/tenant-a/loki/api/v1/push", tls: "on", "tls.verify": "on" }],
    ["https://logs.example.com", { port: 443, tls: "on" }],
  ])("loki output from %s", (url, expected) => {
    const out = output(withOutput({ kind: "loki", url }));
    expect(out).toMatchObject({ name: "loki", match: "kube.*", line_format: "json", ...expected });
    expect(String(out.labels)).toBe("job=llm-gitops, namespace=$kubernetes['namespace_name'], pod=$kubernetes['pod_name'], container=$kubernetes['container_name']");
    expect(out.tenant_id).toBeUndefined();
  });

  it("sets the Loki tenant", () => expect(output(withOutput({ kind: "loki", url: "http://loki:3100", tenant: "llm" })).tenant_id).toBe("llm"));

  it.each(["http://user:pw@loki.svc", "http://loki.svc/?x=1", "http://loki.svc/#f", "ftp://loki.svc", "http://lo ki", "http://LOKI_SVC"])("refuses %s", (url) => {
    expect(() => renderLogging(withOutput({ kind: "loki", url }))).toThrow(InputError);
  });

  it.each([
    [false, "es"],
    [true, "opensearch"],
  ])("elasticsearch output (opensearch %s)", (opensearch, name) => {
    const out = output(withOutput({ kind: "elasticsearch", host: "es.logging.svc", port: 9200, index: "llm-logs", tls: true, opensearch }));
    expect(out).toMatchObject({ name, host: "es.logging.svc", port: 9200, index: "llm-logs", tls: "on", suppress_type_name: "on" });
  });

  it("refuses a bad elasticsearch host", () => {
    expect(() => renderLogging(withOutput({ kind: "elasticsearch", host: "es/../x", port: 9200, index: "llm-logs", tls: false, opensearch: false }))).toThrow(InputError);
  });

  it("stdout output writes JSON lines", () => expect(output(withOutput({ kind: "stdout" }))).toEqual({ name: "stdout", match: "kube.*", format: "json_lines" }));
});
