import { cri, docker, entry, type Case } from "./corpus-helpers.ts";

/**
 * vLLM's own lines. Request-log format strings (vllm-project/vllm):
 * - 0.4.x vllm/engine/async_llm_engine.py add_request: "Received request %s: prompt: %r, sampling_params: %s,
 *   prompt_token_ids: %s, lora_request: %s." and, once PoolingParams arrived, "… prompt: %r, params: %s, …".
 * - ~0.5.4–0.9.x vllm/entrypoints/logger.py RequestLogger.log_inputs: "… prompt_token_ids: %s, lora_request: %s,
 *   prompt_adapter_request: %s." (0.9.x adds "prompt_embeds shape: %s, " before lora_request).
 * - 0.10.x: "… prompt_token_ids: %s, prompt_embeds shape: %s, lora_request: %s." and log_outputs:
 *   "Generated response %s%s: output: %r, output_token_ids: %s, finish_reason: %s".
 * - later: INFO "Received request %s: params: %s, lora_request: %s." + DEBUG "Request %s details: prompt: %r, …".
 * Stats: vllm/engine/metrics.py LoggingStatLogger "Avg prompt throughput: …" (v0), vllm/v1/metrics/loggers.py (v1).
 * Prefixes ("INFO 01-12 10:15:30 [logger.py:43]", "(APIServer pid=1)") follow vllm/logger.py.
 */
const P1 = "Draft a resignation letter for Jane Roe at Globex, mention my salary of 182k";
const IDS1 = "[151644, 8948, 198, 2610, 525, 1207, 16948]";
const STATS =
  "INFO 01-12 10:15:40 metrics.py:341] Avg prompt throughput: 312.4 tokens/s, Avg generation throughput: 88.1 tokens/s, Running: 3 reqs, Swapped: 0 reqs, Pending: 0 reqs, GPU KV cache usage: 12.5%, CPU KV cache usage: 0.0%.";
const STATS_V1 =
  "(APIServer pid=1) INFO 08-20 10:15:40 [loggers.py:123] Engine 000: Avg prompt throughput: 51.2 tokens/s, Avg generation throughput: 40.3 tokens/s, Running: 2 reqs, Waiting: 0 reqs, GPU KV cache usage: 3.1%, Prefix cache hit rate: 45.0%";

export const VLLM_CASES: Case[] = [
  entry("vllm 0.4.x sampling_params", docker(`INFO 01-12 10:15:30 async_llm_engine.py:529] Received request cmpl-6f3b2a: prompt: '${P1}', sampling_params: SamplingParams(n=1, temperature=0.7, stop=['Sincerely, Jane'], max_tokens=512), prompt_token_ids: ${IDS1}, lora_request: None.`), [P1, IDS1, "Sincerely, Jane", "salary of 182k"], { contains: [["log", "Received request cmpl-6f3b2a: [redacted]"]] }),
  entry("vllm 0.4.3 params", docker(`INFO 05-30 09:01:02 async_llm_engine.py:561] Received request cmpl-0a1b: prompt: '<|im_start|>user\\nWhat is the home address of john.smith@contoso.com?<|im_end|>', params: SamplingParams(n=1, best_of=1, temperature=0.0), prompt_token_ids: [151644, 872, 198], lora_request: None.`), ["home address", "john.smith@contoso.com", "[151644, 872, 198]"], { contains: [["log", "Received request cmpl-0a1b"]] }),
  entry("vllm 0.6.x prompt_adapter", cri(`INFO 10-02 12:00:01 logger.py:36] Received request chat-9e8d7c6b: prompt: '<|im_start|>system\\nYou are helpful.<|im_end|>\\n<|im_start|>user\\nMy card is 4111 1111 1111 1111 exp 09/27<|im_end|>', params: SamplingParams(n=1, presence_penalty=0.0, temperature=0.7, top_p=0.8, max_tokens=4000), prompt_token_ids: [151644, 8948, 198, 2610], lora_request: None, prompt_adapter_request: None.`), ["4111 1111 1111 1111", "You are helpful", "[151644, 8948, 198, 2610]"], { keep: [["_p", "F"], ["stream", "stdout"]] }),
  entry("vllm 0.9.x prompt_embeds", docker(`INFO 06-10 08:00:00 [logger.py:43] Received request chatcmpl-3c2f1e0d9a8b: prompt: 'Translate to French: the patient Maria Garcia, DOB 1984-02-11, phone +1 415 555 0134', params: SamplingParams(n=1, temperature=0.2, seed=None, stop=[], max_tokens=256), prompt_token_ids: None, prompt_embeds shape: None, lora_request: None, prompt_adapter_request: None.`), ["Maria Garcia", "+1 415 555 0134", "DOB 1984-02-11"], { contains: [["log", "[logger.py:43] Received request chatcmpl-3c2f1e0d9a8b: [redacted]"]] }),
  entry("vllm 0.10.x prompt_embeds no adapter", docker(`(APIServer pid=1) INFO 08-20 10:15:30 [logger.py:41] Received request chatcmpl-b7e2c9: prompt: 'summarise: quarterly loss of 3.2M hidden from auditors', params: SamplingParams(n=1, temperature=0.7, max_tokens=128, guided_decoding=None), prompt_token_ids: [9707, 11, 1879], prompt_embeds shape: None, lora_request: LoRARequest(lora_name='legal', lora_int_id=1).`), ["quarterly loss", "hidden from auditors", "[9707, 11, 1879]"], { contains: [["log", "(APIServer pid=1) INFO 08-20 10:15:30"]] }),
  entry("vllm 0.10.x generated response", docker(`(APIServer pid=1) INFO 08-20 10:15:31 [logger.py:71] Generated response chatcmpl-b7e2c9 (streaming complete): output: 'The auditors were not told about the 3.2M loss', output_token_ids: [785, 74834, 1033], finish_reason: stop`), ["auditors were not told", "[785, 74834, 1033]"], { contains: [["log", "Generated response chatcmpl-b7e2c9"]] }),
  entry("vllm later params only", docker(`(APIServer pid=1) INFO 11-02 10:00:00 [logger.py:49] Received request cmpl-77: params: SamplingParams(n=1, temperature=1.0, stop=['Dear Dr. Who'], max_tokens=64), lora_request: None.`), ["Dear Dr. Who"], { contains: [["log", "Received request cmpl-77: [redacted]"]] }),
  entry("vllm later debug details", docker(`(APIServer pid=1) DEBUG 11-02 10:00:00 [logger.py:40] Request cmpl-77 details: prompt: 'reset password for alice@example.org now', prompt_token_ids: [1, 2, 3], prompt_embeds shape: None.`), ["reset password for", "alice@example.org"], { contains: [["log", "Request cmpl-77 details: [redacted]"]] }),
  entry("vllm stats v0", docker(STATS), [], { keep: [["log", `${STATS}\n`]] }),
  entry("vllm stats v1", cri(STATS_V1), [], { keep: [["log", STATS_V1]] }),
  entry("vllm finished request", docker("INFO 01-12 10:15:41 async_llm_engine.py:133] Finished request cmpl-6f3b2a."), [], { keep: [["log", "INFO 01-12 10:15:41 async_llm_engine.py:133] Finished request cmpl-6f3b2a.\n"]] }),
  entry("vllm startup", docker("INFO 01-12 10:00:00 api_server.py:177] vLLM API server version 0.4.3"), [], { keep: [["log", "INFO 01-12 10:00:00 api_server.py:177] vLLM API server version 0.4.3\n"]] }),
  entry("uvicorn startup", docker("INFO:     Uvicorn running on http://0.0.0.0:8000 (Press CTRL+C to quit)"), [], { keep: [["log", "INFO:     Uvicorn running on http://0.0.0.0:8000 (Press CTRL+C to quit)\n"]] }),
  entry("uvicorn access plain", docker('INFO:     10.244.1.7:51234 - "POST /v1/chat/completions HTTP/1.1" 200 OK'), [], { keep: [["log", 'INFO:     10.244.1.7:51234 - "POST /v1/chat/completions HTTP/1.1" 200 OK\n']] }),
  entry("uvicorn access with key in query", docker('INFO:     10.244.1.7:51236 - "GET /v1/models?api_key=sk-proj-Q9x7LmN2pR4sT6vW8yZ0aB3c HTTP/1.1" 200 OK'), ["sk-proj-Q9x7LmN2pR4sT6vW8yZ0aB3c"], { contains: [["log", '"GET /v1/models?[redacted] HTTP/1.1" 200 OK']] }),
  entry("uvicorn access with prompt in query", docker('INFO:     10.244.1.9:40000 - "GET /generate?prompt=how%20do%20I%20hide%20income&max_tokens=5 HTTP/1.1" 200 OK'), ["hide%20income"], { contains: [["log", "HTTP/1.1\" 200 OK"]] }),
  entry("python traceback with prompt (multiline log)", cri('ERROR 01-12 10:20:00 serving_chat.py:180] Error in preprocessing prompt inputs\nTraceback (most recent call last):\n  File "/usr/local/lib/python3.10/site-packages/vllm/entrypoints/openai/serving_chat.py", line 170, in create_chat_completion\n    prompt = apply_chat_template(tokenizer, conversation=conversation)\npydantic_core._pydantic_core.ValidationError: 1 validation error for ChatCompletionRequest\nmessages\n  Input should be a valid list [type=list_type, input_value=\'my SSN is 078-05-1120, what now?\', input_type=str]', "stderr"), ["078-05-1120", "what now?"], { contains: [["log", "Traceback (most recent call last):"]], keep: [["stream", "stderr"]] }),
  entry("traceback with prompt in exception text", docker('Traceback (most recent call last):\n  File "/app/main.py", line 42, in handle\n    raise RuntimeError(f"generation failed, prompt: {prompt}")\nRuntimeError: generation failed, prompt: Write a phishing mail to bob@corp.example'), ["phishing mail", "bob@corp.example"], { contains: [["log", 'File "/app/main.py", line 42, in handle']] }),
  entry("hf token in startup env dump", docker("DEBUG 01-12 09:59:59 envs.py:12] HF_TOKEN=hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789 VLLM_PORT=8000"), ["hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"], { contains: [["log", "VLLM_PORT=8000"]] }),
];
