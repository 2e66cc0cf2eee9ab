import { describe, expect, it } from "vitest";
import { parseFlags } from "../src/flags.ts";

describe("kubeconform-style flags", () => {
  it("accepts single and double dashes, inline values, repeats and comma lists", () => {
    const f = parseFlags(
      ["-strict", "--summary", "-kubernetes-version", "v1.33.1", "-schema-location", "default", "-schema-location=catalog", "-skip", "Secret,v1/ConfigMap", "-reject=Pod", "-n", "8", "-output", "sarif", "-ignore-missing-schemas", "-cache", "/tmp/c", "a.yaml", "dir", "-", "--", "-odd-name.yaml"],
      { LLM_GITOPS_SCHEMA_MIRROR: "/m" },
    );
    expect(f.options).toMatchObject({
      strict: true,
      kubernetesVersion: "1.33.1",
      schemaLocations: ["default", "catalog"],
      skip: ["Secret", "v1/ConfigMap"],
      reject: ["Pod"],
      workers: 8,
      ignoreMissingSchemas: true,
      cache: "/tmp/c",
      mirror: "/m",
    });
    expect([f.summary, f.output, f.paths]).toEqual([true, "sarif", ["a.yaml", "dir", "-", "-odd-name.yaml"]]);
  });

  it.each([
    [["-n", "0"], "-n must be a positive integer, got 0"],
    [["-output"], "flag needs an argument: -output"],
    [["-nope"], "flag provided but not defined: -nope"],
    [["-engine", "docker"], "-engine must be builtin or binary, got docker"],
    [["-engine", "auto"], "-engine auto was removed: verdicts must not depend on what is on PATH; use -engine builtin (the default) or -engine binary"],
  ])("%j fails: %s", (argv, message) => {
    expect(() => parseFlags(argv, {})).toThrow(message);
  });

  it("defaults like kubeconform", () => {
    expect(parseFlags([], {})).toMatchObject({ output: "text", summary: false, verbose: false, engine: "builtin", options: { strict: false, kubernetesVersion: "master", schemaLocations: [], workers: 4 } });
  });
});
