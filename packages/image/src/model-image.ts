import { bakedModelPath, GENERATED_HEADER, requestLoggingArgs, VLLM_CACHE_DIR, VLLM_PORT, VLLM_UID, VLLM_USER, vllmEnvironment, type OutputFile } from "@llm-gitops/core";
import type { Inputs, Model } from "@llm-gitops/config";
import { renderDockerfile, type Instruction } from "./dockerfile.ts";

/** Pinned tools of the download stage. */
export const DOWNLOADER_IMAGE = "python:3.12.11-slim-bookworm";
export const HUGGINGFACE_HUB_VERSION = "1.30.0";
/** The BuildKit secret the download stage reads a Hugging Face token from. */
export const HF_TOKEN_SECRET = "hf_token";
const UID = String(VLLM_UID);

/**
 * A word for a POSIX shell line: single-quoted, so nothing in it is expanded. Values are already
 * held to their grammar at input (a Hugging Face repo id, a catalog key); this is the second wall.
 */
export function shellQuote(word: string): string {
  if (/[\n\r\0]/.test(word)) throw new Error("unreachable: line breaks are refused at input");
  return `'${word.replaceAll("'", `'"'"'`)}'`;
}

export const vllmBaseImage = (model: Model) => `vllm/vllm-openai:v${model.vllmVersion}`;
export const dockerfilePath = (model: Model) => `docker/${model.name}/Dockerfile`;


/**
 * The serving image of a model baked in: a download stage fetches the weights at a pinned
 * revision; the final stage copies them owned by the runtime user (no `chown -R` layer that
 * would duplicate gigabytes) onto the pinned vLLM image, which bundles CUDA.
 */
export function modelDockerfile(model: Model, repository: string): string {
  const dir = bakedModelPath(model.name);
  const revision: Instruction[] = model.revision
    ? [{ keyword: "ARG", pairs: [["MODEL_REVISION", model.revision]] }]
    : [
        { comment: "No revision is pinned in platform.yaml: pass the commit to bake, e.g. --build-arg MODEL_REVISION=<sha>." },
        { keyword: "ARG", pairs: [["MODEL_REVISION", undefined]] },
        { keyword: "RUN", shell: 'test -n "$MODEL_REVISION" || { echo "build with --build-arg MODEL_REVISION=<commit of the model repository>" >&2; exit 1; }' },
      ];
  return renderDockerfile([
    { comment: "syntax=docker/dockerfile:1" },
    ...GENERATED_HEADER.map((comment) => ({ comment })),
    { keyword: "FROM", image: DOWNLOADER_IMAGE, as: "weights" },
    ...revision,
    { keyword: "RUN", shell: `pip install --no-cache-dir "huggingface_hub==${HUGGINGFACE_HUB_VERSION}"` },
    {
      keyword: "RUN",
      // Gated repositories (meta-llama/…) need a token: a BuildKit secret, never a build argument
      // or a layer (docker build --secret id=hf_token,env=HF_TOKEN). Optional for open models.
      mounts: [`type=secret,id=${HF_TOKEN_SECRET},required=false`],
      // Safetensors only: pickled duplicates would double the layer and can run code.
      shell: `if [ -s /run/secrets/${HF_TOKEN_SECRET} ]; then export HF_TOKEN="$(cat /run/secrets/${HF_TOKEN_SECRET})"; fi; hf download ${shellQuote(model.source)} --revision "$MODEL_REVISION" --local-dir ${shellQuote(dir)} --exclude "*.pt" --exclude "*.pth" --exclude "*.bin" && rm -rf ${shellQuote(`${dir}/.cache`)}`,
    },
    { keyword: "FROM", image: vllmBaseImage(model) },
    { keyword: "ARG", pairs: [["MODEL_REVISION", model.revision], ["REVISION", undefined]] },
    {
      keyword: "LABEL",
      pairs: [
        ["org.opencontainers.image.title", `vLLM ${model.vllmVersion} serving ${model.servedName}`],
        ["org.opencontainers.image.source", repository],
        ["org.opencontainers.image.revision", "${REVISION}"],
        ["org.opencontainers.image.base.name", `docker.io/${vllmBaseImage(model)}`],
        ["io.llm-gitops.model", model.name],
        ["io.llm-gitops.model.source", model.source],
        ["io.llm-gitops.model.revision", "${MODEL_REVISION}"],
      ],
    },
    // The same environment the pod sets: caches below a writable home, $USER for torch inductor.
    { keyword: "ENV", pairs: vllmEnvironment() },
    { keyword: "COPY", from: "weights", chown: `${UID}:${UID}`, src: dir, dest: dir },
    {
      keyword: "RUN",
      // A passwd entry for the runtime uid: torch inductor's getpass.getuser() raises KeyError
      // without one (pytorch#140765) when $USER is unset, e.g. under `docker run -e USER=`. The
      // vLLM image (Ubuntu 22.04, runs as root) has useradd. The home and caches must be writable
      // outside Kubernetes too (there an emptyDir covers it).
      shell:
        `(getent group ${UID} || groupadd --system --gid ${UID} ${VLLM_USER}) && ` +
        `(getent passwd ${UID} || useradd --system --uid ${UID} --gid ${UID} --home-dir ${VLLM_CACHE_DIR} --no-create-home --shell /usr/sbin/nologin ${VLLM_USER}) && ` +
        `mkdir -p ${VLLM_CACHE_DIR} && chown ${UID}:${UID} ${VLLM_CACHE_DIR}`,
    },
    { keyword: "USER", value: `${UID}:${UID}` },
    { keyword: "EXPOSE", value: String(VLLM_PORT) },
    {
      keyword: "HEALTHCHECK",
      options: { interval: "30s", timeout: "5s", "start-period": "15m", retries: "3" },
      // python3 is in every vLLM image; curl is not guaranteed.
      exec: ["python3", "-c", `import urllib.request; urllib.request.urlopen('http://127.0.0.1:${VLLM_PORT}/health', timeout=4)`],
    },
    { keyword: "ENTRYPOINT", exec: ["vllm", "serve"] },
    { keyword: "CMD", exec: [dir, `--served-model-name=${model.servedName}`, `--port=${VLLM_PORT}`, ...requestLoggingArgs(model.vllmVersion)] },
  ]);
}

/** docker/<model>/Dockerfile for every model served from its image (PVC-stored models need none). */
export function renderImageFiles(inputs: Inputs): OutputFile[] {
  const used = new Set(inputs.environments.flatMap((e) => e.deployments.map((d) => d.model.name)));
  return [...inputs.platform.models.values()]
    .filter((m) => m.storage.kind === "image" && used.has(m.name))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((m) => ({ path: dockerfilePath(m), content: modelDockerfile(m, inputs.platform.repository) }));
}
