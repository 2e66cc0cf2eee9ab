import { loadInputs, WAIVER_ANNOTATION_PREFIX } from "@llm-gitops/config";
import { InputError, type Problem } from "@llm-gitops/core";
import { describe, expect, it } from "vitest";
import { checkPolicy, policySummary, waivedText } from "../src/index.ts";
import { example, sources } from "./example.ts";

const DIGEST = "      digest: sha256:5b0e2f8c1d9a47e3b6c0f1e2d3c4b5a69788a7b6c5d4e3f2a1b0c9d8e7f6a5b4\n";
const TAGGED: [string, string] = [DIGEST, "      tag: v0.10.2-r3\n"];
const REASON = "the registry cannot sign digests until Q1; tags are immutable there";
/** A waiver written under the deployment, after its vLLM settings. */
const waive = (rule: string, reason = REASON): [string, string] => ["    autoscaling:\n", `    waivers:\n      - rule: ${rule}\n        reason: ${JSON.stringify(reason)}\n    autoscaling:\n`];
/** Line and column (1-based) of the first occurrence of `needle` in an environment file as edited. */
const at = (file: string, edits: [string, string][], needle: string) => {
  const text = sources({ [file]: edits }).find((s) => s.path === `environments/${file}.yaml`)!.text;
  const before = text.slice(0, text.indexOf(needle)).split("\n");
  return { line: before.length, col: before.at(-1)!.length + 1 };
};
const inputErrors = (edits: Record<string, [string, string][]>): Problem[] => {
  try {
    loadInputs(sources(edits));
  } catch (e) {
    if (e instanceof InputError) return [...e.problems];
    throw e;
  }
  return [];
};

describe("a waiver", () => {
  it("exempts the deployment's objects from the rule, as an annotation, and is shown", () => {
    const broken = example({ prod: [TAGGED] });
    const failed = checkPolicy(broken.truths, broken.inputs);
    expect(failed.problems).toHaveLength(1);
    expect(failed.problems[0]).toMatchObject({ file: "environments/prod.yaml", path: "deployments[0].image", message: expect.stringMatching(/^InferenceService llm-prod\/qwen-chat: .* \[image-digest-in-production on prod-use1-a, prod-use1-b\]$/) });

    const { truths, inputs } = example({ prod: [TAGGED, waive("image-digest-in-production")] });
    const isvc = truths.find((t) => t.cluster === "prod-use1-a" && t.environment === "prod")!.objects.find((r) => r.object.kind === "InferenceService" && r.object.metadata.name === "qwen-chat")!;
    expect(isvc.object.metadata.annotations?.[`${WAIVER_ANNOTATION_PREFIX}image-digest-in-production`]).toBe(REASON);
    const r = checkPolicy(truths, inputs);
    expect(r.problems).toEqual([]);
    expect(r.waived.map(waivedText)).toEqual([
      `waived: environments/prod.yaml:${at("prod", [TAGGED], "image:").line}:5 InferenceService llm-prod/qwen-chat breaks image-digest-in-production on prod-use1-a, prod-use1-b; reason: ${JSON.stringify(REASON)}`,
    ]);
    expect(policySummary(r)).toMatch(/^15 rules hold on \d+ rendered objects; 1 waived$/);
  });

  it("is annotated only on the objects of the kinds its rule judges", () => {
    const { truths } = example({ prod: [waive("route-tls", "served behind an internal TLS proxy")] });
    const annotated = truths.flatMap((t) => t.objects).filter((r) => r.object.metadata.annotations?.[`${WAIVER_ANNOTATION_PREFIX}route-tls`]);
    expect([...new Set(annotated.map((r) => `${r.object.kind} ${r.object.metadata.name}`))]).toEqual(["Ingress qwen-chat-api"]);
  });

  it("that nothing needs is an error at the waiver", () => {
    const edits: [string, string][] = [waive("probes")];
    const { truths, inputs } = example({ prod: edits });
    expect(checkPolicy(truths, inputs).problems).toEqual([
      { file: "environments/prod.yaml", ...at("prod", edits, "rule: probes"), path: "deployments[0].waivers[0]", message: 'unused waiver: no object of deployment "qwen-chat" breaks "probes"; remove the waiver' },
    ]);
  });

  it.each([
    ["an empty reason", waive("probes", ""), "reason:", /say why the exception is deliberate/],
    ["a blank reason", waive("probes", "   "), "reason:", /say why the exception is deliberate/],
    ["no reason", ["    autoscaling:\n", "    waivers:\n      - rule: probes\n    autoscaling:\n"] as [string, string], "rule: probes", /reason/],
    ["an unknown rule", waive("prbes"), "rule: prbes", /probes/],
  ])("with %s is an input error at the waiver", (_, edit, needle, message) => {
    const problems = inputErrors({ prod: [edit] });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: "environments/prod.yaml", ...at("prod", [edit], needle), path: expect.stringMatching(/^deployments\[0\]\.waivers\[0\]/), message: expect.stringMatching(message) });
  });

  it("twice for one rule is an input error at the second", () => {
    const edit: [string, string] = ["    autoscaling:\n", `    waivers:\n      - { rule: probes, reason: a }\n      - { rule: probes, reason: b }\n    autoscaling:\n`];
    expect(inputErrors({ prod: [edit] })).toEqual([expect.objectContaining({ path: "deployments[0].waivers[1]", message: '"probes" is waived twice; keep one waiver per rule' })]);
  });
});

describe("production", () => {
  it.each([
    ["prod by its name", {}, "prod", true],
    ["staging by its name", {}, "staging", false],
    ["staging when it says so", { staging: [["namespace: llm-staging\n", "namespace: llm-staging\nproduction: true\n"]] as [string, string][] }, "staging", true],
    ["prod when it says not", { prod: [["namespace: llm-prod\n", "namespace: llm-prod\nproduction: false\n"]] as [string, string][] }, "prod", false],
  ])("%s", (_, edits, env, production) => {
    const inputs = loadInputs(sources(edits));
    expect(inputs.environments.find((e) => e.name === env)!.production).toBe(production);
  });
});
