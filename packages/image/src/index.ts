export { renderImageFiles, modelDockerfile, vllmBaseImage, dockerfilePath, DOWNLOADER_IMAGE, HUGGINGFACE_HUB_VERSION } from "./model-image.ts";
export { renderDockerfile, type Instruction } from "./dockerfile.ts";
