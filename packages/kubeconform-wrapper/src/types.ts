/** kubeconform's result statuses, spelled as its JSON output spells them. */
export type Status = "statusValid" | "statusInvalid" | "statusError" | "statusSkipped" | "statusEmpty";

/** A field of some other input that produced a resource (e.g. an environment file's field). */
export interface SourceField {
  file: string;
  line: number;
  col: number;
  path: string;
}

/** One document to validate, from a file, stdin, or memory. */
export interface Resource {
  filename: string;
  /** 0-based position of the document in its file. */
  index: number;
  /** The parsed document; undefined when it could not be parsed. */
  object: unknown;
  /** Why the document could not be used as it is (YAML error, duplicate key in strict mode). */
  parseError?: { message: string; line?: number; col?: number };
  /** Locates a JSON pointer in the source text; absent for objects built in memory. */
  locate?: (pointer: string) => { line: number; col: number };
  /** Where the object came from, when it was rendered from other input. */
  origin?: SourceField;
}

export interface ValidationError {
  /** JSON pointer of the offending field. */
  path: string;
  msg: string;
  line?: number;
  col?: number;
}

export interface Result {
  filename: string;
  kind: string;
  name: string;
  version: string;
  status: Status;
  msg: string;
  validationErrors: ValidationError[];
  /** What could not be checked (CEL rules needing the cluster): printed by the text formats only. */
  notes?: string[];
  /** Position of the document (or its first error) in the file. */
  line?: number;
  col?: number;
  origin?: SourceField;
}

export type OutputFormat = "text" | "json" | "junit" | "tap" | "pretty" | "sarif" | "github";

export interface Options {
  strict: boolean;
  /** "master" or a release such as 1.33.1. */
  kubernetesVersion: string;
  /** kubeconform -schema-location values, in order; empty means ["default"]. */
  schemaLocations: string[];
  /** Directory mirroring upstream schema hosts (LLM_GITOPS_SCHEMA_MIRROR). */
  mirror?: string;
  /** Directory caching schemas fetched over HTTP. */
  cache?: string;
  /** Directory caching compiled validators across runs (their code is executed: trust it as node_modules). */
  validatorCache?: string;
  ignoreMissingSchemas: boolean;
  /** Kinds or apiVersion/Kind to skip or reject. */
  skip: string[];
  reject: string[];
  /** Concurrent schema loads. */
  workers: number;
  /** Validate x-kubernetes-validations CEL rules. */
  cel: boolean;
}

export const DEFAULT_OPTIONS: Options = {
  strict: false,
  kubernetesVersion: "master",
  schemaLocations: [],
  ignoreMissingSchemas: false,
  skip: [],
  reject: [],
  workers: 4,
  cel: true,
};

export interface Summary {
  valid: number;
  invalid: number;
  errors: number;
  skipped: number;
}

export function summarize(results: readonly Result[]): Summary {
  const s: Summary = { valid: 0, invalid: 0, errors: 0, skipped: 0 };
  for (const r of results) {
    if (r.status === "statusValid") s.valid++;
    else if (r.status === "statusInvalid") s.invalid++;
    else if (r.status === "statusError") s.errors++;
    else if (r.status === "statusSkipped") s.skipped++;
  }
  return s;
}
