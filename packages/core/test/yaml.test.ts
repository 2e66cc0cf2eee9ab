import { describe, expect, it } from "vitest";
import { canonicalJson, toYaml } from "../src/yaml.ts";

describe("toYaml", () => {
  it("puts apiVersion, kind, metadata first, name and namespace first in every mapping, the rest sorted", () => {
    const text = toYaml({ spec: { b: 1, name: "x", a: 2 }, metadata: { labels: { z: "1" }, namespace: "n", name: "o" }, kind: "K", apiVersion: "v1" });
    expect(text).toBe(
      ["apiVersion: v1", "kind: K", "metadata:", "  name: o", "  namespace: n", "  labels:", '    z: "1"', "spec:", "  name: x", "  a: 2", "  b: 1", ""].join("\n"),
    );
  });

  it("is independent of construction order and drops undefined members", () => {
    expect(toYaml({ a: 1, b: { c: 2, d: undefined } })).toBe(toYaml({ b: { c: 2 }, a: 1 }));
  });

  it.each([
    ["a number-like string", "1", '"1"'],
    ["a boolean-like string", "true", '"true"'],
    ["a version string", "0.15", '"0.15"'],
    ["a plain string", "Standard", "Standard"],
  ])("keeps %s a string", (_, value, rendered) => {
    expect(toYaml({ v: value })).toBe(`v: ${rendered}\n`);
  });

  it("writes header lines as comments and never folds long lines", () => {
    const long = `--arg=${"x".repeat(200)}`;
    expect(toYaml({ a: [long] }, ["Generated."])).toBe(`# Generated.\na:\n  - ${long}\n`);
  });
});

describe("canonicalJson", () => {
  it("is equal for deep-equal values whatever their key order", () => {
    expect(canonicalJson({ a: 1, b: [{ y: 1, x: 2 }] })).toBe(canonicalJson({ b: [{ x: 2, y: 1 }], a: 1 }));
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
  });
});
