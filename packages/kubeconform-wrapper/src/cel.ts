import { celEnv, celError, isCelError, parse, plan, type CelEnv } from "@bufbuild/cel";
import { strings } from "@bufbuild/cel/ext";
import { RE2JS } from "@bufbuild/re2";

export interface CelRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  fieldPath?: string;
}

/** JSON data as CEL values: objects become maps, integers CEL ints, other numbers doubles. */
export function toCel(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toCel);
  if (typeof value === "number") return Number.isInteger(value) ? BigInt(value) : value;
  if (value && typeof value === "object") return new Map(Object.entries(value).map(([k, v]) => [k, toCel(v)]));
  return value;
}

/**
 * RE2 patterns compiled once each. @bufbuild/cel 0.6.1's own `matches` compiles its pattern on
 * every call (std/logic.js: `RE2JS.compile(pattern).test(this)`), which was most of the time
 * `check` spent on the InferenceService's rules; its `re2` option takes an engine instead (env.js).
 * A pattern can come from the data (`self.matches(self.p)`): the memo is bounded.
 */
const MAX_PATTERNS = 1024;
const patterns = new Map<string, RE2JS>();
export const memoRe2 = {
  compile(pattern: string): RE2JS {
    let re = patterns.get(pattern);
    if (!re) {
      re = RE2JS.compile(pattern); // throws on a bad pattern, as the library's own does
      if (patterns.size >= MAX_PATTERNS) patterns.clear();
      patterns.set(pattern, re);
    }
    return re;
  },
  /** How many patterns are held. */
  get size(): number {
    return patterns.size;
  },
};

type Program = { run: ReturnType<typeof plan> } | { error: unknown };
let env: CelEnv | undefined;
/** Each rule parsed and planned once per process (what @bufbuild/cel's run does on every call). */
const programs = new Map<string, Program>();
function planned(expr: string): Program {
  let p = programs.get(expr);
  if (!p) {
    try {
      env ??= celEnv({ funcs: strings, re2: memoRe2 });
      p = { run: plan(env, parse(expr)) };
    } catch (e) {
      p = { error: e };
    }
    programs.set(expr, p);
  }
  return p;
}

export type CelOutcome = { ok: true } | { ok: false; message: string } | { skipped: string };

/**
 * Evaluates one x-kubernetes-validations rule against `self`. Transition rules (oldSelf) and
 * rules using Kubernetes' own CEL libraries (quantity, url, ip, …) cannot be checked offline:
 * they come back as skipped, never as passed. `asCel` gives `self` as a CEL value: the rules of
 * one node share one conversion.
 */
export function evaluateRule(rule: CelRule, self: unknown, asCel: () => unknown = () => toCel(self)): CelOutcome {
  if (/\boldSelf\b/.test(rule.rule)) return { skipped: "transition rule (oldSelf) needs the stored object" };
  let result: unknown;
  try {
    const program = planned(rule.rule);
    result = "error" in program ? celError(program.error) : program.run({ self: asCel() as never });
  } catch (e) {
    result = celError(e); // as @bufbuild/cel's run reports it
  }
  if (isCelError(result)) return { skipped: (result as { message: string }).message };
  if (result === true) return { ok: true };
  if (result === false) return { ok: false, message: rule.message ?? `failed rule: ${rule.rule}` };
  return { skipped: `rule did not return a bool: ${rule.rule}` };
}
