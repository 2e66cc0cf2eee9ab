import { beforeAll, describe, expect, it } from "vitest";
import { observedCluster } from "@llm-gitops/config/testing";
import { renderLogging } from "../src/index.ts";
import { at, strings, type Case } from "./corpus-helpers.ts";
import { APP_CASES } from "./corpus-app.ts";
import { VLLM_CASES } from "./corpus-vllm.ts";
import { readConfig, runFilters, type Output } from "./pipeline.ts";

const CASES: Case[] = [...VLLM_CASES, ...APP_CASES];
let outputs: Output[] = [];
let errors: string[] = [];

/** The rendered pipeline's filters, in order, over the whole corpus: kubernetes emulated, Lua in real luajit. */
beforeAll(async () => {
  const config = readConfig(renderLogging(observedCluster())[0]!);
  expect(config.pipeline.filters.map((f) => f.name)).toEqual(["kubernetes", "lua"]);
  ({ outputs, errors } = await runFilters(config, CASES.map((c) => c.input)));
}, 300_000);

describe("redaction corpus (rendered filters, real luajit)", () => {
  it("is big enough and every listed secret is really in its input", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(CASES.map((c) => c.id)).size).toBe(CASES.length);
    for (const c of CASES) for (const s of c.secrets) expect(strings(c.input.record).join("\n"), `${c.id}: ${s}`).toContain(s);
  });

  it("the Lua never raised", () => expect(errors).toEqual([]));

  it.each(CASES.map((c, i) => [c.id, i] as const))("%s", (_, i) => {
    const c = CASES[i]!;
    const out = outputs[i];
    if (c.dropped) return expect(out).toBeUndefined();
    expect(out, "record was dropped").toBeDefined();
    const text = `${strings(out).join("\n")}\n${JSON.stringify(out)}`;
    for (const s of c.secrets) expect(text, `secret survived: ${s}`).not.toContain(s);
    for (const [path, value] of c.keep ?? []) expect(at(out, path), path).toEqual(value);
    for (const [path, sub] of c.contains ?? []) expect(String(at(out, path)), path).toContain(sub);
    // Kubernetes metadata is never touched.
    expect(at(out, "kubernetes.pod_name")).toBe(c.input.metadata.pod_name);
    expect(at(out, "kubernetes.labels")).toEqual(c.input.metadata.labels);
  });
});

describe("the corpus can fail", () => {
  it("without the Lua filter, secrets reach the output", async () => {
    const config = readConfig(renderLogging(observedCluster())[0]!);
    const onlyKubernetes = { ...config, pipeline: { ...config.pipeline, filters: config.pipeline.filters.filter((f) => f.name === "kubernetes") } };
    const { outputs: raw } = await runFilters(onlyKubernetes, CASES.map((c) => c.input));
    const leaking = CASES.filter((c, i) => c.secrets.some((s) => strings(raw[i]).join("\n").includes(s)));
    expect(leaking.length).toBe(CASES.filter((c) => c.secrets.length > 0).length);
  });
});

describe("logging.removeKeys", () => {
  it("removes the configured keys too, case-insensitively, and cuts them in free text", async () => {
    const base = observedCluster();
    const cluster = { ...base, logging: { ...base.logging!, removeKeys: ["retrieved_chunks"] } };
    const config = readConfig(renderLogging(cluster)[0]!);
    const metadata = { pod_name: "rag-0" };
    const { outputs: out, errors: errs } = await runFilters(config, [
      { record: { log: JSON.stringify({ service: "rag", Retrieved_Chunks: ["chunk about patient Zed"], status_code: 200 }) }, metadata },
      { record: { log: "loaded retrieved_chunks: [chunk about patient Yan]" }, metadata },
    ]);
    expect(errs).toEqual([]);
    expect(out[0]).toEqual({ service: "rag", status_code: 200, kubernetes: metadata });
    expect(out[1]!.log).toBe("loaded retrieved_chunks: [redacted]");
  }, 300_000);
});
