import { describe, expect, it } from "vitest";
import { formatResults, type OutputOptions } from "../src/output.ts";
import type { Result } from "../src/types.ts";

const invalid: Result = {
  filename: "clusters/a/hpa.yaml", kind: "HorizontalPodAutoscaler", name: "chat", version: "v2", status: "statusInvalid",
  msg: "problem validating schema. Check JSON formatting: jsonschema: '/spec/maxReplicas' does not validate with x#/type: expected integer, but got string",
  validationErrors: [{ path: "/spec/maxReplicas", msg: "expected integer, but got string", line: 9, col: 3 }],
  line: 9, col: 3,
  origin: { file: "environments/prod.yaml", line: 14, col: 7, path: "deployments[0]" },
};
const valid: Result = { filename: "clusters/a/ns.yaml", kind: "Namespace", name: "llm", version: "v1", status: "statusValid", msg: "", validationErrors: [] };
const error: Result = { filename: "clusters/a/w.yaml", kind: "Widget", name: "w", version: "v1", status: "statusError", msg: "could not find schema for Widget", validationErrors: [], line: 1, col: 1 };
const skipped: Result = { filename: "clusters/a/t.yaml", kind: "NamespaceTransformer", name: "ns", version: "", status: "statusSkipped", msg: "", validationErrors: [] };
const results = [invalid, valid, error, skipped];
const opts = (over: Partial<OutputOptions>): OutputOptions => ({ format: "text", summary: true, verbose: false, files: 4, ...over });

describe("output formats", () => {
  it("text: kubeconform's lines, each error located, and the summary", () => {
    expect(formatResults(results, opts({ verbose: true })).split("\n")).toEqual([
      `clusters/a/hpa.yaml - HorizontalPodAutoscaler chat is invalid: ${invalid.msg}`,
      "  clusters/a/hpa.yaml:9:3 /spec/maxReplicas: expected integer, but got string (from environments/prod.yaml:14:7 deployments[0])",
      "clusters/a/ns.yaml - Namespace llm is valid",
      "clusters/a/w.yaml:1:1 - Widget w failed validation: could not find schema for Widget",
      "clusters/a/t.yaml - ns NamespaceTransformer skipped",
      "Summary: 4 resources found in 4 files - Valid: 1, Invalid: 1, Errors: 1, Skipped: 1",
    ]);
  });

  it("json: kubeconform v0.7's shape, only failures unless verbose", () => {
    const doc = JSON.parse(formatResults(results, opts({ format: "json" })));
    expect(Object.keys(doc)).toEqual(["resources", "summary"]);
    expect(doc.summary).toEqual({ valid: 1, invalid: 1, errors: 1, skipped: 1 });
    expect(doc.resources.map((r: Result) => r.status)).toEqual(["statusInvalid", "statusError"]);
    expect(doc.resources[0]).toMatchObject({ filename: "clusters/a/hpa.yaml", kind: "HorizontalPodAutoscaler", name: "chat", version: "v2", validationErrors: [{ path: "/spec/maxReplicas", msg: "expected integer, but got string" }] });
    expect(Object.keys(doc.resources[1])).not.toContain("validationErrors");
    expect(JSON.parse(formatResults(results, opts({ format: "json", verbose: true, summary: false })))).toEqual({ resources: expect.any(Array) });
  });

  it("json: kubeconform's bytes: Go's escapes, empty documents as status \"\" with -verbose, no locations", () => {
    const empty: Result = { filename: "e.yaml", kind: "", name: "", version: "", status: "statusEmpty", msg: "", validationErrors: [] };
    const html: Result = { ...error, msg: "a <b> & c\u2028" };
    expect(formatResults([empty, html], opts({ format: "json", verbose: true, summary: false }))).toBe(`{
  "resources": [
    {
      "filename": "e.yaml",
      "kind": "",
      "name": "",
      "version": "",
      "status": "",
      "msg": ""
    },
    {
      "filename": "clusters/a/w.yaml",
      "kind": "Widget",
      "name": "w",
      "version": "v1",
      "status": "statusError",
      "msg": "a \\u003cb\\u003e \\u0026 c\\u2028"
    }
  ]
}`);
    expect(JSON.parse(formatResults([invalid], opts({ format: "json" }))).resources[0].validationErrors).toEqual([{ path: "/spec/maxReplicas", msg: "expected integer, but got string" }]);
    expect(JSON.parse(formatResults([empty], opts({ format: "json" }))).resources).toEqual([]);
  });

  it("junit: a testsuite per file, failures and errors as such", () => {
    const xml = formatResults(results, opts({ format: "junit" }));
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="kubeconform" time="0" tests="4" failures="1" disabled="1" errors="1">/);
    expect(xml).toContain('<testcase name="HorizontalPodAutoscaler@v2/chat" classname="HorizontalPodAutoscaler@v2/chat"><failure message="');
    expect(xml).toContain("<error message=\"could not find schema for Widget\"");
    expect(xml).toContain("<skipped></skipped>");
    expect(xml.match(/<testsuite /g)).toHaveLength(4);
  });

  it("tap", () => {
    expect(formatResults(results, opts({ format: "tap" })).split("\n")).toEqual([
      "TAP version 13",
      `not ok 1 - clusters/a/hpa.yaml (HorizontalPodAutoscaler chat) - ${invalid.msg}`,
      "ok 2 - clusters/a/ns.yaml (Namespace llm)",
      "not ok 3 - clusters/a/w.yaml (Widget w) - could not find schema for Widget",
      "ok 4 - clusters/a/t.yaml (NamespaceTransformer ns) # skip",
      "1..4",
    ]);
  });

  it("pretty", () => {
    expect(formatResults(results, opts({ format: "pretty", summary: false })).split("\n")).toEqual([
      "✖ clusters/a/hpa.yaml: HorizontalPodAutoscaler chat is invalid (from environments/prod.yaml:14:7 deployments[0])",
      "    clusters/a/hpa.yaml:9:3  /spec/maxReplicas  expected integer, but got string",
      "✖ clusters/a/w.yaml:1:1: Widget w failed validation: could not find schema for Widget",
    ]);
  });

  it("sarif: one result per error, at the environment field when there is one", () => {
    const log = JSON.parse(formatResults(results, opts({ format: "sarif" })));
    expect(log.version).toBe("2.1.0");
    expect(log.runs[0].results).toEqual([
      {
        ruleId: "schema-violation",
        level: "error",
        message: { text: "HorizontalPodAutoscaler chat /spec/maxReplicas: expected integer, but got string (from environments/prod.yaml:14:7 deployments[0])" },
        locations: [{ physicalLocation: { artifactLocation: { uri: "environments/prod.yaml" }, region: { startLine: 14, startColumn: 7 } } }],
      },
      {
        ruleId: "validation-error",
        level: "error",
        message: { text: "Widget w: could not find schema for Widget" },
        locations: [{ physicalLocation: { artifactLocation: { uri: "clusters/a/w.yaml" }, region: { startLine: 1, startColumn: 1 } } }],
      },
    ]);
  });

  it("github: ::error annotations, escaped", () => {
    const multi: Result = { ...error, msg: "a, b: c\nd 100%" };
    expect(formatResults([invalid, multi], opts({ format: "github", summary: false })).split("\n")).toEqual([
      "::error file=environments/prod.yaml,line=14,col=7,title=HorizontalPodAutoscaler chat::/spec/maxReplicas: expected integer, but got string",
      "::error file=clusters/a/w.yaml,line=1,col=1,title=Widget w::a, b: c%0Ad 100%25",
    ]);
  });
});
