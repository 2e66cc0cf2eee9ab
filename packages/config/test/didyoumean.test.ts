import { describe, expect, it } from "vitest";
import { didYouMean } from "../src/didyoumean.ts";

describe("didYouMean", () => {
  it.each<[string, string[], string | undefined]>([
    ["valdiate", ["generate", "check", "show", "validate"], "validate"],
    ["chek", ["check", "root", "output", "output-dir", "help"], "check"],
    // A typo of a longer name beats a prefix match: --output-dri is --output-dir.
    ["output-dri", ["check", "root", "output", "output-dir", "help"], "output-dir"],
    // A name cut short or run on is still found.
    ["qwen2.5-7b-instruct", ["qwen2.5-7b-instruct-awq", "llama-3.1-8b"], "qwen2.5-7b-instruct-awq"],
    ["enviroment", ["env", "cluster", "kind", "name", "root", "help"], "env"],
    ["fp16", ["awq", "gptq", "fp8", "none"], "fp8"],
    ["deploy", ["generate", "check", "show", "validate"], undefined],
    ["x".repeat(101), ["x"], undefined],
  ])("%j among %j → %j", (input, candidates, expected) => {
    expect(didYouMean(input, candidates)).toBe(expected);
  });
});
