/** One problem in the input, located so a person can jump to it. */
export interface Problem {
  /** Repository-relative path of the file, e.g. environments/prod.yaml. */
  file: string;
  line: number;
  col: number;
  /** Field path in the document, e.g. deployments[0].replicas.max ("" for the whole file). */
  path: string;
  /** What is wrong and what to do, in one line. */
  message: string;
  /** Warnings are printed but do not fail the command. */
  severity?: "error" | "warning";
}

/** `environments/prod.yaml:14:7 deployments[0].replicas.max: must be >= replicas.min (3)` */
export function formatProblem(p: Problem): string {
  const where = `${p.severity === "warning" ? "warning: " : ""}${p.file}:${p.line}:${p.col}`;
  return p.path ? `${where} ${p.path}: ${p.message}` : `${where} ${p.message}`;
}

export const isWarning = (p: Problem) => p.severity === "warning";

export function compareProblems(a: Problem, b: Problem): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.message.localeCompare(b.message);
}

/** Expected failure caused by user input: printed one line per problem, never with a stack. */
export class InputError extends Error {
  readonly problems: readonly Problem[];
  constructor(problems: readonly Problem[]) {
    const sorted = [...problems].sort(compareProblems);
    super(sorted.map(formatProblem).join("\n"));
    this.name = "InputError";
    this.problems = sorted;
  }
}

/** Expected failure that is not tied to one input location (e.g. two renderers writing one path). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** A problem at a located field (file, line, col, path), as checks report them. */
export function problemAt(loc: { file: string; line: number; col: number; path: string }, message: string, severity?: "warning"): Problem {
  return { file: loc.file, line: loc.line, col: loc.col, path: loc.path, message, ...(severity ? { severity } : {}) };
}

/**
 * A value as messages may quote it: at most `max` characters, JSON-escaped (control characters,
 * newlines and quotes cannot forge output lines), and marked when cut. Input comes from pull
 * requests and is printed in CI logs: never echo more than this of it.
 */
export function excerpt(value: unknown, max = 40): string {
  const text = typeof value === "string" ? value : String(value);
  const chars = [...text];
  if (chars.length <= max) return JSON.stringify(text);
  return `${JSON.stringify(chars.slice(0, max).join("")).slice(0, -1)}…" (${chars.length} characters)`;
}
