/**
 * Strict UTF-8: input from pull requests must not be read with U+FFFD silently in place of its
 * bytes. The text, or where the first bad byte is (0-based offset, 1-based line and column).
 */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { offset: number; line: number; col: number } {
  try {
    return { text: strict.decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const lineStart = bytes.lastIndexOf(0x0a, offset - 1) + 1;
    const line = bytes.subarray(0, offset).filter((b) => b === 0x0a).length + 1;
    const col = loose.decode(bytes.subarray(lineStart, offset)).length + 1;
    return { offset, line, col };
  }
}

const strict = new TextDecoder("utf-8", { fatal: true });
const loose = new TextDecoder("utf-8");

/** The first byte that does not start a well-formed UTF-8 sequence (RFC 3629). */
export function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    // No overlong forms, no surrogates, nothing above U+10FFFF.
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined || d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n + 1;
  }
  return 0;
}
