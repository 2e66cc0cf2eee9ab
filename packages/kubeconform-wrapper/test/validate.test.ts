import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDocuments, memoryResources } from "../src/documents.ts";
import { createValidator } from "../src/validate.ts";
import { DEFAULT_OPTIONS, type Options, type Result } from "../src/types.ts";
import { MIRROR } from "./shared.ts";

const options = (over: Partial<Options> = {}): Options => ({
  ...DEFAULT_OPTIONS,
  strict: true,
  kubernetesVersion: "1.33.1",
  schemaLocations: ["default", "catalog"],
  mirror: MIRROR,
  ...over,
});
// One validator per configuration: compiling the 1.3 MB InferenceService schema once is enough.
const validators = new Map<string, ReturnType<typeof createValidator>>();
const validatorFor = (o: Options) => {
  const key = JSON.stringify(o);
  if (!validators.has(key)) validators.set(key, createValidator(o));
  return validators.get(key)!;
};
const run = async (objects: unknown[], over: Partial<Options> = {}) =>
  validatorFor(options(over)).validate(memoryResources(objects.map((object, i) => ({ filename: `mem-${i}`, object }))));
const brief = (r: Result) => `${r.status}${r.validationErrors.length ? ` ${r.validationErrors.map((e) => `${e.path}: ${e.msg}`).join("; ")}` : r.msg ? ` ${r.msg}` : ""}`;

const meta = (name: string, namespace?: string) => ({ name, ...(namespace ? { namespace } : {}) });
/** One valid object of every kind llm-gitops emits, and a field path to break in each. */
const KINDS: [string, Record<string, unknown>, string][] = [
  ["Namespace", { apiVersion: "v1", kind: "Namespace", metadata: meta("llm-prod") }, "/metadata/labels"],
  ["ServiceAccount", { apiVersion: "v1", kind: "ServiceAccount", metadata: meta("sa", "ns"), automountServiceAccountToken: false }, "/automountServiceAccountToken"],
  ["ConfigMap", { apiVersion: "v1", kind: "ConfigMap", metadata: meta("cm", "monitoring"), data: { "config.yaml": "rules: []\n" } }, "/data"],
  ["PersistentVolumeClaim", { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: meta("models", "ns"), spec: { accessModes: ["ReadWriteMany"], storageClassName: "nfs", resources: { requests: { storage: "50Gi" } } } }, "/spec/accessModes"],
  ["PriorityClass", { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: meta("llm-gitops-prod"), value: 1000000, globalDefault: false, preemptionPolicy: "PreemptLowerPriority" }, "/value"],
  ["PodDisruptionBudget", { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: meta("chat", "ns"), spec: { maxUnavailable: 1, selector: { matchLabels: { component: "predictor" } } } }, "/spec/selector"],
  ["HorizontalPodAutoscaler", { apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: meta("chat", "ns"), spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "chat-predictor" }, minReplicas: 1, maxReplicas: 3, metrics: [{ type: "Pods", pods: { metric: { name: "vllm_num_requests_waiting" }, target: { type: "AverageValue", averageValue: "2" } } }] } }, "/spec/maxReplicas"],
  ["InferenceService", { apiVersion: "serving.kserve.io/v1beta1", kind: "InferenceService", metadata: meta("chat", "ns"), spec: { predictor: { minReplicas: 1, containers: [{ name: "kserve-container", image: "x:1", args: ["--port=8080"], resources: { limits: { "nvidia.com/gpu": "1" } } }] } } }, "/spec/predictor/minReplicas"],
  ["ScaledObject", { apiVersion: "keda.sh/v1alpha1", kind: "ScaledObject", metadata: meta("chat", "ns"), spec: { scaleTargetRef: { name: "chat-predictor" }, minReplicaCount: 1, maxReplicaCount: 4, triggers: [{ type: "cron", metadata: { timezone: "UTC", start: "0 7 * * *", end: "0 19 * * *", desiredReplicas: "2" } }] } }, "/spec/minReplicaCount"],
  ["Kustomization", { apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources: ["../../base/x"], images: [{ name: "x", newTag: "v1" }] }, "/resources"],
];

function setAt(o: Record<string, unknown>, pointer: string, value: unknown) {
  const keys = pointer.slice(1).split("/");
  let node = o as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
  node[keys.at(-1)!] = value;
}

describe("every kind llm-gitops emits", () => {
  it.each(KINDS)("%s: valid as rendered", async (_, object) => {
    expect((await run([object])).map(brief)).toEqual(["statusValid"]);
  });

  it.each(KINDS)("%s: invalid with a wrong type", async (_, object, field) => {
    const broken = structuredClone(object);
    setAt(broken, field, 12.5);
    const [r] = await run([broken]);
    expect(r!.status).toBe("statusInvalid");
    expect(r!.validationErrors.map((e) => e.path)).toContain(field);
  });

  // CRD schemas leave metadata open (so does kubeconform); their spec is closed. As kubeconform,
  // the error is about the object holding the unknown field.
  const unknownAt = (kind: string) => (["InferenceService", "ScaledObject"].includes(kind) ? "/spec/bogus" : "/metadata/bogus");
  it.each(KINDS.filter(([kind]) => kind !== "Kustomization"))("%s: unknown field rejected in strict mode", async (kind, object) => {
    const broken = structuredClone(object);
    setAt(broken, unknownAt(kind), "x");
    const [r] = await run([broken]);
    expect(brief(r!)).toBe(`statusInvalid ${unknownAt(kind).replace("/bogus", "")}: additional properties 'bogus' not allowed`);
  });
});

describe("kubeconform semantics", () => {
  const sa = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: a\n  name: b\n";

  it("duplicate keys fail in strict mode and keep the last value otherwise", async () => {
    const strict = await createValidator(options()).validate(parseDocuments("sa.yaml", sa, true));
    expect(strict.map((r) => [r.status, r.msg, r.line])).toEqual([["statusError", "error unmarshalling resource: line 5: Map keys must be unique", 5]]);
    const loose = await createValidator(options({ strict: false, kubernetesVersion: "master", schemaLocations: ["https://raw.githubusercontent.com/yannh/kubernetes-json-schema/master/master-standalone-strict/{{ .ResourceKind }}{{ .KindSuffix }}.json"] })).validate(parseDocuments("sa.yaml", sa, false));
    expect(loose.map((r) => [r.status, r.name])).toEqual([["statusValid", "b"]]);
  });

  it.each([
    [false, "statusError could not find schema for Widget"],
    [true, "statusSkipped"],
  ])("a missing schema with -ignore-missing-schemas=%s is %s", async (ignore, expected) => {
    const [r] = await run([{ apiVersion: "example.com/v1", kind: "Widget", metadata: meta("w") }], { ignoreMissingSchemas: ignore });
    expect(brief(r!)).toBe(expected);
  });

  it("skips and rejects by kind or apiVersion/Kind", async () => {
    const ns = { apiVersion: "v1", kind: "Namespace", metadata: meta("n") };
    expect((await run([ns], { skip: ["Namespace"] })).map(brief)).toEqual(["statusSkipped"]);
    expect((await run([ns], { reject: ["v1/Namespace"] })).map(brief)).toEqual(["statusError prohibited resource kind Namespace"]);
  });

  it.each([
    [{ apiVersion: "v1", metadata: meta("x") }, "statusError error while parsing: missing 'kind' key"],
    [{ kind: "Namespace", metadata: meta("x") }, "statusError error while parsing: missing 'apiVersion' key"],
    [null, "statusEmpty"],
  ])("%j is %s", async (object, expected) => {
    expect((await run([object])).map(brief)).toEqual([expected]);
  });

  it("understands kustomize files: JSON patches are checked, builtin plugin configs skipped", async () => {
    const results = await run([
      [{ op: "replace", path: "/spec/predictor/minReplicas", value: 3 }],
      [{ op: "frobnicate", path: "/spec" }],
      { apiVersion: "builtin", kind: "NamespaceTransformer", metadata: { name: "ns", namespace: "x" }, unsetOnly: true },
    ]);
    expect(results.map((r) => [r.kind, brief(r)])).toEqual([
      ["JSONPatch", "statusValid"],
      ["JSONPatch", "statusInvalid /0/op: value must be one of 'add', 'remove', 'replace', 'move', 'copy', 'test'"],
      ["NamespaceTransformer", "statusSkipped kustomize builtin plugin configuration"],
    ]);
  });

  it("locates every error in the file", async () => {
    const text = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n  bogus: 1\nautomountServiceAccountToken: maybe\n";
    const [r] = await createValidator(options()).validate(parseDocuments("sa.yaml", text, true));
    expect([...r!.validationErrors].sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { path: "/automountServiceAccountToken", msg: "got string, want null or boolean", line: 6, col: 1 },
      // The object is the error's path (as kubeconform); the unknown key is its place.
      { path: "/metadata", msg: "additional properties 'bogus' not allowed", line: 5, col: 3 },
    ]);
  });

  it("carries the origin of objects rendered from other input", async () => {
    const origin = { file: "environments/prod.yaml", line: 5, col: 5, path: "deployments[0]" };
    const [r] = await createValidator(options()).validate(memoryResources([{ filename: "clusters/a/prod/x.yaml", object: { apiVersion: "v1", kind: "Namespace", metadata: { name: 3 } }, origin }]));
    expect(r).toMatchObject({ status: "statusInvalid", origin });
  });
});

describe("CEL rules (x-kubernetes-validations)", () => {
  const keda = { schemaLocations: ["https://raw.githubusercontent.com/kedacore/keda/v2.20.2/config/crd/bases/keda.sh_scaledobjects.yaml"] };
  const so = (min: number, max: number) => ({ apiVersion: "keda.sh/v1alpha1", kind: "ScaledObject", metadata: meta("s", "n"), spec: { scaleTargetRef: { name: "d" }, minReplicaCount: min, maxReplicaCount: max, triggers: [{ type: "cron", metadata: {} }] } });

  it("evaluates the CRD's rules: KEDA refuses minReplicaCount above maxReplicaCount", async () => {
    expect((await run([so(5, 2)], keda)).map(brief)).toEqual(["statusInvalid /spec: minReplicaCount must be less than or equal to maxReplicaCount"]);
    expect((await run([so(1, 2)], keda)).map(brief)).toEqual(["statusValid"]);
  });

  it("reports rules it cannot evaluate as skipped, never as passed", async () => {
    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
spec:
  group: example.com
  names: {kind: Widget}
  versions:
    - name: v1
      schema:
        openAPIV3Schema:
          type: object
          x-kubernetes-validations:
            - {rule: "self.metadata.name == oldSelf.metadata.name", message: immutable}
            - {rule: "isURL(self.url)", message: not a URL}
          properties:
            apiVersion: {type: string}
            kind: {type: string}
            metadata: {type: object}
            url: {type: string}
`;
    const { writeFile, mkdtemp } = await import("node:fs/promises");
    const dir = await mkdtemp(join((await import("node:os")).tmpdir(), "crd-"));
    await writeFile(join(dir, "widget.yaml"), crd);
    const [r] = await run([{ apiVersion: "example.com/v1", kind: "Widget", metadata: meta("w"), url: "x" }], { schemaLocations: [join(dir, "widget.yaml")] });
    expect(r!.status).toBe("statusValid");
    expect(r!.msg).toBe("");
    expect(r!.notes?.join("; ")).toMatch(/^CEL rule skipped at \/: self\.metadata\.name == oldSelf\.metadata\.name \(transition rule \(oldSelf\) needs the stored object\); CEL rule skipped at \/: isURL\(self\.url\) \(.*isURL.*\)$/);
  });
});

describe("without any schema location", () => {
  it("falls back to kubernetes-models for core kinds when the default location cannot be reached", async () => {
    const offline = async (url: string | URL | Request) => {
      throw Object.assign(new TypeError("fetch failed"), { cause: new Error(`getaddrinfo ENOTFOUND ${new URL(String(url)).host}`) });
    };
    const validator = createValidator({ ...DEFAULT_OPTIONS, schemaLocations: [], cache: undefined, mirror: undefined } as Options, { fetch: offline as typeof fetch });
    const results = await validator.validate(memoryResources([
      { filename: "a", object: { apiVersion: "v1", kind: "Namespace", metadata: { name: "ok" } } },
      { filename: "b", object: { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "p" }, spec: { maxUnavailable: [] } } },
    ]));
    expect(results.map((r) => r.status)).toEqual(["statusValid", "statusInvalid"]);
  });
});
