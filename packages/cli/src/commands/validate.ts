import {
  createValidator,
  discoverInputs,
  findKubeconform,
  FlagError,
  formatResults,
  MissingInput,
  parseFlags,
  readResources,
  runKubeconform,
  VALIDATE_USAGE,
  type Result,
} from "@llm-gitops/kubeconform-wrapper";
import { UsageError } from "@llm-gitops/core";
import { EXIT, type Io } from "../io.ts";
import { findRoot, generateFiles, readSources } from "../project.ts";
import { projectSchemaOptions, validateTruths } from "../schema.ts";

export const validateHelp = VALIDATE_USAGE;

export async function validate(args: string[], io: Io, env: Record<string, string | undefined> = process.env): Promise<number> {
  let flags;
  try {
    flags = parseFlags(args, env);
  } catch (e) {
    if (e instanceof FlagError) throw new UsageError(e.message);
    throw e;
  }
  if (flags.help) {
    io.out(validateHelp);
    return EXIT.ok;
  }
  let results: Result[];
  let files = 0;
  if (flags.paths.length === 0) {
    const { truths, inputs } = generateFiles(await readSources(await findRoot(io.cwd)));
    // No locations given: the same settings as `check`, so both gates agree.
    const options = flags.options.schemaLocations.length ? flags.options : { ...projectSchemaOptions(env), ...(flags.options.mirror ? { mirror: flags.options.mirror } : {}) };
    // Project settings validate each overlay against its cluster's KServe CRD; explicit locations are taken as given.
    results = await validateTruths(truths, options, flags.options.schemaLocations.length ? undefined : inputs);
    files = new Set(results.map((r) => r.filename)).size;
  } else {
    const inputs = await discoverInputs(flags.paths, flags.ignoreFilenamePatterns).catch((e: unknown) => {
      throw e instanceof MissingInput ? new UsageError(e.message) : e;
    });
    files = inputs.length;
    const binary = flags.engine === "builtin" ? undefined : await findKubeconform(flags.kubeconform);
    if (flags.engine === "binary" && !binary) throw new UsageError("-engine binary: kubeconform not found on PATH; install it or pass -kubeconform PATH");
    const validator = createValidator(flags.options);
    if (binary) {
      // Files refused unread (special files, links out of the directory, loops) never reach
      // kubeconform, which would hang on a FIFO or follow the link: they fail here as errors.
      const refused = await validator.validate(await readResources(inputs.filter((i) => i.refused !== undefined), flags.options.strict));
      const readable = inputs.filter((i) => i.refused === undefined).map((i) => i.path);
      results = [...refused, ...(readable.length ? await runKubeconform(binary, readable, flags.options) : [])];
    } else results = await validator.validate(await readResources(inputs, flags.options.strict, io.stdin));
  }
  const text = formatResults(results, { format: flags.output, summary: flags.summary, verbose: flags.verbose, files, stdin: flags.paths.length === 1 && flags.paths[0] === "-" });
  if (text) io.out(text);
  return results.some((r) => r.status === "statusInvalid" || r.status === "statusError") ? EXIT.checkFailed : EXIT.ok;
}
