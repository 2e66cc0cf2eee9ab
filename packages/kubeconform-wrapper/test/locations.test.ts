import { describe, expect, it } from "vitest";
import { convertSchema, crdSchemas } from "../src/crd.ts";
import { DEFAULT_LOCATION, expandLocation, mirrorPath, normalizeLocation } from "../src/locations.ts";
import { matchesKind, signature } from "../src/signature.ts";

const sig = (apiVersion: string, kind: string) => signature({ apiVersion, kind, metadata: { name: "x" } });

describe("schema location templates (kubeconform's expansion)", () => {
  it.each([
    [DEFAULT_LOCATION, "v1", "Namespace", "master", false, "https://raw.githubusercontent.com/yannh/kubernetes-json-schema/master/master-standalone/namespace-v1.json"],
    [DEFAULT_LOCATION, "apps/v1", "Deployment", "1.33.1", true, "https://raw.githubusercontent.com/yannh/kubernetes-json-schema/master/v1.33.1-standalone-strict/deployment-apps-v1.json"],
    [DEFAULT_LOCATION, "networking.k8s.io/v1", "Ingress", "1.33.1", true, "https://raw.githubusercontent.com/yannh/kubernetes-json-schema/master/v1.33.1-standalone-strict/ingress-networking-v1.json"],
    ["schemas/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json", "serving.kserve.io/v1beta1", "InferenceService", "master", false, "schemas/serving.kserve.io/inferenceservice_v1beta1.json"],
    ["x/{{.ResourceKind}}{{.KindSuffix}}{{.StrictSuffix}}.json", "keda.sh/v1alpha1", "ScaledObject", "master", true, "x/scaledobject-keda-v1alpha1-strict.json"],
  ] as const)("%s with %s %s", (tpl, apiVersion, kind, version, strict, expected) => {
    expect(expandLocation(tpl, sig(apiVersion, kind), version, strict)).toBe(expected);
  });

  it("treats a location that does not end in json as a kubernetes-json-schema directory", () => {
    expect(normalizeLocation("/schemas")).toBe("/schemas/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json");
    expect(normalizeLocation("default")).toBe(DEFAULT_LOCATION);
    expect(normalizeLocation("crds/keda.yaml")).toBe("crds/keda.yaml");
  });

  it("refuses unknown template fields", () => {
    expect(() => expandLocation("{{ .Nope }}.json", sig("v1", "Pod"), "master", false)).toThrow("unknown template field {{ .Nope }}");
  });

  it("maps upstream hosts to a mirror and leaves others alone", () => {
    expect(mirrorPath("https://raw.githubusercontent.com/datreeio/CRDs-catalog/main/keda.sh/scaledobject_v1alpha1.json", "/m")).toBe("/m/catalog/keda.sh/scaledobject_v1alpha1.json");
    expect(mirrorPath("https://json.schemastore.org/kustomization.json", "/m/")).toBe("/m/schemastore/kustomization.json");
    expect(mirrorPath("https://example.com/x.json", "/m")).toBe("/m/urls/example.com/x.json");
    expect(mirrorPath("https://example.com/a/../../x.json", "/m")).toBeUndefined();
    expect(mirrorPath("https://json.schemastore.org/kustomization.json", undefined)).toBeUndefined();
  });
});

describe("signature, -skip and -reject", () => {
  it.each([
    [["Namespace"], true],
    [["v1/Namespace"], true],
    [["apps/v1/Namespace"], false],
    [["Deployment"], false],
  ])("%j matches v1 Namespace: %s", (list, ok) => {
    expect(matchesKind(sig("v1", "Namespace"), list)).toBe(ok);
  });
});

describe("CRD conversion (openapi2jsonschema)", () => {
  const schema = {
    type: "object",
    properties: {
      spec: { type: "object", properties: { port: { format: "int-or-string" }, free: { type: "object", "x-kubernetes-preserve-unknown-fields": true, properties: { a: { type: "string" } } } } },
    },
  };

  it("closes nested objects, the root only in strict mode, and keeps preserve-unknown-fields open", () => {
    const loose = convertSchema(schema, false) as Record<string, any>;
    expect(loose.additionalProperties).toBeUndefined();
    expect(loose.properties.spec.additionalProperties).toBe(false);
    expect(loose.properties.spec.properties.free.additionalProperties).toBeUndefined();
    expect((convertSchema(schema, true) as Record<string, unknown>).additionalProperties).toBe(false);
  });

  it("turns int-or-string into a choice", () => {
    expect((convertSchema(schema, false) as Record<string, any>).properties.spec.properties.port).toEqual({ oneOf: [{ type: "string" }, { type: "integer" }] });
  });

  it("reads every served version of every CRD in a file", () => {
    const text = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
spec:
  group: example.com
  names: {kind: Widget}
  versions:
    - name: v1
      schema: {openAPIV3Schema: {type: object, properties: {spec: {type: object}}}}
    - name: v2
      schema: {openAPIV3Schema: {type: object}}
---
kind: ConfigMap
`;
    expect(crdSchemas(text, false).map((c) => `${c.group}/${c.version}/${c.kind}`)).toEqual(["example.com/v1/Widget", "example.com/v2/Widget"]);
  });
});
