import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { luaString } from "../src/lua.ts";

/** A record value as Fluent Bit hands it to Lua: JSON data, or raw bytes (a string that is not UTF-8). */
export type Value = string | number | boolean | null | Buffer | Value[] | { [k: string]: Value };
export type Rec = { [k: string]: Value };

/**
 * A Lua literal for a record. Arrays and maps carry the metatable Fluent Bit gives them
 * ({type = FLB_LUA_L2C_TYPE_ARRAY (1) | MAP (2)}: fluent/fluent-bit v3.2.10 src/flb_lua.c
 * flb_lua_pushmpack, flb_lua_setmetatable; include/fluent-bit/flb_lua.h). msgpack nil becomes the
 * global flb_null, which is nil unless enable_flb_null is set: so null members are simply absent.
 */
export function toLua(v: Value): string {
  if (v === null) return "nil";
  if (Buffer.isBuffer(v)) return `"${[...v].map((b) => `\\${b}`).join("")}"`;
  if (typeof v === "string") return luaString(v);
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "0";
  if (typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `A{${v.map(toLua).join(", ")}}`;
  const members = Object.entries(v).filter(([, x]) => x !== null);
  return `M{${members.map(([k, x]) => `[${luaString(k)}] = ${toLua(x)}`).join(", ")}}`;
}

/**
 * The driver: loads the filter like Fluent Bit (one chunk run once, then the global `call` per
 * record) and writes one JSON line per record. Fluent Bit's return handling (lua.c cb_lua_filter):
 * -1 drops; 0 keeps the original bytes; 1 and 2 take the returned table; any other code keeps the
 * original. Tables with no metatable are arrays when table.maxn > 0 (flb_lua.c flb_lua_arraylength).
 * Strings are written byte for byte: bytes >= 0x80 as \u00XX, which the reader maps back to bytes.
 */
const DRIVER = String.raw`
local filter_file, input_file, call = arg[1], arg[2], arg[3]
assert(loadfile(filter_file))()
local cb = _G[call]
local env = {
  A = function(t) return setmetatable(t, { type = 1 }) end,
  M = function(t) return setmetatable(t, { type = 2 }) end,
}
local inputs = setfenv(assert(loadfile(input_file)), env)()

local function esc(s)
  return '"' .. (string.gsub(s, '[%c"\\\128-\255]', function(c) return string.format("\\u%04x", string.byte(c)) end)) .. '"'
end

local encode
encode = function(v)
  local t = type(v)
  if t == "string" then return esc(v) end
  if t == "boolean" then return tostring(v) end
  if t == "number" then
    if v ~= v or v == math.huge or v == -math.huge then return "null" end
    if v == math.floor(v) and math.abs(v) < 2 ^ 53 then return string.format("%d", v) end
    return string.format("%.17g", v)
  end
  if t ~= "table" then return "null" end
  local mt, n = getmetatable(v), table.maxn(v)
  local parts = {}
  if (mt and mt.type == 1) or (not (mt and mt.type == 2) and n > 0) then
    for i = 1, n do parts[i] = encode(v[i]) end
    return "[" .. table.concat(parts, ",") .. "]"
  end
  for k, x in pairs(v) do parts[#parts + 1] = esc(tostring(k)) .. ":" .. encode(x) end
  return "{" .. table.concat(parts, ",") .. "}"
end

for i = 1, #inputs do
  local r = inputs[i]
  local original = encode(r.record)
  local ok, code, ts, rec = pcall(cb, r.tag, r.ts, r.record)
  if not ok then
    io.write('{"error":', esc(tostring(code)), ',"record":', original, '}\n')
  else
    code = tonumber(code) or 0
    if code == -1 then io.write('{"code":-1}\n')
    elseif code == 1 or code == 2 then io.write('{"code":', code, ',"record":', encode(rec), '}\n')
    else io.write('{"code":', code, ',"record":', original, '}\n') end
  end
end
`;

export interface LuaResult {
  code: number;
  record?: Rec;
  /** The callback raised (Fluent Bit would pass the chunk on unredacted). */
  error?: string;
}

/** Maps strings read back from the driver (one char per byte) to text, recursively. */
function fromBytes(v: unknown): unknown {
  if (typeof v === "string") return Buffer.from(v, "latin1").toString("utf8");
  if (Array.isArray(v)) return v.map(fromBytes);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [fromBytes(k), fromBytes(x)]));
  return v;
}

/** Runs one Lua filter over many records in one real luajit process. */
export async function runLua(code: string, call: string, records: readonly Rec[], tag = "kube.var.log.containers.x.log"): Promise<LuaResult[]> {
  const dir = await mkdtemp(join(tmpdir(), "llm-gitops-luajit-"));
  try {
    await writeFile(join(dir, "filter.lua"), code);
    await writeFile(join(dir, "driver.lua"), DRIVER);
    const input = `return {\n${records.map((r) => `{ tag = ${luaString(tag)}, ts = 1736676000.5, record = ${toLua(r)} },`).join("\n")}\n}\n`;
    await writeFile(join(dir, "input.lua"), input);
    const { stdout } = await promisify(execFile)("luajit", [join(dir, "driver.lua"), join(dir, "filter.lua"), join(dir, "input.lua"), call], {
      maxBuffer: 1 << 30,
      encoding: "latin1",
    });
    const lines = stdout.split("\n").filter(Boolean);
    if (lines.length !== records.length) throw new Error(`luajit returned ${lines.length} results for ${records.length} records`);
    return lines.map((l) => fromBytes(JSON.parse(l)) as LuaResult);
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === "ENOENT") throw new Error("luajit not found: apt-get install luajit (.ci/run installs it)");
    throw new Error(`luajit failed: ${err.message}${err.stderr ?? ""}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
