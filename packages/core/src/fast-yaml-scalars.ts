import { isScalar, type ScalarTag } from "yaml";
import type { FastParseOptions } from "./fast-yaml.ts";

/** Scalars and keys of the fast YAML path (fast-yaml.ts), shared by its block and flow parsers. */

/** Returned for any text outside the subset: the caller parses it with the full parser. */
export const OUTSIDE: unique symbol = Symbol("outside the fast subset");
export type Value = unknown;

export interface Resolver {
  options: FastParseOptions;
  value: ScalarTag[];
  key: ScalarTag[];
  /** Plain values resolved before (ports, replica counts, booleans repeat): text → value. */
  seen: Map<string, Value>;
}

/** Names every object inherits: a key among them must become an own property explicitly. */
export const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));
/** A set of ASCII char codes as a table: a hot-path lookup without hashing. */
function asciiSet(codes: Iterable<number>): (c: number) => boolean {
  const table = new Uint8Array(128);
  for (const c of codes) table[c] = 1;
  return (c) => c < 128 && table[c] === 1;
}
/** Their first characters and lengths: most keys need no lookup in INHERITED. */
const inheritedFirst = asciiSet([...INHERITED].map((k) => k.charCodeAt(0)));
const inheritedLength = new Set([...INHERITED].map((k) => k.length));
/**
 * Adds a pair as the full parser does (addPairToJSMap.js): a name the object inherits (`__proto__`,
 * `toString`) is defined as its own property; that name twice is OUTSIDE (strict mode's error, or
 * last-wins: the full parser's call). Other duplicates the callers count.
 */
export function addPair(out: Record<string, Value>, key: string, value: Value): void {
  if (inheritedFirst(key.charCodeAt(0)) && inheritedLength.has(key.length) && INHERITED.has(key)) {
    if (Object.hasOwn(out, key)) throw OUTSIDE;
    Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
  } else out[key] = value;
}

/** YAML's indicator characters: a plain scalar cannot start with most of them. */
export const isIndicator = asciiSet([..."-?:,[]{}#&*!|>'\"%@`"].map((c) => c.charCodeAt(0)));

/**
 * Whether a value that closes at offset q (a quoted scalar, a flow collection) ends its line as
 * it must: at the line's end, or a space then spaces and perhaps a comment.
 */
export function closesLine(s: string, q: number, end: number): boolean {
  if (q >= end) return true;
  if (s.charCodeAt(q) !== 32) return false;
  let r = q;
  while (s.charCodeAt(r) === 32) r++;
  return r >= end || s.charCodeAt(r) === 35;
}

/** The offset just past a quoted scalar's closing quote within [at, end), or -1. */
export function quotedEnd(s: string, at: number, end: number): number {
  const q = s.charCodeAt(at);
  for (let i = at + 1; i < end; i++) {
    const c = s.charCodeAt(i);
    if (q === 34 && c === 92) i++;
    else if (c === q) {
      if (q === 39 && i + 1 < end && s.charCodeAt(i + 1) === 39) i++;
      else return i + 1;
    }
  }
  return -1;
}

const ESCAPES: Record<string, string> = { "0": "\0", a: "\x07", b: "\b", e: "\x1b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", N: "\u0085", _: "\u00a0", L: "\u2028", P: "\u2029", " ": " ", '"': '"', "/": "/", "\\": "\\" };

/** A one-line quoted scalar, quotes included, as the full parser resolves it (resolve-flow-scalar.js). */
export function quoted(s: string): string {
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
 * numbers: digits, signs, dot; merge: <), and `e` or `E` but for an exponent alone (YAML 1.1's
 * float matches `e3`): such plain scalars are strings without any test. The tests check this
 * against the tags themselves (core's schema, YAML 1.1, the wrapper's options).
 */
export const plainString = (text: string): boolean => {
  const c = text.charCodeAt(0);
  if (!plainFirst(c)) return false;
  if (c !== 101 && c !== 69) return true;
  const d = text.charCodeAt(1);
  return !((d >= 48 && d <= 57) || d === 43 || d === 45);
};
// a-z, A-Z but not n N y Y t T f F o O; or _ / $
const plainFirst = asciiSet([..."abcdeghijklmpqrsuvwxzABCDEGHIJKLMPQRSUVWXZ_/$"].map((c) => c.charCodeAt(0)));

/** A plain scalar's value; a merge key or a non-finite number is OUTSIDE. */
export function resolvePlain(text: string, atKey: boolean, resolver: Resolver): Value {
  if (plainString(text)) return text;
  if (!atKey && resolver.seen.has(text)) return resolver.seen.get(text);
  for (const tag of atKey ? resolver.key : resolver.value) {
    if (!tag.test!.test(text)) continue;
    if (tag.default === "key" || tag.tag === "tag:yaml.org,2002:merge") throw OUTSIDE;
    let failed = false;
    const r = tag.resolve(text, () => (failed = true), resolver.options as never);
    const v = isScalar(r) ? r.value : r;
    if (failed || (typeof v === "number" && !Number.isFinite(v)) || (v !== null && typeof v === "object")) throw OUTSIDE;
    return remember(text, v, atKey, resolver);
  }
  return remember(text, text, atKey, resolver);
}

/** Resolution is a function of the text alone: a value's is kept, up to a bound. */
function remember(text: string, value: Value, atKey: boolean, resolver: Resolver): Value {
  if (!atKey && resolver.seen.size < 4096 && text.length <= 64) resolver.seen.set(text, value);
  return value;
}
