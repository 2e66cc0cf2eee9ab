import { celEnv, celError, isCelError, parse, plan } from "@bufbuild/cel";
import { strings } from "@bufbuild/cel/ext";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { evaluateRule, memoRe2, toCel, type CelOutcome } from "../src/cel.ts";

/** What @bufbuild/cel's own environment (compiling each pattern on every call) makes of a rule. */
function library(rule: string, self: unknown): CelOutcome {
  let result: unknown;
  try {
    result = plan(celEnv({ funcs: strings }), parse(rule))({ self: toCel(self) as never });
  } catch (e) {
    result = celError(e);
  }
  if (isCelError(result)) return { skipped: (result as { message: string }).message };
  if (result === true) return { ok: true };
  if (result === false) return { ok: false, message: `failed rule: ${rule}` };
  return { skipped: `rule did not return a bool: ${rule}` };
}

const PATTERNS = ["^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", "^/", "[", "(?i)^abc$", "a{2,}", "\\d+", "", "(a|b", "^\\S+$"];

describe("CEL matches() with the memoised RE2 engine", () => {
  it("agrees with the library's own engine, bad patterns included, on repeated calls", () => {
    fc.assert(
      fc.property(fc.constantFrom(...PATTERNS), fc.string({ maxLength: 12 }), (pattern, text) => {
        const rule = `self.s.matches(${JSON.stringify(pattern)})`;
        for (let i = 0; i < 2; i++) expect(evaluateRule({ rule }, { s: text })).toEqual(library(rule, { s: text }));
      }),
      { numRuns: 300 },
    );
  });

  it("is the engine CEL's matches() uses; it compiles a pattern once, and patterns taken from the data stay bounded", () => {
    const compile = vi.spyOn(memoRe2, "compile");
    expect(evaluateRule({ rule: "self.s.matches('^only-here$')" }, { s: "only-here" })).toEqual({ ok: true });
    expect(compile).toHaveBeenCalledWith("^only-here$");
    compile.mockRestore();
    expect(memoRe2.compile("^x$")).toBe(memoRe2.compile("^x$"));
    for (let i = 0; i < 3000; i++) evaluateRule({ rule: "self.s.matches(self.p)" }, { s: "a", p: `^a${i}?` });
    expect(memoRe2.size).toBeLessThanOrEqual(1024);
    expect(evaluateRule({ rule: "self.s.matches(self.p)" }, { s: "a", p: "^a7?" })).toEqual({ ok: true });
  });

});
