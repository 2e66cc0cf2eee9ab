/**
 * Lua (5.1 / LuaJIT 2.1, the engine Fluent Bit bundles: fluent/fluent-bit v3.2.10 lib/luajit-*)
 * that scrubs one string: vLLM request lines, query strings, credentials, e-mail addresses,
 * phone numbers, then free-text "prompt: …" markers. Lua patterns have no alternation or
 * case-insensitivity and backtrack, so every pattern starts with a literal or a frontier (%f) and
 * unbounded runs are either last or lazy; '@', '+' and '://' are found with plain `find` and
 * expanded by hand. Each step is linear in the string's length (adversarial 256 KiB strings: ~0.1 s).
 */
export const LUA_SCRUB = String.raw`
local find, sub, byte, lower, gsub, upper = string.find, string.sub, string.byte, string.lower, string.gsub, string.upper
local R = "[redacted]"

local function is_word(c) return c ~= nil and ((c >= 48 and c <= 57) or (c >= 65 and c <= 90) or (c >= 97 and c <= 122) or c == 95) end
local function is_domain(c) return c ~= nil and ((c >= 48 and c <= 57) or (c >= 65 and c <= 90) or (c >= 97 and c <= 122) or c == 46 or c == 45) end
local function is_local(c) return is_domain(c) or c == 95 or c == 37 or c == 43 end

-- A case-insensitive pattern for a literal name; '-' and '_' match each other.
local function ci(word)
  return (gsub(word, "[%a_%-]", function(c)
    if c == "-" or c == "_" then return "[%-_]" end
    return "[" .. upper(c) .. lower(c) .. "]"
  end))
end

-- vLLM RequestLogger lines (formats cited in test/corpus-vllm.ts): keep the request id only.
local VLLM_LEADS = { "Received request ", "Generated response " }
local function vllm_line(line)
  for i = 1, #VLLM_LEADS do
    local lead = VLLM_LEADS[i]
    local p = find(line, lead, 1, true)
    if p then
      local id = string.match(line, "^[%w%-_%.]+", p + #lead) or ""
      return sub(line, 1, p - 1) .. lead .. id .. ": " .. R
    end
  end
  local p = find(line, " details: prompt", 1, true)
  if p then return sub(line, 1, p + 8) .. " " .. R end
  return line
end

local function vllm_lines(s)
  if not (find(s, "Received request ", 1, true) or find(s, "Generated response ", 1, true) or find(s, " details: prompt", 1, true)) then return s end
  if not find(s, "\n", 1, true) then return vllm_line(s) end
  return (gsub(s, "[^\n]+", vllm_line))
end

-- A query string after a path or URL: "/v1/completions?api_key=…&prompt=…" keeps "/v1/completions?".
local function strip_query(tok)
  local q = find(tok, "?", 1, true)
  if q and q < #tok then
    local slash = find(tok, "/", 1, true)
    if slash and slash < q then return sub(tok, 1, q) .. R end
  end
  return nil
end

local function userinfo(s)
  local out, last, init = {}, 1, 1
  while true do
    local p = find(s, "://", init, true)
    if not p then break end
    local a, z = find(s, "^[^/%s:@]+:[^/%s@]+@", p + 3)
    if a then out[#out + 1] = sub(s, last, p + 2) .. R .. "@"; last = z + 1; init = z + 1 else init = p + 3 end
  end
  if last == 1 then return s end
  out[#out + 1] = sub(s, last)
  return table.concat(out)
end

local function emails(s)
  local out, last, init = {}, 1, 1
  while true do
    local at = find(s, "@", init, true)
    if not at then break end
    local a = at - 1
    while a >= last and is_local(byte(s, a)) do a = a - 1 end
    local z = at + 1
    while is_domain(byte(s, z)) do z = z + 1 end
    local domain = gsub(sub(s, at + 1, z - 1), "[%.%-]+$", "")
    if a < at - 1 and find(domain, "%.%a%a+$") then
      out[#out + 1] = sub(s, last, a) .. "[redacted:email]"
      last = at + #domain + 1
    end
    init = at + 1
  end
  if last == 1 then return s end
  out[#out + 1] = sub(s, last)
  return table.concat(out)
end

-- E.164: '+', 8 to 15 digits, single runs of ' ', '-', '.', '(' or ')' between them.
local function e164(s)
  local out, last, init = {}, 1, 1
  while true do
    local p = find(s, "%+%d", init)
    if not p then break end
    local z, digits = p + 1, 0
    while true do
      local c = byte(s, z)
      if c and c >= 48 and c <= 57 then digits = digits + 1; z = z + 1
      elseif c == 32 or c == 45 or c == 46 or c == 40 or c == 41 then
        local n = z + 1
        while n <= z + 2 and (byte(s, n) == 32 or byte(s, n) == 40 or byte(s, n) == 41) do n = n + 1 end
        local d = byte(s, n)
        if not (d and d >= 48 and d <= 57) then break end
        z = n
      else break end
    end
    if digits >= 8 and digits <= 15 and not is_word(byte(s, p - 1)) and not is_word(byte(s, z)) and p >= last then
      out[#out + 1] = sub(s, last, p - 1) .. "[redacted:phone]"
      last = z
    end
    init = z > p + 1 and z or p + 1
  end
  if last == 1 then return s end
  out[#out + 1] = sub(s, last)
  return table.concat(out)
end

local PHONES = {
  "%f[%w%(]%(%d%d%d%)[ %-%.]?%d%d%d[ %-%.]%d%d%d%d%f[%W]",      -- (415) 555-2671
  "%f[%w]%d%d%d([%-%. ])%d%d%d%1%d%d%d%d%f[%W]",                 -- 415-555-2671, 415.555.2671
  "%f[%w]07%d%d%d ?%d%d%d%d%d%d%f[%W]",                          -- UK mobile 07700 900123
  "%f[%w]0%d%d %d%d%d%d %d%d%d%d%f[%W]",                         -- UK 020 7946 0958
  "%f[%w]0[1-9]([ %.])%d%d%1%d%d%1%d%d%1%d%d%f[%W]",             -- FR 06 12 34 56 78
  "%f[%w]0[1-9]%d%d?%d?[ /%-]%d%d%d%d%d%d?%d?%d?%f[%W]",         -- DE 030 12345678, 0171-1234567
}

-- Names whose value is a credential in headers, query strings, JSON-in-text and key=value logs.
local PARAMS = { "proxy-authorization", "authorization", "x-api-key", "api-key", "apikey", "x-auth-token",
  "access-token", "refresh-token", "id-token", "client-secret", "password", "passwd", "secret", "token" }
local PARAM_PATTERNS, SCHEME_PATTERNS = {}, {}
for i = 1, #PARAMS do
  local pre = "(%f[%w_%-]" .. ci(PARAMS[i]) .. "[\"']?%s*[:=]%s*[\"']?)"
  PARAM_PATTERNS[i] = pre .. "([^%s\"',;&}%]]+)"
  -- "Authorization: Bearer <token>": scheme and token go together (the first two names only).
  if i <= 2 then SCHEME_PATTERNS[#SCHEME_PATTERNS + 1] = pre .. "%a+%s+[^%s\"',;&}%]]+" end
end
local function keep_redacted(pre, val) if sub(val, 1, 9) == "[redacted" then return nil end return pre .. R end

local TOKENS = {
  { "%f[%w]" .. ci("bearer") .. "%s+[%w%-%._~%+/]+=*", "Bearer " .. R },
  { "%f[%w]sk%-" .. string.rep("[%w_%-]", 16) .. "[%w_%-]*", "[redacted:api-key]" },   -- OpenAI sk-…, sk-proj-…
  { "%f[%w]sk_" .. string.rep("[%w_]", 16) .. "[%w_]*", "[redacted:api-key]" },
  { "%f[%w]hf_" .. string.rep("%w", 20) .. "%w*", "[redacted:api-key]" },                  -- Hugging Face
  { "%f[%w]gh[pousr]_" .. string.rep("%w", 20) .. "%w*", "[redacted:api-key]" },           -- GitHub
  { "%f[%w]AKIA" .. string.rep("[%u%d]", 16) .. "%f[%W]", "[redacted:api-key]" },          -- AWS access key id
  { "%f[%w_%-]eyJ[%w_%-]-%.[%w_%-][%w_%-]-%.[%w_%-]*", "[redacted:jwt]" },                 -- JWT
}

local function mask(s)
  if find(s, "://", 1, true) then s = userinfo(s) end
  for i = 1, #SCHEME_PATTERNS do
    s = gsub(s, SCHEME_PATTERNS[i], "%1" .. R)
  end
  for i = 1, #PARAMS do s = gsub(s, PARAM_PATTERNS[i], keep_redacted) end
  for i = 1, #TOKENS do s = gsub(s, TOKENS[i][1], TOKENS[i][2]) end
  if find(s, "@", 1, true) then s = emails(s) end
  if find(s, "+", 1, true) then s = e164(s) end
  for i = 1, #PHONES do s = gsub(s, PHONES[i], "[redacted:phone]") end
  return s
end

-- Free text such as "… prompt: '…'", "input_value='…'" or '{"messages": [' : cut from the marker on.
local function cut_markers(s)
  local l, best, best_end = lower(s), nil, nil
  for i = 1, #MARKERS do
    local w, init = MARKERS[i], 1
    while true do
      local p = find(l, w, init, true)
      if not p or (best and p >= best) then break end
      local _, e = find(l, "^[\"']?%s*[:=]", p + #w)
      if e and not is_word(byte(l, p - 1)) then best, best_end = p, e; break end
      init = p + 1
    end
  end
  if not best then return s end
  return sub(s, 1, best_end) .. " " .. R
end

local function scrub(s)
  if #s > MAX_STRING then return "[redacted: value of " .. #s .. " bytes]" end
  s = vllm_lines(s)
  if find(s, "?", 1, true) then s = gsub(s, "[^%s\"'<>]+", strip_query) end
  return cut_markers(mask(s))
end
`;
