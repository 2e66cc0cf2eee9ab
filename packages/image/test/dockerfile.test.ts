import { DockerfileParser, type Instruction as AstInstruction } from "dockerfile-ast";
import { describe, expect, it } from "vitest";
import { qwen25 } from "@llm-gitops/config/testing";
import { modelDockerfile, shellQuote } from "../src/model-image.ts";

const REPO = "https://github.com/example-org/llm-platform";
const parse = (text: string) => DockerfileParser.parse(text);
const stages = (text: string) => {
  const out: AstInstruction[][] = [];
  for (const i of parse(text).getInstructions()) {
    if (i.getKeyword() === "FROM") out.push([]);
    out.at(-1)!.push(i);
  }
  return out;
};
const args = (i: AstInstruction) => i.getArguments().map((a) => a.getValue());
/** `--name=value` flags, which dockerfile-ast parses apart from the arguments. */
const flags = (i: AstInstruction) =>
  (i as unknown as { getFlags(): { getName(): string; getValue(): string | null }[] }).getFlags().map((f) => `--${f.getName()}=${f.getValue()}`);
const final = (text: string) => stages(text).at(-1)!;
const only = (list: AstInstruction[], keyword: string) => {
  const found = list.filter((i) => i.getKeyword() === keyword);
  expect(found, keyword).toHaveLength(1);
  return found[0]!;
};

describe("model image Dockerfile", () => {
  const text = modelDockerfile(qwen25, REPO);
  const last = final(text);

  it("parses cleanly", () => {
    expect(parse(text).getInstructions().length).toBeGreaterThan(10);
  });

  it("builds on a pinned vLLM image (which bundles CUDA)", () => {
    expect(args(last[0]!)).toEqual(["vllm/vllm-openai:v0.10.2"]);
  });

  it("copies the weights owned by the runtime user, with no chown -R layer", () => {
    const copy = only(last, "COPY");
    expect(flags(copy)).toEqual(["--from=weights", "--chown=1001:1001"]);
    expect(args(copy)).toEqual(["/models/qwen2.5-7b-instruct-awq", "/models/qwen2.5-7b-instruct-awq"]);
    expect(text).not.toMatch(/chown -R/);
  });

  it("runs as a non-root user", () => {
    expect(args(only(last, "USER"))).toEqual(["1001:1001"]);
  });

  it("uses the exec form for ENTRYPOINT and CMD; vLLM 0.10.2 logs no requests by default", () => {
    const entrypoint = only(last, "ENTRYPOINT").getRawArgumentsContent();
    const cmd = only(last, "CMD").getRawArgumentsContent();
    expect(JSON.parse(entrypoint!)).toEqual(["vllm", "serve"]);
    expect(JSON.parse(cmd!)).toEqual(["/models/qwen2.5-7b-instruct-awq", "--served-model-name=qwen2.5-7b-instruct", "--port=8080"]);
  });

  // The runtime uid needs a name: torch inductor's getpass.getuser() raises KeyError for a uid
  // without a passwd entry (pytorch#140765) unless $USER is set. The image does both, with the
  // same environment the pod spec sets.
  it("gives the runtime uid a passwd entry and $USER, with every cache in its writable home", () => {
    const run = last.filter((i) => i.getKeyword() === "RUN").map((i) => i.getRawArgumentsContent()).join("\n");
    expect(run).toMatch(/useradd .*--uid 1001 .*vllm/);
    expect(run).toMatch(/getent group 1001 \|\| groupadd/);
    const env = Object.fromEntries(
      (only(last, "ENV") as unknown as { getProperties(): { getName(): string; getValue(): string }[] }).getProperties().map((p) => [p.getName(), p.getValue()]),
    );
    expect(env).toMatchObject({
      HOME: "/var/cache/vllm",
      USER: "vllm",
      VLLM_CACHE_ROOT: "/var/cache/vllm/vllm",
      TORCHINDUCTOR_CACHE_DIR: "/var/cache/vllm/torchinductor",
      TRITON_CACHE_DIR: "/var/cache/vllm/triton",
      HF_HOME: "/var/cache/vllm/huggingface",
    });
  });

  it("has a HEALTHCHECK on /health that needs no curl", () => {
    const hc = only(last, "HEALTHCHECK");
    expect(flags(hc)).toEqual(["--interval=30s", "--timeout=5s", "--start-period=15m", "--retries=3"]);
    expect(hc.getRawArgumentsContent()).toMatch(/^CMD \["python3","-c",".*http:\/\/127\.0\.0\.1:8080\/health/);
  });

  it("carries OCI labels: source, revision by build-arg, model", () => {
    const labels = Object.fromEntries(
      only(last, "LABEL").getArguments().map((a) => a.getValue()).join(" ").match(/[\w.-]+="[^"]*"/g)!.map((kv) => {
        const [k, v] = kv.split("=");
        return [k, JSON.parse(v!)];
      }),
    );
    expect(labels).toMatchObject({
      "org.opencontainers.image.source": REPO,
      "org.opencontainers.image.revision": "${REVISION}",
      "io.llm-gitops.model": "qwen2.5-7b-instruct-awq",
      "io.llm-gitops.model.revision": "${MODEL_REVISION}",
    });
  });

  it("downloads safetensors at the model revision in a separate stage, pinned", () => {
    const [weights] = stages(text);
    expect(args(weights![0]!)).toEqual(["python:3.12.11-slim-bookworm", "AS", "weights"]);
    const runs = weights!.filter((i) => i.getKeyword() === "RUN").map((i) => i.getRawArgumentsContent());
    expect(runs).toContain('pip install --no-cache-dir "huggingface_hub==1.30.0"');
    expect(runs.some((r) => r?.includes('--revision "$MODEL_REVISION"'))).toBe(true);
  });

  it("single-quotes every input value on the download's shell line", () => {
    const run = stages(text)[0]!.filter((i) => i.getKeyword() === "RUN").find((i) => i.getRawArgumentsContent()!.includes("hf download"))!;
    // A gated repository's token comes from a BuildKit secret, never from a build argument.
    expect(flags(run)).toEqual(["--mount=type=secret,id=hf_token,required=false"]);
    const download = run.getRawArgumentsContent()!.replace(/^--mount=\S+ /, "");
    expect(download).toBe(
      `if [ -s /run/secrets/hf_token ]; then export HF_TOKEN="$(cat /run/secrets/hf_token)"; fi; hf download 'Qwen/Qwen2.5-7B-Instruct-AWQ' --revision "$MODEL_REVISION" --local-dir '/models/qwen2.5-7b-instruct-awq' --exclude "*.pt" --exclude "*.pth" --exclude "*.bin" && rm -rf '/models/qwen2.5-7b-instruct-awq/.cache'`,
    );
    expect(shellQuote("it's")).toBe(`'it'"'"'s'`);
  });

  it("requires MODEL_REVISION at build time when the catalog pins none, and bakes it in when it does", () => {
    expect(text).toContain('test -n "$MODEL_REVISION"');
    const pinned = modelDockerfile({ ...qwen25, revision: "a".repeat(40) }, REPO);
    expect(pinned).toContain(`ARG MODEL_REVISION="${"a".repeat(40)}"`);
    expect(pinned).not.toContain('test -n "$MODEL_REVISION"');
  });

  // vLLM 0.10.0 logs requests unless --disable-log-requests; 0.10.1 turned logging off by default
  // and deprecated the flag (vllm PR #21739; removed in 0.17).
  it.each([
    ["0.10.0", true],
    ["0.10.1", false],
    ["0.11.0", false],
  ])("vLLM %s: --disable-log-requests written = %s", (vllmVersion, written) => {
    const cmd = only(final(modelDockerfile({ ...qwen25, vllmVersion }, REPO)), "CMD").getRawArgumentsContent()!;
    expect(JSON.parse(cmd).includes("--disable-log-requests")).toBe(written);
  });
});
