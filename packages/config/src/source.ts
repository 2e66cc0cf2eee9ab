import { isScalar, LineCounter, parseAllDocuments, visit, type Document, type Node } from "yaml";
import { excerpt, locateInYaml, type Problem, type Segment } from "@llm-gitops/core";
import type { Location, Origin } from "./model.ts";

/** An input file as read from disk; `path` is relative to the repository root. */
export interface SourceFile {
  path: string;
  text: string;
}

export type { Segment };

/** A parsed input file that can point back at any of its fields. */
export class ParsedFile {
  constructor(
    readonly path: string,
    readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
    private readonly data: unknown,
  ) {}

  value(): unknown {
    return this.data;
  }

  /** Line and column of a field: its key where it has one, else its value; the nearest existing ancestor when absent. */
  position(segments: readonly Segment[]): { line: number; col: number } {
    return locateInYaml(this.doc.contents, this.lines, segments);
  }

  problem(segments: readonly Segment[], message: string): Problem {
    return { file: this.path, ...this.position(segments), path: formatPath(segments), message };
  }

  /** An Origin for the field at `segments`, able to locate any field below it. */
  origin(segments: readonly Segment[]): Origin {
    const at = (sub: readonly Segment[] = []): Location => {
      const full = [...segments, ...sub];
      return { file: this.path, ...this.position(full), path: formatPath(full) };
    };
    return { file: this.path, path: formatPath(segments), at };
  }
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `deployments[0].replicas.max`, `gpuProfiles["a10g-24gb"].gpu` */
export function formatPath(segments: readonly Segment[]): string {
  let out = "";
  for (const seg of segments) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (IDENTIFIER.test(seg) && !seg.includes("-")) out += out ? `.${seg}` : seg;
    else out += `[${excerpt(seg)}]`;
  }
  return out;
}

/** Parses one YAML file, reporting syntax errors, duplicate keys, emptiness and extra documents. */
export function parseSource(file: SourceFile): { parsed?: ParsedFile; problems: Problem[] } {
  const lines = new LineCounter();
  // YAML breaks lines at CR too; the parser only knows LF and CRLF, and would read a file saved
  // with CR-only endings as one line.
  const text = file.text.replace(/\r\n?/g, "\n");
  const docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number) => lines.linePos(Math.min(offset, text.length));
  const problems: Problem[] = [];
  if (!Array.isArray(docs)) {
    // Only an empty stream parses to a lone EmptyStream.
    return { problems: [{ file: file.path, line: 1, col: 1, path: "", message: emptyMessage }] };
  }
  // Duplicate keys are independent of each other; after the first syntax error the parser's
  // further complaints are mostly echoes of it, so only that one is reported.
  const errors = docs.flatMap((d) => d.errors);
  const syntax = errors.find((e) => e.code !== "DUPLICATE_KEY");
  for (const e of errors) {
    if (e.code === "DUPLICATE_KEY") {
      problems.push({ file: file.path, ...at(e.pos[0]), path: "", message: `duplicate key ${keyAt(text, e.pos)}; remove one of them` });
    } else if (e === syntax) {
      problems.push({ file: file.path, ...at(e.pos[0]), path: "", message: `not valid YAML: ${firstLine(e.message)}` });
    }
  }
  for (const doc of docs) {
    for (const w of doc.warnings) {
      problems.push({ file: file.path, ...at(w.pos[0]), path: "", message: `not valid input: ${firstLine(w.message)}` });
    }
    visit(doc, {
      Alias(_, alias) {
        if (!alias.resolve(doc)) {
          problems.push({ file: file.path, ...at(alias.range?.[0] ?? 0), path: "", message: `alias *${excerpt(alias.source).slice(1, -1)} refers to no anchor defined before it; define the anchor (&name) first or write the value out` });
        }
      },
      Pair(_, pair) {
        if (pair.key !== null && !isScalar(pair.key)) {
          const pos = at((pair.key as Node).range?.[0] ?? 0);
          problems.push({ file: file.path, ...pos, path: "", message: "not valid input: mapping keys must be plain strings (is this a template?)" });
        }
      },
    });
  }
  if (problems.length) return { problems };
  if (docs.length > 1) {
    const pos = at(docs[1]!.range[0]);
    return { problems: [{ file: file.path, ...pos, path: "", message: "expected one YAML document, found more; remove the '---' separator or split the file" }] };
  }
  const doc = docs[0];
  if (!doc || doc.contents === null) {
    return { problems: [{ file: file.path, line: 1, col: 1, path: "", message: emptyMessage }] };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    // yaml refuses alias expansions beyond the count: the billion-laughs attack.
    const first = docs[0]!.contents?.range?.[0] ?? 0;
    return { problems: [{ file: file.path, ...at(first), path: "", message: `aliases expand to too much (more than ${MAX_ALIAS_COUNT} uses of an anchor); write the values out` }] };
  }
  return { parsed: new ParsedFile(file.path, doc, lines, value), problems };
}

const MAX_ALIAS_COUNT = 100;

const emptyMessage = "file is empty; expected a YAML mapping (see environments/ in the README for the format)";

function firstLine(s: string): string {
  return s.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "").trim();
}

/** The key a duplicate-key error points at: from its position to the ':' on that line. */
function keyAt(text: string, pos: [number, number]): string {
  const line = text.slice(pos[0], pos[0] + 200).split("\n")[0] ?? "";
  const key = line.replace(/\s*:.*$/, "").replace(/^["']|["']$/g, "").trim();
  return key ? excerpt(key) : "";
}
