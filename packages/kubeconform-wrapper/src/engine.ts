import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import AjvDraft04 from "ajv-draft-04";
import type { CelRule } from "./cel.ts";
import { clipPointer } from "./excerpt.ts";
import { errorTree, type TreeError } from "./errors.ts";
import { compileWithCache, standaloneOptions, validatorKey, validatorKeyOf } from "./compiled.ts";
import { shareRepeated } from "./shared-schemas.ts";
import { API_SERVER_FORMATS } from "./formats.ts";
import type { FoundSchema } from "./registry.ts";

export interface EngineOutcome {
  /** kubeconform's validationErrors: the root causes of the error tree. */
  errors: TreeError[];
  /** CEL rules that could not be evaluated offline. */
  skippedRules: string[];
}

/** Collects what the CEL keyword reports during one synchronous validation. */
let skippedRules: string[] = [];

/**
 * The CEL evaluator, loaded by BuiltinEngine.ready(): @bufbuild/cel builds its protobuf
 * descriptors when imported (30 ms), which a run whose verdicts are all remembered never needs.
 */
let cel: typeof import("./cel.ts") | undefined;

function withKeywords<T extends Ajv>(ajv: T, evaluate: boolean): T {
  ajv.addKeyword({
    keyword: "x-kubernetes-validations",
    schemaType: "array",
    errors: true,
    validate: function celRules(rules: CelRule[], data: unknown, _parent?: unknown, cxt?: { instancePath: string }) {
      if (!evaluate) return true;
      if (!cel) throw new Error("CEL rules evaluated before BuiltinEngine.ready()");
      const { evaluateRule, toCel } = cel;
      const errors: Partial<ErrorObject>[] = [];
      let converted: unknown;
      const asCel = () => (converted ??= toCel(data));
      for (const rule of rules) {
        const outcome = evaluateRule(rule, data, asCel);
        // The path's keys are the input's (under preserve-unknown-fields): clipped for printing.
        if ("skipped" in outcome) skippedRules.push(`${clipPointer(cxt?.instancePath || "/")}: ${rule.rule} (${outcome.skipped})`);
        else if (!outcome.ok) {
          errors.push({ keyword: "x-kubernetes-validations", instancePath: `${cxt?.instancePath ?? ""}${rule.fieldPath ? rule.fieldPath.replace(/^\./, "/").replace(/\./g, "/") : ""}`, message: outcome.message, params: { rule: rule.rule } });
        }
      }
      (celRules as unknown as { errors: Partial<ErrorObject>[] }).errors = errors;
      return errors.length === 0;
    },
  });
  return ajv;
}

/**
 * Schema patterns are Go (RE2) regular expressions, where an escaped punctuation character is
 * always literal; JavaScript's unicode mode refuses identity escapes such as `\-` outside a class
 * (Kong's KongConsumer CRD has `(?:\-[0-9a-f]{4})`). Such a pattern is compiled without the
 * unicode flag, where `\-` means `-` as in RE2.
 */
function re2Compatible(pattern: string, flags: string): RegExp {
  const { source, flags: withInline } = leadingFlags(pattern, flags);
  try {
    return new RegExp(source, withInline);
  } catch (e) {
    if (!withInline.includes("u")) throw e;
    return new RegExp(source, withInline.replace("u", ""));
  }
}

/**
 * RE2's flag group at the start of a pattern (`(?i)`, after an optional `^`; prometheus-operator's
 * PrometheusRule has `^(?i)(abort|warn)?$`) applies to the whole pattern: JavaScript takes it as a
 * flag. i, m and s mean the same in both.
 */
function leadingFlags(pattern: string, flags: string): { source: string; flags: string } {
  const m = /^(\^?)\(\?([ims]+)\)/.exec(pattern);
  if (!m) return { source: pattern, flags };
  const added = [...new Set(m[2]!)].filter((f) => !flags.includes(f)).join("");
  return { source: m[1]! + pattern.slice(m[0].length), flags: flags + added };
}
re2Compatible.code = "new RegExp";

/**
 * Names what verdictSchema takes from a schema (all of a draft-04 one, else all but `$schema`) in
 * keys made from the schema's digest: change it whenever verdictSchema changes.
 */
const VERDICT_SOURCE = "verdict-source 1: $schema dropped unless draft-04";

/** The in-process engine: ajv compiles each schema once; draft-04 schemas get their own dialect. */
export class BuiltinEngine {
  private readonly ajv: Ajv;
  private readonly ajv04: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();
  /** Verdict-only validators (below), by schema source; null: the schema does not compile. */
  private readonly verdicts = new Map<string, ValidateFunction | null>();
  private readonly schemaKeys = new Map<string, string>();
  private readonly fastAjv: Ajv;
  private readonly fastAjv04: Ajv;
  /** Milliseconds spent compiling schemas (reported apart from validation by the benchmark). */
  compileMs = 0;

  /**
   * With a cache directory, validators are compiled once as standalone code and loaded from
   * there on later runs (compiled.ts): the InferenceService schema takes seconds to compile.
   */
  constructor(
    readonly cel = true,
    private readonly validatorCache?: string,
  ) {
    // Formats the API server checks are checked; unknown ones are ignored (formats.ts).
    const code = validatorCache ? standaloneOptions(re2Compatible) : { regExp: re2Compatible };
    const opts = { allErrors: true, strict: false, validateFormats: true, formats: API_SERVER_FORMATS, logger: false, validateSchema: false, verbose: true, code } as const;
    this.ajv = withKeywords(new Ajv(opts), cel);
    this.ajv04 = withKeywords(new AjvDraft04(opts) as unknown as Ajv, cel);
    // Stops at the first failure, no error details, every $ref a function (shared-schemas.ts).
    const fast = { ...opts, allErrors: false, verbose: false, messages: false, inlineRefs: false } as const;
    this.fastAjv = withKeywords(new Ajv(fast), cel);
    this.fastAjv04 = withKeywords(new AjvDraft04(fast) as unknown as Ajv, cel);
  }

  /**
   * The validator that only tells valid from invalid, of the schema with its repeated sub-schemas
   * shared: a fraction of the code of the full one (InferenceService: 0.7 MB against 10 MB), so
   * cheap to compile and to load. Valid documents — nearly all — never need the full one, which
   * gives kubeconform's errors. Undefined when it cannot be compiled: the full one says why.
   */
  verdictValidator(found: FoundSchema): ValidateFunction | undefined {
    let fn = this.verdicts.get(found.source);
    if (fn === undefined) {
      const started = performance.now();
      const { ajv, source } = this.verdictSchema(found);
      try {
        fn = this.validatorCache
          ? compileWithCache(ajv, source, { cacheDir: this.validatorCache, key: `${this.schemaKey(found)}-shared`, derive: shareRepeated })
          : ajv.compile(shareRepeated(source));
      } catch {
        fn = null;
      }
      this.verdicts.set(found.source, fn);
      this.compileMs += performance.now() - started;
    }
    return fn ?? undefined;
  }

  private verdictSchema(found: FoundSchema): { ajv: Ajv; source: FoundSchema["schema"] } {
    const { $schema, ...schema } = found.schema;
    const draft04 = typeof $schema === "string" && $schema.includes("draft-04");
    return draft04 ? { ajv: this.fastAjv04, source: found.schema } : { ajv: this.fastAjv, source: schema };
  }

  /**
   * The verdict validator's key (compiled.ts: ajv's settings, and the schema), once per schema.
   * The schema is named by its digest where the registry gave one (writing out the JSON of
   * megabytes of schema was most of loading a cached validator), with VERDICT_SOURCE for what
   * verdictSchema takes from it; else by its JSON.
   */
  schemaKey(found: FoundSchema): string {
    let key = this.schemaKeys.get(found.source);
    if (key === undefined) {
      const { ajv, source } = this.verdictSchema(found);
      const digest = found.digest;
      key = digest ? validatorKeyOf(ajv, `${VERDICT_SOURCE}\n${digest}`) : validatorKey(ajv, source);
      this.schemaKeys.set(found.source, key);
    }
    return key;
  }

  /**
   * What a remembered verdict is keyed by besides the document (verdicts.ts): the schema's digest
   * where the registry gave one (the code that derives the schema from its text is the bundle's,
   * which the verdict file is for), else its validator key.
   */
  verdictKey(found: FoundSchema): string {
    return `cel=${this.cel}\n${found.source}\n${found.digest ? `digest:${found.digest}` : this.schemaKey(found)}`;
  }

  /** Loads what validating needs beyond ajv (the CEL evaluator, when rules are evaluated): before any validator runs. */
  async ready(): Promise<void> {
    if (this.cel) cel ??= await import("./cel.ts");
  }

  /** The outcome of a valid document, or undefined when the verdict validator finds it invalid. */
  passes(fn: ValidateFunction, object: unknown): EngineOutcome | undefined {
    skippedRules = [];
    return fn(object) ? { errors: [], skippedRules } : undefined;
  }

  compile(found: FoundSchema): ValidateFunction {
    let fn = this.compiled.get(found.source);
    if (!fn) {
      const started = performance.now();
      const { $schema, ...schema } = found.schema;
      const draft04 = typeof $schema === "string" && $schema.includes("draft-04");
      const ajv = draft04 ? this.ajv04 : this.ajv;
      const source = draft04 ? found.schema : schema;
      fn = this.validatorCache ? compileWithCache(ajv, source, { cacheDir: this.validatorCache }) : ajv.compile(source);
      this.compiled.set(found.source, fn);
      this.compileMs += performance.now() - started;
    }
    return fn;
  }

  validate(found: FoundSchema, object: unknown): EngineOutcome {
    return this.run(this.compile(found), object);
  }

  /** Runs any ajv-shaped validate function (ours, or a precompiled one from a schema package). */
  run(fn: ValidateFunction | ((data: unknown) => boolean), object: unknown): EngineOutcome {
    skippedRules = [];
    const ok = fn(object);
    const rules = skippedRules;
    if (ok) return { errors: [], skippedRules: rules };
    return { errors: errorTree(((fn as ValidateFunction).errors ?? []) as ErrorObject[]), skippedRules: rules };
  }
}
