export { main, mainHelp } from "./main.ts";
export { generateFiles, overlayDir, readSources, findRoot } from "./project.ts";
export { EXIT, type Io } from "./io.ts";
