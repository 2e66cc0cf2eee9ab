import { summarize, type OutputFormat, type Result } from "./types.ts";

export interface OutputOptions {
  format: OutputFormat;
  summary: boolean;
  verbose: boolean;
  /** Number of files read (for the summary line). */
  files: number;
  stdin?: boolean;
}

const counted = (results: readonly Result[]) => results.filter((r) => r.status !== "statusEmpty");
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const where = (r: Result, line?: number, col?: number) => (line ? `${r.filename}:${line}:${col ?? 1}` : r.filename);
const from = (r: Result) => (r.origin ? ` (from ${r.origin.file}:${r.origin.line}:${r.origin.col} ${r.origin.path})` : "");

function summaryLine(results: readonly Result[], o: OutputOptions): string {
  const s = summarize(results);
  const n = counted(results).length;
  const scope = o.stdin ? "found parsing stdin" : `found in ${plural(o.files, "file")}`;
  return `Summary: ${n} resource${n === 1 ? "" : "s"} ${scope} - Valid: ${s.valid}, Invalid: ${s.invalid}, Errors: ${s.errors}, Skipped: ${s.skipped}`;
}

/** kubeconform's text lines, each error located (invalid fields each on a line of its own). */
function text(results: readonly Result[], o: OutputOptions): string[] {
  const lines: string[] = [];
  for (const r of results) {
    const who = r.kind && r.name ? `${r.kind} ${r.name}` : r.kind;
    if (r.status === "statusValid" && o.verbose) lines.push(`${r.filename} - ${who} is valid`);
    if (r.status === "statusSkipped" && o.verbose) lines.push(`${r.filename} - ${r.name} ${r.kind} skipped`);
    if (r.status === "statusInvalid") {
      lines.push(`${r.filename} - ${who} is invalid: ${r.msg}`);
      for (const e of r.validationErrors) lines.push(`  ${where(r, e.line, e.col)} ${e.path}: ${e.msg}${from(r)}`);
    }
    // kubeconform's line, located when the place is known (a YAML error, a refused kind).
    if (r.status === "statusError") lines.push(`${where(r, r.line, r.col)} - ${r.kind && r.name ? `${who} ` : ""}failed validation: ${r.msg}`);
    if (r.status === "statusValid" && o.verbose) for (const n of r.notes ?? []) lines.push(`  note: ${n}`);
  }
  if (o.summary) lines.push(summaryLine(results, o));
  return lines;
}

/**
 * kubeconform v0.7's JSON, byte for byte (pkg/output/json.go): non-valid resources (all with
 * -verbose, empty documents with status ""), an optional summary, Go's json.MarshalIndent. No
 * line, col or origin here: tooling parses this shape; locations are in the other formats.
 */
function json(results: readonly Result[], o: OutputOptions): string[] {
  const shown = results.filter((r) => o.verbose || (r.status !== "statusValid" && r.status !== "statusSkipped" && r.status !== "statusEmpty"));
  const resources = shown.map((r) => ({
    filename: r.filename,
    kind: r.kind,
    name: r.name,
    version: r.version,
    status: r.status === "statusEmpty" ? "" : r.status,
    msg: r.msg,
    ...(r.validationErrors.length ? { validationErrors: r.validationErrors.map((e) => ({ path: e.path, msg: e.msg })) } : {}),
  }));
  return [goJson(o.summary ? { resources, summary: summarize(results) } : { resources })];
}

/** encoding/json's MarshalIndent: HTML-safe escapes for <, > and &, and U+2028/U+2029 escaped. */
export function goJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function junit(results: readonly Result[]): string[] {
  const byFile = new Map<string, Result[]>();
  for (const r of counted(results)) byFile.set(r.filename, [...(byFile.get(r.filename) ?? []), r]);
  const s = summarize(results);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="kubeconform" time="0" tests="${counted(results).length}" failures="${s.invalid}" disabled="${s.skipped}" errors="${s.errors}">`];
  let id = 0;
  for (const [file, rs] of byFile) {
    const fs = summarize(rs);
    out.push(`  <testsuite name="${xml(file)}" id="${id++}" tests="${rs.length}" failures="${fs.invalid}" errors="${fs.errors}" disabled="${fs.skipped}" skipped="${fs.skipped}">`);
    for (const r of rs) {
      const name = xml(`${r.kind}@${r.version}/${r.name}`);
      if (r.status === "statusValid") out.push(`    <testcase name="${name}" classname="${name}"></testcase>`);
      if (r.status === "statusSkipped") out.push(`    <testcase name="${name}" classname="${name}"><skipped></skipped></testcase>`);
      if (r.status === "statusInvalid") out.push(`    <testcase name="${name}" classname="${name}"><failure message="${xml(r.msg)}" type="">${xml(r.validationErrors.map((e) => `${e.path}: ${e.msg}`).join("\n"))}</failure></testcase>`);
      if (r.status === "statusError") out.push(`    <testcase name="${name}" classname="${name}"><error message="${xml(r.msg)}" type=""></error></testcase>`);
    }
    out.push("  </testsuite>");
  }
  out.push("</testsuites>");
  return out;
}

function tap(results: readonly Result[]): string[] {
  const rs = counted(results);
  const out = ["TAP version 13"];
  rs.forEach((r, i) => {
    const who = `${r.filename} (${r.kind}${r.name ? ` ${r.name}` : ""})`;
    if (r.status === "statusValid") out.push(`ok ${i + 1} - ${who}`);
    if (r.status === "statusSkipped") out.push(`ok ${i + 1} - ${who} # skip`);
    if (r.status === "statusInvalid" || r.status === "statusError") out.push(`not ok ${i + 1} - ${who} - ${r.msg}`);
  });
  out.push(`1..${rs.length}`);
  return out;
}

function pretty(results: readonly Result[], o: OutputOptions): string[] {
  const lines: string[] = [];
  for (const r of results) {
    const who = [r.kind, r.name].filter(Boolean).join(" ");
    if (r.status === "statusValid" && o.verbose) lines.push(`✔ ${r.filename}: ${who} is valid`);
    if (r.status === "statusSkipped" && o.verbose) lines.push(`- ${r.filename}: ${who} skipped`);
    if (r.status === "statusError") lines.push(`✖ ${where(r, r.line, r.col)}: ${who ? `${who} ` : ""}failed validation: ${r.msg}`);
    if (r.status === "statusInvalid") {
      lines.push(`✖ ${r.filename}: ${who} is invalid${from(r)}`);
      for (const e of r.validationErrors) lines.push(`    ${where(r, e.line, e.col)}  ${e.path}  ${e.msg}`);
    }
  }
  if (o.summary) lines.push(summaryLine(results, o));
  return lines;
}

/** SARIF 2.1.0 for code scanning: one result per validation error, located in its file. */
function sarif(results: readonly Result[]): string[] {
  const findings = counted(results).flatMap((r) => {
    const errors = r.status === "statusInvalid" ? r.validationErrors : r.status === "statusError" ? [{ path: "", msg: r.msg, line: r.line, col: r.col }] : [];
    return errors.map((e) => ({
      ruleId: r.status === "statusInvalid" ? "schema-violation" : "validation-error",
      level: "error",
      message: { text: `${r.kind}${r.name ? ` ${r.name}` : ""}${e.path ? ` ${e.path}` : ""}: ${e.msg}${from(r)}` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: r.origin?.file ?? r.filename },
            region: { startLine: r.origin?.line ?? e.line ?? 1, startColumn: r.origin?.col ?? e.col ?? 1 },
          },
        },
      ],
    }));
  });
  const rules = [
    { id: "schema-violation", shortDescription: { text: "Resource does not match its JSON Schema" } },
    { id: "validation-error", shortDescription: { text: "Resource could not be validated" } },
  ];
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [{ tool: { driver: { name: "llm-gitops-validate", informationUri: "https://github.com/yannh/kubeconform", rules } }, results: findings }],
  };
  return [JSON.stringify(log, null, 2)];
}

const escapeData = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escapeProp = (s: string) => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

/** GitHub Actions workflow commands: annotations on the offending lines of the pull request. */
function github(results: readonly Result[], o: OutputOptions): string[] {
  const lines: string[] = [];
  for (const r of counted(results)) {
    const errs = r.status === "statusInvalid" ? r.validationErrors : r.status === "statusError" ? [{ path: "", msg: r.msg, line: r.line, col: r.col }] : [];
    for (const e of errs) {
      const file = r.origin?.file ?? r.filename;
      const line = r.origin?.line ?? e.line ?? 1;
      const col = r.origin?.col ?? e.col ?? 1;
      lines.push(`::error file=${escapeProp(file)},line=${line},col=${col},title=${escapeProp(`${r.kind} ${r.name}`.trim())}::${escapeData(`${e.path ? `${e.path}: ` : ""}${e.msg}`)}`);
    }
  }
  if (o.summary) lines.push(summaryLine(results, o));
  return lines;
}

export function formatResults(results: readonly Result[], o: OutputOptions): string {
  const f = { text, json, junit, tap, pretty, sarif, github }[o.format];
  return f(results, o).join("\n");
}
