import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clip, escapeControls } from "../src/excerpt.ts";

/** clip by its definition: escape every control character, then cut at `max` code points. */
function byDefinition(value: string, max: number): string {
  const chars = [...escapeControls(value)];
  return chars.length <= max ? chars.join("") : `${chars.slice(0, max).join("")}…`;
}

describe("clip", () => {
  it.each([
    ["a short plain name", "chat-7", 40, "chat-7"],
    ["a control character", "a\nb", 40, "a\\nb"],
    ["a line separator", "a\u2028b", 40, "a\\u2028b"],
    ["DEL and a C1 control", "a\u007fb\u0085", 40, "a\\u007fb\\u0085"],
    ["too long", "x".repeat(41), 40, `${"x".repeat(40)}…`],
    ["short, but long once escaped", "\n".repeat(30), 40, `${"\\n".repeat(20)}…`],
  ])("%s", (_, value, max, expected) => expect(clip(value, max)).toBe(expected));

  it("agrees with its definition on any string, its shortcut for plain short names included", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "grapheme-composite" }), fc.string({ unit: "binary" }), fc.string({ unit: fc.constantFrom("a", "\n", "\u0085", "😀", "\u2029") })), fc.integer({ min: 1, max: 60 }), (value, max) => {
        expect(clip(value, max)).toBe(byDefinition(value, max));
      }),
      { numRuns: 3000 },
    );
  });
});
