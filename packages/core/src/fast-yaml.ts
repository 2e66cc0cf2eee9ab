import { Document, isScalar, type DocumentOptions, type ParseOptions, type ScalarTag, type SchemaOptions } from "yaml";

/** Returned for any text outside the subset: the caller parses it with the full parser. */
export const OUTSIDE: unique symbol = Symbol("outside the fast subset");
type Value = unknown;

/** The `yaml` package's options a fast parser reads like: its version, schema and custom tags. */
export type FastParseOptions = ParseOptions & DocumentOptions & SchemaOptions;

/**
 * The block-style YAML that generators and people write for Kubernetes — one document, block
 * mappings and sequences, single-line plain and quoted scalars, `|` and `|-` literals, `[]` and
 * `{}` — parsed straight into plain data, about ten times faster than the full parser with its
 * syntax tree. Anything else (anchors, tags, flow collections, folded or multi-line scalars,
 * several documents, tabs, duplicate or merge keys, non-finite numbers) is OUTSIDE, and the full
 * parser decides. Scalars resolve through the full parser's own tags for `options`, so a value
 * means the same on both paths; the tests hold the two equal over fuzzed and real documents
 * (packages/core/test/fast-yaml.test.ts, packages/kubeconform-wrapper/test/fast-yaml.test.ts).
 */
export function fastParser(options: FastParseOptions = {}): (text: string) => Value | typeof OUTSIDE {
  // The full parser's own scalar tags, in its order (compose-scalar.js, findScalarTagByTest).
  const tags = new Document(null, options).schema.tags as ScalarTag[];
  const resolver: Resolver = {
    options,
    value: tags.filter((t) => t.default === true && t.test && !("collection" in t && t.collection)),
    key: tags.filter((t) => (t.default === true || t.default === "key") && t.test && !("collection" in t && t.collection)),
  };
  return (text) => parse(text, resolver);
}

interface Resolver {
  options: FastParseOptions;
  value: ScalarTag[];
  key: ScalarTag[];
}

function parse(text: string, resolver: Resolver): Value | typeof OUTSIDE {
  // Other line breaks, a BOM, control characters, several documents or a directive: full parser.
  if (SPECIAL.test(text) || text.includes("\n---") || text.includes("\n...") || text.startsWith("%")) return OUTSIDE;
  const lines = text.split("\n");
  if (lines[0] === "---") lines[0] = "";
  const indents = lines.map(indentOf);
  try {
    const p = new Parser(lines, indents, text.includes("\t"), resolver);
    p.skip();
    if (p.at >= lines.length || indents[p.at] !== 0 || isDash(lines[p.at]!, 0)) throw OUTSIDE;
    const value = p.map(0);
    p.skip();
    if (p.at < lines.length) throw OUTSIDE;
    return value;
  } catch (e) {
    if (e === OUTSIDE) return OUTSIDE;
    throw e;
  }
}

const SPECIAL = /[\0-\x08\x0b-\x1f\x7f\x85\u2028\u2029\ufeff]|^---.|^\.\.\./;
const INDICATOR = new Set("-?:,[]{}#&*!|>'\"%@`");
const indentOf = (line: string) => {
  let i = 0;
  while (line.charCodeAt(i) === 32) i++;
  return i;
};
const isDash = (line: string, at: number) => line[at] === "-" && (at + 1 === line.length || line[at + 1] === " ");
/** Blank, or a comment from `at` on. */
const restIsBlank = (line: string, at: number) => {
  while (line.charCodeAt(at) === 32) at++;
  return at === line.length || line[at] === "#";
};

class Parser {
  at = 0;
  constructor(
    private readonly lines: string[],
    private readonly indents: number[],
    /** Whether the text has a tab anywhere: only then are lines searched for one. */
    private readonly tabs: boolean,
    private readonly resolver: Resolver,
  ) {}

  /** Past blank and comment lines; a tab outside a literal's content is OUTSIDE. */
  skip(): void {
    while (this.at < this.lines.length) {
      const line = this.lines[this.at]!;
      if (this.tabs && line.includes("\t")) throw OUTSIDE;
      if (!restIsBlank(line, this.indents[this.at]!)) return;
      this.at++;
    }
  }

  /** The next content line's indentation, or -1 at the end. */
  private next(): number {
    this.skip();
    return this.at < this.lines.length ? this.indents[this.at]! : -1;
  }

  map(n: number): Record<string, Value> {
    const out: Record<string, Value> = {};
    while (this.next() === n) {
      const line = this.lines[this.at]!;
      if (isDash(line, n)) throw OUTSIDE; // a sequence where a key belongs
      const { key, after } = this.key(line, n);
      const value = this.value(line, after, n, true);
      // As the full parser adds a pair (addPairToJSMap.js): a name the object already has,
      // inherited ones included (__proto__, toString), is defined as its own property.
      if (key in out) {
        if (Object.hasOwn(out, key)) throw OUTSIDE; // strict mode's error, or last-wins: the full parser's call
        Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
      } else out[key] = value;
    }
    if (this.at < this.lines.length && this.indents[this.at]! > n) throw OUTSIDE;
    return out;
  }

  seq(n: number): Value[] {
    const out: Value[] = [];
    while (this.next() === n && isDash(this.lines[this.at]!, n)) {
      const line = this.lines[this.at]!;
      let c = n + 1;
      while (line.charCodeAt(c) === 32) c++;
      if (restIsBlank(line, c)) {
        this.at++;
        out.push(this.nested(n, false));
      } else if (isDash(line, c)) throw OUTSIDE;
      else if (this.isEntry(line, c)) {
        this.indents[this.at] = c; // `- key: v`: a mapping whose keys sit at c
        out.push(this.map(c));
      } else out.push(this.value(line, c, n, false));
    }
    if (this.at < this.lines.length && this.indents[this.at]! > n) throw OUTSIDE;
    return out;
  }

  /** The block under a key or a dash at column n, or null when none follows. */
  private nested(n: number, inMap: boolean): Value {
    const i = this.next();
    if (i > n) return isDash(this.lines[this.at]!, i) ? this.seq(i) : this.map(i);
    // A mapping's value may be a sequence at the key's own column.
    if (inMap && i === n && isDash(this.lines[this.at]!, n)) return this.seq(n);
    return null;
  }

  private isEntry(line: string, at: number): boolean {
    const q = line[at];
    if (q === '"' || q === "'") {
      const end = quotedEnd(line, at);
      return end > 0 && line[end] === ":";
    }
    return line.indexOf(": ", at) >= 0 || line.endsWith(":");
  }

  private key(line: string, at: number): { key: string; after: number } {
    const q = line[at];
    let key: string;
    let colon: number;
    if (q === '"' || q === "'") {
      const end = quotedEnd(line, at);
      if (end < 0 || line[end] !== ":" || (end + 1 < line.length && line[end + 1] !== " ")) throw OUTSIDE;
      key = quoted(line.slice(at, end));
      colon = end;
    } else {
      colon = line.indexOf(": ", at);
      if (colon < 0) colon = line.endsWith(":") ? line.length - 1 : -1;
      const text = colon < 0 ? "" : line.slice(at, colon);
      if (!text || INDICATOR.has(text[0]!) || text.includes("#") || text.endsWith(" ")) throw OUTSIDE;
      const v = resolvePlain(text, true, this.resolver);
      key = v === null ? "" : String(v);
    }
    return { key, after: colon + 1 };
  }

  /** The value from column `at` of the current line, which belongs to a node at column n. */
  private value(line: string, at: number, n: number, inMap: boolean): Value {
    while (line.charCodeAt(at) === 32) at++;
    if (at === line.length || line[at] === "#") {
      this.at++;
      return this.nested(n, inMap);
    }
    const c = line[at]!;
    this.at++;
    if (c === "|") return this.literal(line.slice(at), n);
    if (c === '"' || c === "'") {
      const end = quotedEnd(line, at);
      if (end < 0 || !restIsBlank(line, end) || (end < line.length && line[end] !== " ")) throw OUTSIDE;
      return quoted(line.slice(at, end));
    }
    if (c === "[" || c === "{") {
      if (line[at + 1] !== (c === "[" ? "]" : "}") || !restIsBlank(line, at + 2) || (line.length > at + 2 && line[at + 2] !== " ")) throw OUTSIDE;
      return c === "[" ? [] : {};
    }
    if (INDICATOR.has(c) && !(c === "-" && line.length > at + 1 && line[at + 1] !== " ")) throw OUTSIDE;
    const hash = line.indexOf(" #", at);
    let end = hash < 0 ? line.length : hash;
    while (line.charCodeAt(end - 1) === 32) end--;
    // ": " inside, or ":" at the end: a mapping where a scalar belongs.
    const colon = line.indexOf(": ", at);
    if ((colon >= 0 && colon < end) || line.charCodeAt(end - 1) === 58) throw OUTSIDE;
    return resolvePlain(line.slice(at, end), false, this.resolver);
  }

  /** `|` or `|-` under a node at column n: the lines indented past n, as written. */
  private literal(header: string, n: number): string {
    if (!/^\|-? *$/.test(header)) throw OUTSIDE;
    const { lines, indents } = this;
    const start = this.at;
    let m = -1;
    let end = start; // one past the last line with content
    for (let i = start; i < lines.length; i++) {
      const line = lines[i]!;
      if (indents[i] === line.length) {
        if (m >= 0 && line.length > m) throw OUTSIDE; // spaces that are content: not worth the subtlety
        continue;
      }
      if (m < 0) {
        if (indents[i]! <= n) break;
        m = indents[i]!;
        for (let k = start; k < i; k++) if (lines[k]!.length > m) throw OUTSIDE; // leading spaces past m: an error
      } else if (indents[i]! < m) {
        if (indents[i]! > n) throw OUTSIDE;
        break;
      }
      end = i + 1;
    }
    this.at = end;
    if (m < 0) return "";
    const body = lines.slice(start, end).map((l, k) => (indents[start + k] === l.length ? "" : l.slice(m)));
    return body.join("\n") + (header.startsWith("|-") ? "" : "\n");
  }
}

/** The index just past a quoted scalar's closing quote on this line, or -1. */
function quotedEnd(s: string, at: number): number {
  const q = s[at];
  for (let i = at + 1; i < s.length; i++) {
    if (q === '"' && s[i] === "\\") i++;
    else if (s[i] === q) {
      if (q === "'" && s[i + 1] === "'") i++;
      else return i + 1;
    }
  }
  return -1;
}

const ESCAPES: Record<string, string> = { "0": "\0", a: "\x07", b: "\b", e: "\x1b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", N: "\u0085", _: "\u00a0", L: "\u2028", P: "\u2029", " ": " ", '"': '"', "/": "/", "\\": "\\" };

/** A one-line quoted scalar, quotes included, as the full parser resolves it (resolve-flow-scalar.js). */
function quoted(s: string): string {
  const body = s.slice(1, -1);
  if (s[0] === "'") return body.replaceAll("''", "'");
  if (!body.includes("\\")) return body;
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== "\\") {
      out += ch;
      continue;
    }
    const e = body[++i]!;
    if (ESCAPES[e] !== undefined) out += ESCAPES[e];
    else if (e === "x" || e === "u" || e === "U") {
      const len = e === "x" ? 2 : e === "u" ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + len);
      const code = /^[0-9a-fA-F]+$/.test(hex) && hex.length === len ? parseInt(hex, 16) : NaN;
      if (!(code <= 0x10ffff)) throw OUTSIDE;
      out += String.fromCodePoint(code);
      i += len;
    } else throw OUTSIDE;
  }
  return out;
}

/**
 * First characters that no tag's test can match (null: ~ n N; bool: y n t f o in either case;
 * numbers: digits, signs, dot; merge: <): such plain scalars are strings without any test.
 * test/fast-yaml.test.ts checks this against the tags themselves.
 */
export const plainString = (text: string): boolean => {
  const c = text.charCodeAt(0);
  // a-z, A-Z but not n N y Y t T f F o O; or _ / $
  return ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 47 || c === 36) && !"nNyYtTfFoO".includes(text[0]!);
};

/** A plain scalar's value; a merge key or a non-finite number is OUTSIDE. */
function resolvePlain(text: string, atKey: boolean, resolver: Resolver): Value {
  if (plainString(text)) return text;
  for (const tag of atKey ? resolver.key : resolver.value) {
    if (!tag.test!.test(text)) continue;
    if (tag.default === "key" || tag.tag === "tag:yaml.org,2002:merge") throw OUTSIDE;
    let failed = false;
    const r = tag.resolve(text, () => (failed = true), resolver.options as never);
    const v = isScalar(r) ? r.value : r;
    if (failed || (typeof v === "number" && !Number.isFinite(v)) || (v !== null && typeof v === "object")) throw OUTSIDE;
    return v;
  }
  return text;
}

/**
 * A stream of documents split at `---` lines, each read by `parse`; OUTSIDE when any is (the full
 * parser then reads the whole stream). A `---` at the start of a line always ends a document in
 * valid YAML: block content is indented. Blank and comment-only pieces hold no document, as the
 * full parser's null documents hold nothing.
 */
export function fastDocuments(parse: (text: string) => Value | typeof OUTSIDE, text: string): Value[] | typeof OUTSIDE {
  if (/^(\.\.\.|%)/m.test(text)) return OUTSIDE;
  const out: Value[] = [];
  for (const piece of text.split(/^---$/m)) {
    if (piece.split("\n").every((l) => /^[ ]*(#.*)?$/.test(l))) continue;
    const value = parse(piece);
    if (value === OUTSIDE) return OUTSIDE;
    out.push(value);
  }
  return out;
}
