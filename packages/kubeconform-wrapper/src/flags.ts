import { DEFAULT_OPTIONS, type Options, type OutputFormat } from "./types.ts";

export interface ParsedFlags {
  options: Options;
  paths: string[];
  output: OutputFormat;
  summary: boolean;
  verbose: boolean;
  /** Which engine gives the verdicts: never chosen by what happens to be on PATH. */
  engine: "builtin" | "binary";
  kubeconform?: string;
  ignoreFilenamePatterns: RegExp[];
  help: boolean;
}

const BOOLEAN = new Set(["strict", "ignore-missing-schemas", "summary", "verbose", "h", "help", "no-cel"]);
const VALUED = new Set(["kubernetes-version", "schema-location", "cache", "skip", "reject", "output", "n", "schema-mirror", "engine", "kubeconform", "ignore-filename-pattern"]);
const OUTPUTS: OutputFormat[] = ["text", "json", "junit", "tap", "pretty", "sarif", "github"];

export class FlagError extends Error {}

/**
 * kubeconform's flags, in its single-dash style (`-strict`, `-schema-location x`,
 * `-output=json`); double dashes work too. Everything else is a path.
 */
export function parseFlags(argv: readonly string[], env: Record<string, string | undefined> = process.env): ParsedFlags {
  const options: Options = { ...DEFAULT_OPTIONS, schemaLocations: [], skip: [], reject: [], ...(env.LLM_GITOPS_SCHEMA_MIRROR ? { mirror: env.LLM_GITOPS_SCHEMA_MIRROR } : {}) };
  const out: ParsedFlags = { options, paths: [], output: "text", summary: false, verbose: false, engine: "builtin", ignoreFilenamePatterns: [], help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      out.paths.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      out.paths.push(arg);
      continue;
    }
    const [rawName, inline] = arg.replace(/^--?/, "").split(/=(.*)/s, 2) as [string, string | undefined];
    if (BOOLEAN.has(rawName)) {
      const on = inline === undefined || inline === "true";
      if (rawName === "strict") options.strict = on;
      else if (rawName === "ignore-missing-schemas") options.ignoreMissingSchemas = on;
      else if (rawName === "summary") out.summary = on;
      else if (rawName === "verbose") out.verbose = on;
      else if (rawName === "no-cel") options.cel = !on;
      else out.help = true;
      continue;
    }
    if (!VALUED.has(rawName)) throw new FlagError(`flag provided but not defined: -${rawName}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new FlagError(`flag needs an argument: -${rawName}`);
    switch (rawName) {
      case "kubernetes-version":
        options.kubernetesVersion = value.replace(/^v/, "");
        break;
      case "schema-location":
        options.schemaLocations.push(value);
        break;
      case "cache":
        options.cache = value;
        break;
      case "skip":
        options.skip.push(...value.split(",").filter(Boolean));
        break;
      case "reject":
        options.reject.push(...value.split(",").filter(Boolean));
        break;
      case "n":
        options.workers = Number(value);
        if (!Number.isInteger(options.workers) || options.workers < 1) throw new FlagError(`-n must be a positive integer, got ${value}`);
        break;
      case "output":
        if (!OUTPUTS.includes(value as OutputFormat)) throw new FlagError(`-output must be one of ${OUTPUTS.join(", ")}, got ${value}`);
        out.output = value as OutputFormat;
        break;
      case "schema-mirror":
        options.mirror = value;
        break;
      case "engine":
        // "auto" (kubeconform when on PATH) made verdicts depend on the machine: it is gone.
        if (value === "auto") throw new FlagError("-engine auto was removed: verdicts must not depend on what is on PATH; use -engine builtin (the default) or -engine binary (kubeconform, from PATH or -kubeconform PATH)");
        if (!["builtin", "binary"].includes(value)) throw new FlagError(`-engine must be builtin or binary, got ${value}`);
        out.engine = value as ParsedFlags["engine"];
        break;
      case "kubeconform":
        out.kubeconform = value;
        break;
      case "ignore-filename-pattern":
        out.ignoreFilenamePatterns.push(new RegExp(value));
        break;
    }
  }
  return out;
}

export const VALIDATE_USAGE = `Usage: llm-gitops validate [options] [FILE|DIR|-]...

Validates Kubernetes manifests against their JSON Schemas, as kubeconform does (same flags,
same verdicts), with the file:line:col of every error. Kustomization files, kustomize builtin
plugin configs and JSON 6902 patch files are understood. Without paths, validates a fresh
render of environments/ and reports each error at the environment field that produced it
(with check's settings — strict, Kubernetes 1.33.1, default and catalog — unless
-schema-location is given).

Options (single or double dash):
  -strict                    reject unknown fields and duplicate keys
  -kubernetes-version V      version of the core schemas (default master)
  -schema-location L         repeatable: default, catalog, a directory, a URL or path template
                             ({{.Group}} {{.ResourceKind}} {{.ResourceAPIVersion}}
                             {{.NormalizedKubernetesVersion}} {{.StrictSuffix}} {{.KindSuffix}}),
                             or a CRD YAML file
  -schema-mirror DIR         offline copy of the upstream schema hosts (env LLM_GITOPS_SCHEMA_MIRROR)
  -cache DIR                 cache schemas fetched over HTTP
  -ignore-missing-schemas    skip resources without a schema instead of failing them
  -skip K,…  -reject K,…     kinds (or apiVersion/Kind) to skip or to refuse
  -ignore-filename-pattern R skip files matching a regular expression (repeatable)
  -output F                  text, json, junit, tap, pretty, sarif or github (default text)
  -summary  -verbose         print a summary; print valid and skipped resources too
  -n N                       concurrent schema loads (default 4)
  -engine E                  builtin (default: in process) or binary (run kubeconform)
  -kubeconform PATH          the kubeconform binary to run
  -no-cel                    do not evaluate x-kubernetes-validations CEL rules
  -h                         show this help

Exit codes: 0 all valid, 1 something is invalid or failed, 2 usage error.`;
