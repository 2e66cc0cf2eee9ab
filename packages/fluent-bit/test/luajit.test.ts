import { describe, expect, it } from "vitest";
import { runLua, type Rec } from "./luajit.ts";

/** The harness itself: the Lua literal writer, the driver's JSON encoder and Fluent Bit's return codes. */
const RECORDS: Rec[] = [
  { s: "plain", q: 'quote " backslash \\ tab \t nl \n', u: "größe 💶 日本", n: 42, neg: -7, f: 1.5, big: 1736676930123, t: true, fl: false },
  { arr: [1, "two", [3, { four: 4 }]], empty: {}, emptyArr: [], nested: { a: { b: { c: "d" } } } },
  { bytes: Buffer.from([0x61, 0xff, 0x00, 0x62]), nul: null, keep: 1 },
];

describe("luajit harness", () => {
  it("round-trips records through Lua unchanged (code 2, identity)", async () => {
    const out = await runLua("function id(tag, ts, r) return 2, ts, r end", "id", RECORDS);
    expect(out[0]!.record).toEqual(RECORDS[0]);
    expect(out[1]!.record).toEqual(RECORDS[1]);
    // Raw bytes come back byte for byte (shown as U+FFFD where not UTF-8); null members are absent in Lua.
    expect(out[2]!.record).toEqual({ bytes: "a\ufffd\u0000b", keep: 1 });
  }, 300_000);

  it("honours Fluent Bit's return codes", async () => {
    const code = `
      function cb(tag, ts, r)
        r.touched = true
        if r.k == "drop" then return -1, ts, r end
        if r.k == "zero" then return 0, ts, r end
        if r.k == "odd" then return 7, ts, r end
        if r.k == "err" then error("boom") end
        return 2, ts, r
      end`;
    const out = await runLua(code, "cb", [{ k: "drop" }, { k: "zero" }, { k: "odd" }, { k: "err" }, { k: "two" }]);
    expect(out.map((o) => o.code)).toEqual([-1, 0, 7, undefined, 2]);
    expect(out[1]!.record).toEqual({ k: "zero" }); // 0 keeps the original bytes: in-place edits are lost
    expect(out[2]!.record).toEqual({ k: "odd" });
    expect(out[3]!.error).toMatch(/boom/);
    expect(out[4]!.record).toEqual({ k: "two", touched: true });
  }, 300_000);
});
