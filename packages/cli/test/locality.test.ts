import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse, parseDocument, type Document } from "yaml";
import type { Inputs, SourceFile } from "@llm-gitops/config";
import { generateFiles, readSources } from "../src/project.ts";
import { REPO_ROOT } from "./repo.ts";

/**
 * The layout's promise to reviewers and CODEOWNERS: an edit lands where it belongs. Random
 * single-field edits, seeded by the repository's own environments/, are rendered before and after,
 * and every path that changes, appears or disappears must belong to what the edit feeds.
 */
const RUNS = 200;
const sources = await readSources(REPO_ROOT);
const before = generateFiles(sources);
const beforeFiles = new Map(before.files.map((f) => [f.path, f.content]));

interface Edit {
  file: string;
  what: string;
  apply(doc: Document): void;
}
/** Counterexamples print as the edit they make. */
const named = (e: Edit): Edit => Object.assign(e, { [fc.toStringMethod]: () => e.what });

/** Renders with one file edited: the paths that differ, and what was loaded. */
function changedBy(edit: Edit): { changed: string[]; inputs: Inputs } {
  const edited: SourceFile[] = sources.map((s) => {
    if (s.path !== edit.file) return s;
    const doc = parseDocument(s.text);
    edit.apply(doc);
    return { path: s.path, text: doc.toString() };
  });
  let after: ReturnType<typeof generateFiles>;
  try {
    after = generateFiles(edited);
  } catch (e) {
    throw new Error(`the edit ${edit.what} does not load (fix the generator, not the layout): ${(e as Error).message}`);
  }
  const afterFiles = new Map(after.files.map((f) => [f.path, f.content]));
  const changed = [...new Set([...beforeFiles.keys(), ...afterFiles.keys()])].filter((p) => beforeFiles.get(p) !== afterFiles.get(p)).sort();
  return { changed, inputs: after.inputs };
}

const modelsInUse = (inputs: Inputs) => [...new Set(inputs.environments.flatMap((e) => e.deployments.map((d) => d.model.name)))].sort().join();
const environments = before.inputs.environments;
const onCluster = (cluster: string) => environments.filter((e) => e.clusters.some((c) => c.name === cluster)).map((e) => e.name);
/** `clusters/base/<env>/…` or `clusters/<cluster>/<env>/…` for one of the environment's clusters. */
const ofEnvironment = (env: string, path: string) => {
  const clusters = environments.find((e) => e.name === env)!.clusters.map((c) => c.name);
  const [root, dir, overlay] = path.split("/");
  return root === "clusters" && overlay === env && (dir === "base" || clusters.includes(dir!));
};

const HEX = [..."0123456789abcdef"];
const hour = (from: number, to: number) => fc.integer({ min: from, max: to });

/** One valid single-field edit of environments/<env>.yaml, from what the file holds today. */
function environmentEdit(env: string): fc.Arbitrary<Edit> {
  const file = `environments/${env}.yaml`;
  const data = parse(sources.find((s) => s.path === file)!.text) as {
    clusters: string[];
    deployments: { replicas: { min: number; max: number }; autoscaling?: { schedule?: { offHoursMin: number } } }[];
    gateway?: { tiers: Record<string, unknown> };
  };
  const edit = (path: (string | number)[], value: unknown): Edit =>
    named({
      file,
      what: `${file} ${path.join(".")} = ${JSON.stringify(value) ?? "(removed)"}`,
      apply: (doc) => (value !== undefined ? doc.setIn(path, doc.createNode(value)) : doc.hasIn(path) ? doc.deleteIn(path) : undefined),
    });
  return fc.integer({ min: 0, max: data.deployments.length - 1 }).chain((i) => {
    const d = data.deployments[i]!;
    const floor = Math.max(1, d.autoscaling?.schedule?.offHoursMin ?? 1);
    const at = (...path: (string | number)[]) => ["deployments", i, ...path];
    // Upper bounds stay at today's values: the pools are sized for them, more would not load.
    return fc.oneof(
      fc.integer({ min: floor, max: d.replicas.max }).map((v) => edit(at("replicas", "min"), v)),
      fc.integer({ min: d.replicas.min, max: d.replicas.max }).map((v) => edit(at("replicas", "max"), v)),
      fc.tuple(hour(0, 20), hour(0, 20), hour(1, 9)).map(([a, b, r]) => edit(at("image"), { tag: `v0.${a}.${b}-r${r}` })),
      fc.string({ unit: fc.constantFrom(...HEX), minLength: 64, maxLength: 64 }).map((h) => edit(at("image"), { digest: `sha256:${h}` })),
      fc.constantFrom(2048, 4096, 8192, 16384).map((v) => edit(at("vllm", "maxModelLen"), v)),
      fc.constantFrom(16, 32, 64, 128).map((v) => edit(at("vllm", "maxNumSeqs"), v)),
      fc.constantFrom(1, 2, 3, 5, 10).map((v) => edit(at("autoscaling", "target"), v)),
      fc.tuple(fc.constantFrom("UTC", "America/New_York", "Europe/Berlin"), hour(0, 11), hour(12, 23), fc.integer({ min: 1, max: d.replicas.min })).map(([tz, s, e, off]) =>
        edit(at("autoscaling", "schedule"), { timezone: tz, windows: [{ start: `0 ${s} * * 1-5`, end: `0 ${e} * * 1-5` }], offHoursMin: off }),
      ),
      fc.constant(edit(at("autoscaling", "schedule"), undefined)),
      fc.subarray(data.clusters, { minLength: 1 }).map((cs) => edit(at("clusters"), cs)),
      fc.constant(edit(at("clusters"), undefined)),
      fc.integer({ min: 0, max: 1_000_000_000 }).map((v) => edit(["priority"], v)),
      fc.constantFrom("a", "b").map((s) => edit(["namespace"], `llm-${env}-${s}`)),
      // The public API: hosts, limits and the gateway itself stay in the environment's overlays.
      fc.constantFrom("a", "b").map((s) => edit(["gateway", "host"], `${env}-${s}.llm.example.com`)),
      fc.constantFrom("a", "b").map((s) => edit(at("route"), { host: `model-${s}.${env}.llm.example.com` })),
      fc.integer({ min: 1, max: 10_000 }).map((v) => edit(["gateway", "tiers", Object.keys(data.gateway?.tiers ?? { t: 0 })[0]!, "minute"], v)),
      fc.integer({ min: 1, max: 64 }).map((v) => edit(["gateway", "maxRequestMegabytes"], v)),
      fc.constantFrom("key-auth", "jwt").map((v) => edit(["gateway", "authentication"], v)),
      fc.constant(edit(["gateway"], undefined)),
    );
  });
}

describe("locality: an edit to one environment file changes only that environment's paths", () => {
  it(`holds for ${RUNS} random single-field edits (property)`, () => {
    let effective = 0;
    fc.assert(
      fc.property(fc.constantFrom(...environments.map((e) => e.name)).chain((env) => environmentEdit(env).map((edit) => ({ env, edit }))), ({ env, edit }) => {
        const { changed, inputs } = changedBy(edit);
        if (changed.length) effective++;
        const docker = changed.filter((p) => p.startsWith("docker/"));
        const stray = changed.filter((p) => !p.startsWith("docker/") && !ofEnvironment(env, p));
        expect(stray, edit.what).toEqual([]);
        if (modelsInUse(inputs) === modelsInUse(before.inputs)) expect(docker, edit.what).toEqual([]);
      }),
      { numRuns: RUNS, seed: 20261127 },
    );
    // A generator whose edits change nothing would prove nothing.
    expect(effective).toBeGreaterThan(RUNS * 0.6);
  });
});

/** Versions whose mode name (RawDeployment before 0.16, Standard from it) is the current one's. */
const SAME_MODE = [["0.15.1", "0.15.2"], ["0.16.0", "0.17.0", "0.18.0", "0.19.0", "0.20.0"]];

/** One valid edit of a cluster's entry in platform.yaml. */
function clusterEdit(cluster: string): fc.Arbitrary<Edit> {
  const file = "environments/platform.yaml";
  const entry = (parse(sources.find((s) => s.path === file)!.text) as { clusters: Record<string, { kserve: { version: string }; nodePools: { maxNodes: number }[]; gateway?: { kong: { tlsSecret?: string } } }> }).clusters[cluster]!;
  const edit = (path: (string | number)[], value: unknown): Edit =>
    named({
      file,
      what: `${file} clusters.${cluster}.${path.join(".")} = ${JSON.stringify(value)}`,
      apply: (doc) => doc.setIn(["clusters", cluster, ...path], doc.createNode(value)),
    });
  const versions = SAME_MODE.find((vs) => vs.includes(entry.kserve.version))!;
  return fc.oneof(
    fc.dictionary(fc.constantFrom("release", "team", "prometheus"), fc.constantFrom("kube-prometheus-stack", "ml", "main"), { maxKeys: 2 }).map((l) => edit(["prometheus", "monitorLabels"], l)),
    fc.integer({ min: 0, max: entry.nodePools.length - 1 }).chain((i) =>
      // Never below today's: the environments' replicas.max are sized to it.
      fc.integer({ min: entry.nodePools[i]!.maxNodes, max: entry.nodePools[i]!.maxNodes + 50 }).map((n) => edit(["nodePools", i, "maxNodes"], n)),
    ),
    fc.constantFrom(...versions).map((v) => edit(["kserve", "version"], v)),
    fc.constantFrom("gpu-feature-discovery", "instance-type", "karpenter").map((v) => edit(["gpuNodeLabels"], v)),
    fc.constantFrom("monitoring", "observability", "prometheus-adapter").map((v) => edit(["prometheus", "adapterNamespace"], v)),
    fc.boolean().map((v) => edit(["mesh", "istio", "meshWideStrict"], v)),
    fc.constantFrom("1-30", "canary").map((v) => edit(["mesh", "istio", "revision"], v)),
    // A Gateway certificate belongs to gateway-api routes only: such a cluster keeps them.
    fc.constantFrom(...(entry.gateway?.kong.tlsSecret ? ["gateway-api"] : ["ingress", "gateway-api"])).map((v) => edit(["gateway", "kong", "routes"], v)),
    fc.constantFrom("kong", "kong-edge").map((v) => edit(["gateway", "kong", "serviceAccount"], v)),
    fc.constantFrom("argocd", "gitops").map((v) => edit(["argocd", "namespace"], v)),
  );
}

describe("locality: an edit to one cluster in platform.yaml changes only what runs on that cluster", () => {
  const used = [...new Set(environments.flatMap((e) => e.clusters.map((c) => c.name)))].sort();

  it(`holds for ${RUNS} random edits of a cluster's entry (property)`, () => {
    let effective = 0;
    fc.assert(
      fc.property(fc.constantFrom(...used).chain((cluster) => clusterEdit(cluster).map((edit) => ({ cluster, edit }))), ({ cluster, edit }) => {
        const { changed } = changedBy(edit);
        if (changed.length) effective++;
        const envs = onCluster(cluster);
        // An environment's other clusters may change too: a field that now differs leaves the base.
        const own = (p: string) => p.startsWith(`clusters/${cluster}/platform/`) || p.startsWith(`clusters/${cluster}/argocd/`);
        const stray = changed.filter((p) => !own(p) && !envs.some((env) => ofEnvironment(env, p)));
        expect(stray, edit.what).toEqual([]);
      }),
      { numRuns: RUNS, seed: 20261128 },
    );
    // maxNodes and a same-mode KServe version feed only the gates: those edits rightly change nothing.
    expect(effective).toBeGreaterThan(RUNS * 0.3);
  });
});
