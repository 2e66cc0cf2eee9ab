import { formatProblem, type Problem } from "@llm-gitops/core";
import type { Io } from "./io.ts";

export const OUTPUT_FORMATS = ["text", "json", "github"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** check's gates in the order it runs them; generate runs the first three, then writes or compares. */
export const GATES = ["input", "serving", "contracts", "changes", "schema", "policy", "drift"] as const;
export type Gate = (typeof GATES)[number] | "write";

/** One problem, where a person (or a GitHub annotation) can find it. */
export interface Finding {
  gate: Gate;
  severity: "error" | "warning";
  message: string;
  file?: string;
  line?: number;
  col?: number;
  /** The field in `file`, e.g. deployments[0].replicas.max. */
  path?: string;
  /** The rendered file it concerns, when `file` is the environment file behind it. */
  object?: string;
}

export interface GateResult {
  gate: Gate;
  status: "ok" | "failed" | "not run";
  summary: string;
}

type Line = { finding: Finding; text: string } | { kind: "note" | "summary"; stream: "out" | "err"; text: string };

export const fromProblem = (p: Problem, gate: Gate): Finding => ({
  gate,
  severity: p.severity ?? "error",
  message: p.message,
  file: p.file,
  line: p.line,
  col: p.col,
  ...(p.path ? { path: p.path } : {}),
});

/** The text line of a finding: `file:line:col field: message`, as every command has printed problems. */
export function findingText(f: Finding): string {
  if (f.file && f.line) return formatProblem({ file: f.file, line: f.line, col: f.col ?? 1, path: f.path ?? "", message: f.message, severity: f.severity });
  return `${f.severity === "warning" ? "warning: " : ""}${f.file ? `${f.file}: ` : ""}${f.message}`;
}

/**
 * What a command found, printed at the end in one of three forms: text (problems on stderr, one
 * line each; summaries as the command words them), github (workflow commands that annotate the
 * lines of the pull request, then the summaries) or json (one document: problems and summary).
 */
export class Report {
  private readonly lines: Line[] = [];
  readonly findings: Finding[] = [];
  readonly gates: GateResult[] = [];

  constructor(
    readonly command: string,
    readonly format: OutputFormat,
  ) {}

  add(finding: Finding, text = findingText(finding)): void {
    this.findings.push(finding);
    this.lines.push({ finding, text });
  }

  /** A line for people reading text output only, such as a heading above findings. */
  note(text: string, stream: "out" | "err" = "err"): void {
    this.lines.push({ kind: "note", stream, text });
  }

  /** A summary line: printed as text and under the annotations; JSON carries the gates instead. */
  summary(text: string, stream: "out" | "err" = "out"): void {
    this.lines.push({ kind: "summary", stream, text });
  }

  gate(gate: Gate, status: GateResult["status"], summary: string): void {
    this.gates.push({ gate, status, summary });
  }

  errors(gate?: Gate): number {
    return this.findings.filter((f) => f.severity === "error" && (gate === undefined || f.gate === gate)).length;
  }

  /** Prints the report; returns the exit code. */
  emit(io: Io, exitCode: number): number {
    if (this.format === "json") {
      const warnings = this.findings.length - this.errors();
      const summary = { gates: this.gates, errors: this.errors(), warnings, verdict: exitCode === 0 ? "passed" : "failed", exitCode };
      io.out(JSON.stringify({ command: this.command, problems: this.findings, summary }, null, 2));
      return exitCode;
    }
    for (const line of this.lines) {
      if ("finding" in line) {
        if (this.format === "github") io.out(annotation(line.finding));
        else io.err(line.text);
      } else if (this.format === "text" || line.kind === "summary") {
        (line.stream === "out" ? io.out : io.err)(line.text);
      }
    }
    return exitCode;
  }
}

// GitHub's escaping of workflow commands (@actions/core command.ts): data escapes %, CR and LF;
// properties also ':' and ',', which separate them.
const escapeData = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

/** `::error file=environments/prod.yaml,line=14,col=7,title=input: deployments[0]…::message` */
export function annotation(f: Finding): string {
  const props = [
    ...(f.file ? [`file=${escapeProperty(f.file)}`] : []),
    ...(f.file && f.line ? [`line=${f.line}`, `col=${f.col ?? 1}`] : []),
    `title=${escapeProperty(f.path ? `${f.gate}: ${f.path}` : `llm-gitops ${f.gate}`)}`,
  ];
  const message = f.object ? `${f.message} (${f.object})` : f.message;
  return `::${f.severity === "warning" ? "warning" : "error"} ${props.join(",")}::${escapeData(message)}`;
}
