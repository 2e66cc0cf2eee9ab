import { isScalar, LineCounter, parseAllDocuments, visit, type Document, type Node } from "yaml";
import { excerpt, fastParser, locateInYaml, OUTSIDE, type Problem, type Segment } from "@llm-gitops/core";
import type { Location, Origin } from "./model.ts";

/** An input file as read from disk; `path` is relative to the repository root. */
export interface SourceFile {
  path: string;
  text: string;
}

export type { Segment };

interface Located {
  doc: Document.Parsed;
  lines: LineCounter;
}

/**
 * A parsed input file that can point back at any of its fields. Read through the fast YAML path,
 * it has no syntax tree until a position is asked for (a problem to report): then the full parser
 * reads the same text, to the same data (core's fast-yaml.ts and its agreement tests).
 */
export class ParsedFile {
  constructor(
    readonly path: string,
    private readonly text: string,
    private readonly data: unknown,
    private located?: Located,
  ) {}

  value(): unknown {
    return this.data;
  }

  /** Line and column of a field: its key where it has one, else its value; the nearest existing ancestor when absent. */
  position(segments: readonly Segment[]): { line: number; col: number } {
    this.located ??= parseLocated(this.text);
    return locateInYaml(this.located.doc.contents, this.located.lines, segments);
  }

  /**
   * The position of a field, found when first read: renderers keep locations for the problems
   * they may report, and most never report one (then the file is never parsed for positions).
   */
  lazyPosition(segments: readonly Segment[]): { readonly line: number; readonly col: number } {
    let found: { line: number; col: number } | undefined;
    const get = () => (found ??= this.position(segments));
    return {
      get line() {
        return get().line;
      },
      get col() {
        return get().col;
      },
    };
  }

  problem(segments: readonly Segment[], message: string): Problem {
    return { file: this.path, ...this.position(segments), path: formatPath(segments), message };
  }

  /** An Origin for the field at `segments`, able to locate any field below it (lazily, as lazyPosition). */
  origin(segments: readonly Segment[]): Origin {
    const at = (sub: readonly Segment[] = []): Location => {
      const full = [...segments, ...sub];
      const pos = this.lazyPosition(full);
      return {
        file: this.path,
        get line() {
          return pos.line;
        },
        get col() {
          return pos.col;
        },
        path: formatPath(full),
      };
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
  // YAML breaks lines at CR too; the parser only knows LF and CRLF, and would read a file saved
  // with CR-only endings as one line.
  const text = file.text.replace(/\r\n?/g, "\n");
  // One block-style mapping without anchors, tags or duplicate keys: what the full parser reads
  // without a problem, as the same data.
  const fast = parseFast(text);
  if (fast !== OUTSIDE) return { parsed: new ParsedFile(file.path, text, fast), problems: [] };
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, PARSE_OPTIONS(lines));
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
  return { parsed: new ParsedFile(file.path, text, value, { doc, lines }), problems };
}

const PARSE_OPTIONS = (lineCounter: LineCounter) => ({ lineCounter, uniqueKeys: true, prettyErrors: false });
const parseFast = fastParser();

function parseLocated(text: string): Located {
  const lines = new LineCounter();
  // The fast path took this text: one document, which the full parser reads without error.
  const [doc] = parseAllDocuments(text, PARSE_OPTIONS(lines)) as Document.Parsed[];
  return { doc: doc!, lines };
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
