import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { plainJson } from "../src/json.ts";

describe("plainJson", () => {
  it("holds only for data that JSON writes and reads back as the very same data", () => {
    fc.assert(
      fc.property(fc.anything({ withBoxedValues: true, withNullPrototype: true, withSparseArray: true, withObjectString: true, withDate: true, withMap: true, withSet: true }), (v) => {
        // toStrictEqual tells undefined members, holes, -0 and prototypes apart.
        if (plainJson(v)) expect(JSON.parse(JSON.stringify(v))).toStrictEqual(v);
      }),
      { numRuns: 3000 },
    );
  });

  it("holds for whatever JSON.parse gives", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(plainJson(JSON.parse(JSON.stringify(v)))).toBe(true);
      }),
    );
  });

  it.each([
    ["an undefined member", { a: undefined }],
    ["a hole", [1, , 2]],
    ["-0", { n: -0 }],
    ["NaN", Number.NaN],
    ["Infinity", [Infinity]],
    ["a Date", new Date(0)],
    ["a null prototype", Object.create(null)],
    ["a non-enumerable member", Object.defineProperty({ a: 1 }, "b", { value: 2, enumerable: false })],
    ["a function", { f: () => 1 }],
    ["a bigint", 1n],
    ["300 levels", JSON.parse(`${"[".repeat(300)}${"]".repeat(300)}`)],
  ])("refuses %s", (_, v) => expect(plainJson(v)).toBe(false));
});
