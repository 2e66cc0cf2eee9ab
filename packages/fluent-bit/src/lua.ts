import { LUA_SCRUB } from "./lua-scrub.ts";
import { normalizeKey, PLATFORM_SCHEMA_KEYS, PROMPT_KEYS, SECRET_KEYS, TEXT_MARKERS } from "./keys.ts";

/** The global function Fluent Bit calls (`call`). */
export const REDACT_CALL = "llm_gitops_redact";
/** Deeper records are dropped rather than partly redacted. */
export const MAX_DEPTH = 40;
/** Longer strings are replaced whole (tail's buffer_max_size is the same, see config.ts). */
export const MAX_STRING = 262144;

/** A Lua string literal: printable ASCII as is, every other byte as a decimal escape. */
export function luaString(s: string): string {
  let out = '"';
  for (const b of Buffer.from(s, "utf8")) out += b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c ? String.fromCharCode(b) : `\\${b}`;
  return `${out}"`;
}

const luaSet = (keys: readonly string[]) => `{ ${[...new Set(keys)].sort().map((k) => `[${luaString(k)}] = true`).join(", ")} }`;
const luaList = (keys: readonly string[]) => `{ ${[...new Set(keys)].sort().map(luaString).join(", ")} }`;

/**
 * The record walk and the callback. Contract (fluent/fluent-bit v3.2.10 plugins/filter_lua/lua.c,
 * cb_lua_filter): `function cb(tag, timestamp, record)` returns code, timestamp, record; -1 drops
 * the record, 0 keeps the *original* bytes (in-place edits are lost), 1 takes timestamp and record,
 * 2 the record only. With protected_mode (default true) an error makes the filter return the whole
 * chunk untouched, i.e. unredacted, so the callback catches every error itself and drops the record.
 */
const LUA_WALK = String.raw`
local function norm(k) return (gsub(lower(k), "%-", "_")) end

-- A removed key whose value is a map keeps its numeric and boolean members (Kong's response.status).
local function reduce(v)
  if type(v) ~= "table" then return nil end
  local r, any = {}, false
  for k, x in pairs(v) do
    if type(k) == "string" and (type(x) == "number" or type(x) == "boolean") and not REMOVE[norm(k)] then r[k] = x; any = true end
  end
  if any then return r end
  return nil
end

local walk
walk = function(t, depth)
  if depth > MAX_DEPTH then error("record nested deeper than " .. MAX_DEPTH) end
  local changed, edits = false, {}
  for k, v in pairs(t) do
    local key, value, nk = k, v, nil
    if type(k) == "string" then nk = norm(k) end
    if nk and REMOVE[nk] and not KEEP[nk] then
      value = reduce(v)
    elseif nk and SECRET[nk] then
      if v ~= R then value = R end
    elseif type(v) == "string" then
      value = scrub(v)
    elseif type(v) == "table" then
      if walk(v, depth + 1) then changed = true end
    end
    if type(k) == "string" and value ~= nil then key = mask(k) end
    if key ~= k or value ~= v then edits[#edits + 1] = { k, key, value } end
  end
  for i = 1, #edits do t[edits[i][1]] = nil end
  for i = 1, #edits do if edits[i][3] ~= nil then t[edits[i][2]] = edits[i][3] end end
  return changed or #edits > 0
end

function ${REDACT_CALL}(tag, timestamp, record)
  local ok, changed = pcall(walk, record, 1)
  if not ok then return -1, timestamp, record end
  if changed then return 2, timestamp, record end
  return 0, timestamp, record
end
`;

/** The complete filter source for one cluster: generated tables, then the fixed code. */
export function redactionLua(removeKeys: readonly string[]): string {
  const header = [
    "-- llm-gitops log redaction (generated; edit packages/fluent-bit, not this text).",
    `local MAX_DEPTH, MAX_STRING = ${MAX_DEPTH}, ${MAX_STRING}`,
    `local REMOVE = ${luaSet([...PROMPT_KEYS, ...removeKeys].map(normalizeKey))}`,
    `local KEEP = ${luaSet(PLATFORM_SCHEMA_KEYS.map(normalizeKey))}`,
    `local SECRET = ${luaSet(SECRET_KEYS.map(normalizeKey))}`,
    `local MARKERS = ${luaList([...TEXT_MARKERS, ...removeKeys].map((k) => k.toLowerCase()))}`,
  ];
  return `${header.join("\n")}\n${LUA_SCRUB.trim()}\n${LUA_WALK.trim()}\n`;
}
