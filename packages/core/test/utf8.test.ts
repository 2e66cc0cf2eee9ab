import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeUtf8 } from "../src/utf8.ts";

describe("decodeUtf8 agrees with the platform's strict decoder (property)", () => {
  it("decodes exactly what TextDecoder({ fatal: true }) decodes, and locates the first bad byte", () => {
    const strict = new TextDecoder("utf-8", { fatal: true });
    const bytes = fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.string({ unit: "grapheme", maxLength: 16 }).map((s) => new TextEncoder().encode(s)));
    fc.assert(
      fc.property(bytes, fc.nat(), fc.integer({ min: 0, max: 255 }), (b, at, byte) => {
        const input = b.length ? Uint8Array.from(b, (x, i) => (i === at % b.length ? byte : x)) : b;
        let expected: string | undefined;
        try {
          expected = strict.decode(input);
        } catch {
          expected = undefined;
        }
        const got = decodeUtf8(input);
        if (expected !== undefined) {
          expect(got).toEqual({ text: expected });
          return;
        }
        if (!("offset" in got)) throw new Error("decoded what the strict decoder refuses");
        // Everything before the reported byte is valid UTF-8 (an unfinished sequence at its end aside).
        expect(() => new TextDecoder("utf-8", { fatal: true }).decode(input.subarray(0, got.offset), { stream: true })).not.toThrow();
        expect(got.line).toBe(input.subarray(0, got.offset).filter((x) => x === 0x0a).length + 1);
      }),
      { numRuns: 1000, seed: 42 },
    );
  }, 300_000);

  it("locates a bad byte by line and column", () => {
    expect(decodeUtf8(Buffer.concat([Buffer.from("a: 1\nbé: "), Buffer.from([0xff])]))).toEqual({ offset: 10, line: 2, col: 5 });
  });
});
