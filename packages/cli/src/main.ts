import { InputError, UsageError } from "@llm-gitops/core";
import { asTreeError, TreeError } from "@llm-gitops/kustomize";
import { check, checkHelp } from "./commands/check.ts";
import { generate, generateHelp } from "./commands/generate.ts";
import { validate, validateHelp } from "./commands/validate.ts";
import { EXIT, type Io } from "./io.ts";

const COMMANDS: Record<string, { run: (args: string[], io: Io) => Promise<number>; help: string; summary: string }> = {
  generate: { run: generate, help: generateHelp, summary: "render environments/ into clusters/ and docker/" },
  check: { run: check, help: checkHelp, summary: "run the pull-request gates on a fresh render: input, GPU fit, scaling, schema, drift" },
  validate: { run: (args, io) => validate(args, io, io.env ?? process.env), help: validateHelp, summary: "validate manifests against their JSON Schemas (kubeconform-compatible)" },
};

export const mainHelp = `Usage: llm-gitops <command> [options]

Turns the environments described under environments/ into the Kubernetes state under
clusters/ that Argo CD syncs.

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(10)}${c.summary}`)
  .join("\n")}
  help      show help for a command

Exit codes:
  0  success
  1  a check failed (the tree is stale, or a gate found problems)
  2  usage or input error (each problem on one line as file:line:col field: message)
  3  internal error (a bug in llm-gitops: please report it with the stack trace)

Run 'llm-gitops <command> --help' for a command's options.`;

/** Runs one command line; returns the exit code. Expected errors never print a stack. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    const topic = name === "help" && args[0] ? COMMANDS[args[0]] : undefined;
    io.out(topic ? topic.help : mainHelp);
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`unknown command '${name}'; commands: ${Object.keys(COMMANDS).join(", ")} (see llm-gitops --help)`);
    return EXIT.usage;
  }
  try {
    return await command.run(args, io);
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
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      // validate's flags parse themselves; others use util.parseArgs
      io.err(`${(error as Error).message} (see llm-gitops ${name} --help)`);
      return EXIT.usage;
    }
    io.err(`internal error: ${(error as Error).stack ?? String(error)}`);
    return EXIT.internal;
  }
}
