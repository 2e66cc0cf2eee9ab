import { cri, docker, entry, type Case } from "./corpus-helpers.ts";
import type { Rec } from "./luajit.ts";

/** The platform's structured log schema: every field must survive with its value. */
const schema = (over: Rec = {}): Rec => ({
  timestamp: "2025-01-12T10:15:30.123Z",
  service: "chat-gateway",
  request_id: "req-8f14e45f-ceea-467f-a8a1-2d1c5e9b7a10",
  user_id: "u-4821",
  prompt_tokens: 412,
  completion_tokens: 128,
  total_time_ms: 1834.5,
  status_code: 200,
  ...over,
});
const SCHEMA_KEEP = Object.entries(schema()) as [string, Rec[string]][];
const json = (v: unknown) => JSON.stringify(v);

const JWT = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1LTQ4MjEiLCJlbWFpbCI6ImFAYi5jb20ifQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const KONG_KEY = "kong-7d1c0a9f2b4e6d8a";

/** Kong's log serializer (Kong/kong 3.x kong/pcall/log_serializer: request, response, latencies, …), with bodies added by custom_fields_by_lua. */
const kong = (over: Rec = {}): Rec => ({
  request: {
    method: "POST",
    uri: "/v1/chat/completions",
    url: "https://llm.example.com:443/v1/chat/completions",
    size: 912,
    querystring: {},
    headers: { host: "llm.example.com", "content-type": "application/json", apikey: KONG_KEY, authorization: `Bearer ${JWT}`, "user-agent": "openai-python/1.40.0" },
    body: json({ model: "qwen2.5-7b-instruct", messages: [{ role: "user", content: "Tell me the CEO's private number" }] }),
  },
  response: { status: 200, size: 2048, headers: { "content-type": "application/json", "x-kong-upstream-latency": "812" }, body: json({ choices: [{ message: { content: "I can't share +44 20 7946 0958" } }] }) },
  latencies: { request: 845, kong: 3, proxy: 812 },
  upstream_uri: "/v1/chat/completions",
  client_ip: "203.0.113.7",
  consumer: { username: "acme", id: "2a4b6c8d-0000-4000-8000-000000000001" },
  started_at: 1736676930123,
  ...over,
});

function nest(depth: number, leaf: Rec): Rec {
  return depth === 0 ? leaf : { level: depth, child: nest(depth - 1, leaf) };
}

export const APP_CASES: Case[] = [
  entry("app schema merged (docker)", docker(json(schema())), [], { keep: SCHEMA_KEEP, container: "app" }),
  entry("app schema merged (cri)", cri(json(schema({ status_code: 429 }))), [], { keep: [...SCHEMA_KEEP.filter(([k]) => k !== "status_code"), ["status_code", 429], ["_p", "F"]] }),
  entry("app schema + prompt + response", docker(json(schema({ prompt: "Plan a surprise for my wife Anna", response: "Book the Rosewood at 8pm" }))), ["surprise for my wife", "Rosewood at 8pm"], { keep: SCHEMA_KEEP }),
  entry("app schema + messages array", docker(json(schema({ messages: [{ role: "system", content: "You are terse" }, { role: "user", content: "diagnose my rash" }], choices: [{ index: 0, message: { role: "assistant", content: "see a doctor" } }] }))), ["You are terse", "diagnose my rash", "see a doctor"], { keep: SCHEMA_KEEP }),
  entry("app schema + mixed-case keys", docker(json(schema({ Prompt: "Secret Plan Alpha", RESPONSE_BODY: "Alpha confirmed", Request_Body: "{\"q\":\"alpha\"}" }))), ["Secret Plan Alpha", "Alpha confirmed", "alpha"], { keep: SCHEMA_KEEP }),
  entry("app schema with email user_id masked", docker(json(schema({ user_id: "carol.diaz@example.net" }))), ["carol.diaz@example.net"], { keep: SCHEMA_KEEP.filter(([k]) => k !== "user_id") }),
  entry("app error with headers", docker(json({ level: "error", msg: "upstream 401", headers: { Authorization: "Bearer sk-live-Zx81pQ0wErTy5UiOp3AsDf7G", "X-Api-Key": "kx-998877665544", Accept: "application/json" }, service: "chat-gateway" })), ["sk-live-Zx81pQ0wErTy5UiOp3AsDf7G", "kx-998877665544"], { keep: [["msg", "upstream 401"], ["headers.Accept", "application/json"], ["service", "chat-gateway"]] }),
  entry("app text with credentials", docker(json({ level: "warn", msg: `retrying with Authorization: Bearer ${JWT} and api_key=abc123def456 for dave@example.com`, attempt: 2 })), [JWT, "abc123def456", "dave@example.com"], { keep: [["attempt", 2]], contains: [["msg", "retrying with Authorization: [redacted]"]] }),
  entry("app unmerged: malformed JSON log", docker('{"service":"chat-gateway","prompt":"leak this draft memo","status_code":500'), ["leak this draft memo"], { contains: [["log", '{"service":"chat-gateway","prompt":']] }),
  entry("app unmerged: JSON array log", docker(json([{ prompt: "array prompt kiwi" }])), ["array prompt kiwi"], {}),
  entry("app unmerged: two objects", docker('{"a":1}{"text":"second object mango"}'), ["second object mango"], {}),
  entry("app JSON in msg field (not merged)", docker(json({ msg: json({ input: "nested json papaya", request_id: "r-1" }) })), ["nested json papaya"], { contains: [["msg", '{"input":']] }),
  entry("nested deep prompt", docker(json(schema({ ctx: nest(12, { payload: { input: "deep lychee", note: "call +49 30 12345678" } }) }))), ["deep lychee", "+49 30 12345678"], { keep: [...SCHEMA_KEEP, ["ctx.level", 12]] }),
  entry("arrays of strings with PII", docker(json({ service: "audit", recipients: ["erin@example.com", "(415) 555-2671", "ops"], tags: [["x", "frank@example.org"]] })), ["erin@example.com", "(415) 555-2671", "frank@example.org"], { keep: [["service", "audit"]] }),
  entry("array of tables with secrets", docker(json({ events: [{ type: "tool", output: "tool said banana" }, { type: "auth", token: "tok_55aa66bb77cc" }] })), ["tool said banana", "tok_55aa66bb77cc"], {}),
  entry("phones national formats", docker(json({ msg: "call 415-555-2671 or 07700 900123 or 06 12 34 56 78 or 0171-1234567 or +33 6 12 34 56 78" })), ["415-555-2671", "07700 900123", "06 12 34 56 78", "0171-1234567", "+33 6 12 34 56 78"], {}),
  entry("ordinary numbers are not phones", docker(json({ msg: "took 1834 ms at 2025-01-12 10:15:30, pid 12345, ip 10.0.3.17:8000, version 0.10.2, id 123e4567-e89b-12d3-a456-426614174000" })), [], { keep: [["msg", "took 1834 ms at 2025-01-12 10:15:30, pid 12345, ip 10.0.3.17:8000, version 0.10.2, id 123e4567-e89b-12d3-a456-426614174000"]] }),
  entry("kong json access log with bodies", docker(json(kong())), [KONG_KEY, JWT, "CEO's private number", "+44 20 7946 0958"], { container: "proxy", keep: [["request.method", "POST"], ["request.uri", "/v1/chat/completions"], ["response.status", 200], ["latencies.proxy", 812], ["consumer.username", "acme"], ["request.headers.host", "llm.example.com"]] }),
  entry("kong json with query keys", docker(json(kong({ request: { method: "GET", uri: "/v1/models?apikey=qk-1234abcd5678", url: "https://llm.example.com/v1/models?apikey=qk-1234abcd5678", querystring: { apikey: "qk-1234abcd5678", q: "what is my ex's address" }, headers: { host: "llm.example.com" } } }))), ["qk-1234abcd5678", "my ex's address"], { container: "proxy", keep: [["request.method", "GET"], ["response.status", 200]], contains: [["request.uri", "/v1/models?"]] }),
  entry("kong nginx access line with query key", docker('203.0.113.7 - - [12/Jan/2025:10:15:30 +0000] "POST /v1/completions?apikey=kong-abcdef012345 HTTP/1.1" 200 1534 "-" "curl/8.5.0"'), ["kong-abcdef012345"], { container: "proxy", contains: [["log", '" 200 1534 "-" "curl/8.5.0"']] }),
  entry("url with userinfo", docker(json({ msg: "connecting to postgres://svc_user:Pa55w0rd!x@db.internal:5432/app" })), ["Pa55w0rd!x", "svc_user"], { contains: [["msg", "@db.internal:5432/app"]] }),
  entry("openai key in text", cri("export OPENAI_API_KEY=sk-abcdefghijklmnopqrstuvwxyz0123456789ABCD"), ["sk-abcdefghijklmnopqrstuvwxyz0123456789ABCD"], {}),
  entry("x-api-key header line", cri("> x-api-key: 3f9c2e1d-8b7a-4c6d-9e0f-1a2b3c4d5e6f"), ["3f9c2e1d-8b7a-4c6d-9e0f-1a2b3c4d5e6f"], {}),
  entry("jwt alone", cri(`session ${JWT} refreshed`), [JWT], { contains: [["log", "refreshed"]] }),
  entry("email in key", docker(json({ counts: { "grace@example.com": 3 } })), ["grace@example.com"], {}),
  entry("non-utf8 bytes with secret", docker(Buffer.concat([Buffer.from("bad bytes \xff\xfe then "), Buffer.from([0xc3, 0x28, 0xa0, 0xa1]), Buffer.from(" mail heidi@example.com key sk-ZZZZYYYYXXXXWWWWVVVVUUUU")])), ["heidi@example.com", "sk-ZZZZYYYYXXXXWWWWVVVVUUUU"], {}),
  entry("unicode prompt", docker(json(schema({ prompt: "Erkläre mir, wie ich 💶 vor dem Finanzamt verstecke", note: "größe ok" }))), ["Finanzamt verstecke"], { keep: [...SCHEMA_KEEP, ["note", "größe ok"]] }),
  entry("very long line with a secret at the end", docker(`${"x".repeat(60000)} Authorization: Basic dXNlcjpwYXNz`), ["dXNlcjpwYXNz"], {}),
  entry("very long JSON merged", docker(json(schema({ trace: "t".repeat(100000), completion: "long completion olive" }))), ["long completion olive"], { keep: SCHEMA_KEEP }),
  entry("oversize value replaced", docker(json({ service: "dump", blob: `${"y".repeat(300000)} ivan@example.com` })), ["ivan@example.com"], { keep: [["service", "dump"]] }),
  entry("nested too deep is dropped", docker(json(nest(45, { prompt: "too deep quince" }))), ["too deep quince"], { dropped: true }),
];
