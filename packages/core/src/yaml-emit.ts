import { Document, type ScalarTag } from "yaml";

/**
 * The YAML that `stringify(canonicalize(value), { lineWidth: 0, minContentWidth: 0,
 * aliasDuplicateObjects: false })` writes (yaml.ts, toYaml), written directly for plain data:
 * block mappings and sequences of strings, finite numbers, booleans and null, in the canonical key
 * order. The `yaml` package builds a node tree and a context per node first; rendering a few
 * thousand manifests, that was most of generate's time. Each decision below is the package's own
 * (yaml 2.9.1, as the lock file pins it: dist/stringify/stringifyString.js, stringifyNumber.js,
 * stringifyPair.js), restricted to what plain manifests hold; for anything else (control
 * characters, `|+` blocks, keys over 1024 characters, values that are not plain data) the caller
 * falls back to the package. test/yaml-emit.test.ts
 * holds the two byte-equal over fuzzed values and every committed file.
 */
export function emitYaml(value: unknown, compare: (a: string, b: string) => number): string | undefined {
  const lines: string[] = [];
  try {
    if (Array.isArray(value)) {
      if (value.length === 0) return "[]\n";
      sequence(value, "", "", lines, compare);
    } else if (typeof value === "object" && value !== null) {
      const keys = present(value as Record<string, unknown>, compare);
      if (keys.length === 0) return "{}\n";
      mapping(value as Record<string, unknown>, keys, "", "", lines, compare);
    } else return undefined;
  } catch (e) {
    if (e === OUTSIDE) return undefined;
    throw e;
  }
  lines.push("");
  return lines.join("\n");
}

const OUTSIDE = Symbol("outside the emitter's subset");
type Compare = (a: string, b: string) => number;
type Data = Record<string, unknown>;

/**
 * canonicalize's keys: sorted, without undefined members, then as the object it builds orders
 * them: array indices first, ascending (ECMA-262 OrdinaryOwnPropertyKeys). `__proto__` it cannot
 * copy: the package decides.
 */
function present(object: Data, compare: Compare): string[] {
  const keys = Object.keys(object).filter((k) => object[k] !== undefined);
  if (keys.includes("__proto__")) throw OUTSIDE;
  keys.sort(compare);
  const indices = keys.filter(isIndex);
  return indices.length ? [...indices.sort((a, b) => Number(a) - Number(b)), ...keys.filter((k) => !isIndex(k))] : keys;
}

const isIndex = (k: string) => {
  const c = k.charCodeAt(0);
  return c >= 48 && c <= 57 && /^(0|[1-9][0-9]*)$/.test(k) && Number(k) < 2 ** 32 - 1;
};

/** A non-empty mapping's lines: the first starts with `first` (a sequence's "- "), the rest with `indent`. */
function mapping(object: Data, keys: string[], first: string, indent: string, lines: string[], compare: Compare): void {
  let prefix = first;
  const inner = `${indent}  `;
  for (const key of keys) {
    const text = scalar(key, true, "");
    if (text.length > 1024) throw OUTSIDE; // the package writes an explicit `? key`
    node(object[key], `${prefix}${text}:`, inner, inner, lines, compare);
    prefix = indent;
  }
}

/** A non-empty sequence's lines, as `mapping`. */
function sequence(items: unknown[], first: string, indent: string, lines: string[], compare: Compare): void {
  let prefix = first;
  const inner = `${indent}  `;
  for (const item of items) {
    if (item === undefined) throw OUTSIDE;
    node(item, `${prefix}-`, inner, inner, lines, compare);
    prefix = indent;
  }
}

/**
 * A value after its key's colon or its dash (`head`): a scalar or an empty collection on the same
 * line; a mapping or sequence on the lines below, at `below` (a sequence under a key is indented,
 * the package's indentSeq); a mapping or sequence in a sequence starts on the dash's line.
 */
function node(value: unknown, head: string, below: string, content: string, lines: string[], compare: Compare): void {
  const inSequence = head.endsWith("-");
  if (Array.isArray(value)) {
    if (value.length === 0) lines.push(`${head} []`);
    else if (inSequence) sequence(value, `${head} `, below, lines, compare);
    else {
      lines.push(head);
      sequence(value, below, below, lines, compare);
    }
  } else if (typeof value === "object" && value !== null) {
    const keys = present(value as Data, compare);
    if (keys.length === 0) lines.push(`${head} {}`);
    else if (inSequence) mapping(value as Data, keys, `${head} `, below, lines, compare);
    else {
      lines.push(head);
      mapping(value as Data, keys, below, below, lines, compare);
    }
  } else lines.push(`${head} ${scalar(value, false, content)}`);
}

/** The default-tag tests a plain string must not match, or it would read back as another type (stringifyString.ts, plainString). */
const TYPED = (new Document(null).schema.tags as ScalarTag[]).filter((t) => t.default && t.tag !== "tag:yaml.org,2002:str" && t.test).map((t) => t.test!);
// Characters the package writes double-quoted with escapes (stringifyString), and separators it
// would write raw; both are left to it.
// eslint-disable-next-line no-control-regex
const ESCAPED = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\u{D800}-\u{DFFF}]/u;
/** What a plain scalar cannot be (plainString's own test). */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;
/**
 * Most names, labels and paths: a letter (not n, t, f, y or o: null, booleans), `_`, `/` or `$`
 * first, then letters, digits and `._/$-`. No indicator, space, colon or escape, and no default
 * tag's test matches such a word, so it is written plain without the tests (test/yaml-emit.test.ts).
 */
const SIMPLE = /^[A-EG-MP-SU-XZa-eg-mp-su-xz_/$][A-Za-z0-9_./$-]*$/;

/** A scalar's text; `content` is a block literal's indentation. */
function scalar(value: unknown, key: boolean, content: string): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw OUTSIDE;
    return Object.is(value, -0) ? "-0" : JSON.stringify(value);
  }
  if (typeof value !== "string") throw OUTSIDE;
  if (SIMPLE.test(value)) return value;
  if (ESCAPED.test(value)) throw OUTSIDE;
  if (value.includes("\n")) {
    if (key) throw OUTSIDE;
    return literal(value, content);
  }
  if (NOT_PLAIN.test(value)) return quoted(value);
  if (DOCUMENT_MARKER.test(value)) throw OUTSIDE;
  for (const test of TYPED) if (test.test(value)) return quoted(value);
  return value;
}

/** One line, quoted as quotedString picks: single quotes only for a double quote without a single one. */
function quoted(value: string): string {
  return value.includes('"') && !value.includes("'") ? `'${value}'` : JSON.stringify(value);
}

/** blockString's literal style, for `|` and `|-` (one or no final newline). */
function literal(text: string, indent: string): string {
  if (/\n[\t ]+$/.test(text)) throw OUTSIDE; // quoted by the package
  let value = text;
  let endStart = value.length;
  while (endStart > 0 && "\n\t ".includes(value[endStart - 1]!)) endStart--;
  let end = value.substring(endStart);
  const newline = end.indexOf("\n");
  if (newline >= 0 && (value === end || newline !== end.length - 1)) throw OUTSIDE; // `|+`: keep
  const chomp = newline < 0 ? "-" : "";
  if (end) {
    value = value.slice(0, -end.length);
    if (end.endsWith("\n")) end = end.slice(0, -1);
  }
  let startWithSpace = false;
  let startNl = -1;
  let startEnd = 0;
  for (; startEnd < value.length; startEnd++) {
    const ch = value[startEnd];
    if (ch === " ") startWithSpace = true;
    else if (ch === "\n") startNl = startEnd;
    else break;
  }
  let start = value.substring(0, startNl < startEnd ? startNl + 1 : startEnd);
  if (start) {
    value = value.substring(start.length);
    start = start.replace(/\n+/g, `$&${indent}`);
  }
  const header = (startWithSpace ? "2" : "") + chomp;
  return `|${header}\n${indent}${start}${value.replace(/\n+/g, `$&${indent}`)}${end}`;
}
