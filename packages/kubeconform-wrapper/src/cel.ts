import { celEnv, celError, isCelError, parse, plan, type CelEnv } from "@bufbuild/cel";
import { strings } from "@bufbuild/cel/ext";

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

type Program = { run: ReturnType<typeof plan> } | { error: unknown };
let env: CelEnv | undefined;
/** Each rule parsed and planned once per process (what @bufbuild/cel's run does on every call). */
const programs = new Map<string, Program>();
function planned(expr: string): Program {
  let p = programs.get(expr);
  if (!p) {
    try {
      env ??= celEnv({ funcs: strings });
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
 * they come back as skipped, never as passed.
 */
export function evaluateRule(rule: CelRule, self: unknown): CelOutcome {
  if (/\boldSelf\b/.test(rule.rule)) return { skipped: "transition rule (oldSelf) needs the stored object" };
  let result: unknown;
  try {
    const program = planned(rule.rule);
    result = "error" in program ? celError(program.error) : program.run({ self: toCel(self) as never });
  } catch (e) {
    result = celError(e); // as @bufbuild/cel's run reports it
  }
  if (isCelError(result)) return { skipped: (result as { message: string }).message };
  if (result === true) return { ok: true };
  if (result === false) return { ok: false, message: rule.message ?? `failed rule: ${rule.rule}` };
  return { skipped: `rule did not return a bool: ${rule.rule}` };
}
