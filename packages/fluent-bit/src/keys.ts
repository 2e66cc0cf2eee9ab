/**
 * Which record keys the redaction filter removes, masks or never touches. The Lua source is
 * generated from these lists (see lua.ts), and the tests read them to build their corpus.
 */

/** Keys that carry prompts or completions: removed wherever they occur (case-insensitive, '-' = '_'). */
export const PROMPT_KEYS: readonly string[] = [
  "prompt", "prompts", "response", "responses", "messages", "choices", "input", "inputs", "output", "outputs",
  "completion", "content", "text", "body", "request_body", "response_body",
  // The same data as token ids or embeddings (vLLM request logs and OpenAI-style payloads).
  "prompt_token_ids", "output_token_ids", "token_ids", "prompt_embeds", "input_ids", "logprobs",
];

/** Keys whose value is a credential or a user-controlled query: kept, with the value replaced. */
export const SECRET_KEYS: readonly string[] = [
  "authorization", "proxy-authorization", "apikey", "api_key", "x-api-key", "cookie", "set-cookie",
  "password", "passwd", "secret", "client_secret", "token", "access_token", "refresh_token", "id_token",
  "x-auth-token", "querystring", "query_string",
];

/**
 * The platform's structured log schema. These keys are never removed; their string values still
 * go through masking, which leaves ordinary values (ids, ISO timestamps, service names) as they are.
 */
export const PLATFORM_SCHEMA_KEYS: readonly string[] = [
  "timestamp", "service", "request_id", "user_id", "prompt_tokens", "completion_tokens", "total_time_ms", "status_code",
];

/**
 * Words that, followed by ':' or '=' in free text, start prompt-bearing data: the rest of the
 * string is cut. Adds pydantic's `input_value=` (validation errors echo the request body).
 */
export const TEXT_MARKERS: readonly string[] = [...PROMPT_KEYS, "input_value"];

/** Fluent Bit matches keys case-insensitively here; '-' and '_' are treated alike. */
export const normalizeKey = (k: string) => k.toLowerCase().replaceAll("-", "_");
