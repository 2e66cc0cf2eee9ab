import { readFileSync } from "node:fs";
// Not the packages' indexes: those load the whole schema gate (CEL among it), every environment
// schema and the kustomize writer for every command.
import { didYouMean } from "@llm-gitops/config/didyoumean";
import { setSchemaCompiler } from "@llm-gitops/config/validate";
import { defaultValidatorCacheDir } from "@llm-gitops/kubeconform-wrapper/cache";
import { compileWithCache } from "@llm-gitops/kubeconform-wrapper/compiled";
import { excerpt, InputError, UsageError } from "@llm-gitops/core";
import { asTreeError, TreeError } from "@llm-gitops/kustomize/errors";
import { unknownFlag } from "./args.ts";
import { EXIT, type Io } from "./io.ts";

type Command = { run: (args: string[], io: Io) => Promise<number>; help: string };

/**
 * Each command's module is loaded when it runs: the bundle then initialises only what that command
 * imports (generate needs neither the schema gate's CEL nor the policy rules nor the price tables).
 */
const COMMANDS: Record<string, { load: () => Promise<Command>; summary: string }> = {
  generate: { load: async () => import("./commands/generate.ts").then((m) => ({ run: m.generate, help: m.generateHelp })), summary: "render environments/ into clusters/ and docker/ (or --output-dir DIR)" },
  check: { load: async () => import("./commands/check.ts").then((m) => ({ run: m.check, help: m.checkHelp })), summary: "run every pull-request gate on a fresh render; one line per gate, then the verdict" },
  show: { load: async () => import("./commands/show.ts").then((m) => ({ run: m.show, help: m.showHelp })), summary: "print the rendered objects as YAML (what kubectl kustomize yields), filtered; writes nothing" },
  diff: { load: async () => import("./commands/diff.ts").then((m) => ({ run: m.diff, help: m.diffHelp })), summary: "compare the renders of two git revisions: a reviewer's summary, then every changed object and field" },
  validate: {
    load: async () => import("./commands/validate.ts").then((m) => ({ run: (args, io) => m.validate(args, io, io.env ?? process.env), help: m.validateHelp })),
    summary: "validate manifests against their JSON Schemas (kubeconform-compatible)",
  },
  cost: { load: async () => import("./commands/cost.ts").then((m) => ({ run: m.cost, help: m.costHelp })), summary: "what each environment costs a month and what each deployment can serve; writes nothing" },
};

/** This package's version, from its package.json: there is no build step to stamp it in. */
export const VERSION = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;

export const mainHelp = `Usage: llm-gitops <command> [options]

Turns the environments described under environments/ into the Kubernetes state under
clusters/ that Argo CD syncs.

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(10)}${c.summary}`)
  .join("\n")}
  help      show help for a command

Options: -h, --help (this help); --version (print the version). Every command takes its flags
with one dash or two alike (-check, --check).

Exit codes:
  0  success
  1  a check failed (the tree is stale, or a gate found problems)
  2  usage or input error (each problem on one line as file:line:col field: message)
  3  internal error (a bug in llm-gitops: please report it with the stack trace)

Run 'llm-gitops <command> --help' for a command's options.`;

const isFlag = (arg: string, ...names: string[]) => names.some((n) => arg === `-${n}` || arg === `--${n}`);

/** `unknown command 'valdiate'; did you mean 'validate'?` */
function unknownCommand(name: string): string {
  const near = didYouMean(name, Object.keys(COMMANDS));
  const shown = /^[a-z][a-z0-9-]{0,39}$/i.test(name) ? `'${name}'` : excerpt(name);
  return `unknown command ${shown}; ${near ? `did you mean '${near}'?` : `commands: ${Object.keys(COMMANDS).join(", ")}`} (see llm-gitops --help)`;
}

/** Runs one command line; returns the exit code. Expected errors never print a stack. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...args] = argv;
  // The input schemas' validators come from the compiled-validator cache, as the schema gate's do.
  const cacheDir = defaultValidatorCacheDir(io.env ?? process.env);
  if (cacheDir) setSchemaCompiler((ajv, schema) => compileWithCache(ajv, schema, { cacheDir }));
  if (name === undefined || isFlag(name, "help", "h")) {
    io.out(mainHelp);
    return EXIT.ok;
  }
  if (isFlag(name, "version")) {
    io.out(`llm-gitops ${VERSION}`);
    return EXIT.ok;
  }
  if (name === "help") {
    const topic = args[0];
    if (topic === undefined) io.out(mainHelp);
    else if (COMMANDS[topic]) io.out((await COMMANDS[topic].load()).help);
    else {
      io.err(unknownCommand(topic));
      return EXIT.usage;
    }
    return EXIT.ok;
  }
  if (name.startsWith("-") && name !== "-") {
    const dashes = name.startsWith("--") ? "--" : "-";
    io.err(`${unknownFlag(dashes, name.slice(dashes.length).split("=")[0]!, ["help", "version"]).message} (see llm-gitops --help)`);
    return EXIT.usage;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    io.err(unknownCommand(name));
    return EXIT.usage;
  }
  try {
    return await (await entry.load()).run(args, io);
  } catch (caught) {
    // A full disk or a read-only checkout is the user's to fix, wherever it surfaced.
    const error = asTreeError(caught);
    if (error instanceof TreeError) {
      // Already says what to do; the --help hint of a usage error would mislead.
      for (const line of error.message.split("\n")) io.err(line);
      return EXIT.usage;
    }
    if (error instanceof InputError) {
      for (const line of error.message.split("\n")) io.err(line);
      io.err(`${name} failed: ${error.problems.length} problem${error.problems.length === 1 ? "" : "s"} in environments/; nothing was written`);
      return EXIT.usage;
    }
    if (error instanceof UsageError) {
      io.err(`${error.message} (see llm-gitops ${name} --help)`);
      return EXIT.usage;
    }
    io.err(`internal error: ${(error as Error).stack ?? String(error)}`);
    return EXIT.internal;
  }
}
