import {
  createValidator,
  defaultValidatorCacheDir,
  discoverInputs,
  findKubeconform,
  FlagError,
  formatResults,
  MissingInput,
  parseFlags,
  readResources,
  runKubeconform,
  VALIDATE_USAGE,
  type Options,
  type ParsedFlags,
  type Result,
} from "@llm-gitops/kubeconform-wrapper";
import { excerpt, UsageError } from "@llm-gitops/core";
import { didYouMean } from "@llm-gitops/config/didyoumean";
import { EXIT, type Io } from "../io.ts";

const PROJECT_NOTE = "(with check's settings — strict, Kubernetes 1.33.1, default and catalog — unless\n-schema-location is given)";
export const validateHelp = VALIDATE_USAGE.includes(PROJECT_NOTE)
  ? VALIDATE_USAGE.replace(PROJECT_NOTE, "with check's settings (strict, Kubernetes 1.33.1, default and catalog and each cluster's\nKServe CRD) except where a flag given here says otherwise")
  : VALIDATE_USAGE;

/** kubeconform-wrapper's flags (flags.ts): which take a value, for did-you-mean and for telling which were given. */
const VALUED = ["kubernetes-version", "schema-location", "cache", "skip", "reject", "output", "n", "schema-mirror", "engine", "kubeconform", "ignore-filename-pattern"];
export const VALIDATE_FLAGS = [...VALUED, "strict", "ignore-missing-schemas", "summary", "verbose", "help", "no-cel"];

/** kubeconform's schemas exist for master and for full releases (kubernetes-json-schema's v1.33.1-…). */
export function checkedVersion(name: string, version: string | undefined): void {
  if (version !== undefined && !/^(master|v?\d{1,3}\.\d{1,3}\.\d{1,3})$/.test(version)) {
    throw new UsageError(`${name} must be master or a full Kubernetes release such as 1.33.1, got ${excerpt(version)}`);
  }
}

export async function validate(args: string[], io: Io, env: Record<string, string | undefined> = process.env): Promise<number> {
  let flags: ParsedFlags;
  try {
    flags = parseFlags(args, env);
  } catch (e) {
    if (!(e instanceof FlagError)) throw e;
    // kubeconform's words, with the nearest flag.
    const unknown = /^flag provided but not defined: -(.*)$/s.exec(e.message);
    const near = unknown ? didYouMean(unknown[1]!, VALIDATE_FLAGS) : undefined;
    throw new UsageError(`${e.message}${near ? `; did you mean -${near}?` : ""}`);
  }
  if (flags.help) {
    io.out(validateHelp);
    return EXIT.ok;
  }
  const given = givenFlags(args);
  if (given.has("kubernetes-version")) checkedVersion("-kubernetes-version", flags.options.kubernetesVersion);
  let results: Result[];
  let files = 0;
  if (flags.paths.length === 0) {
    checkedVersion("LLM_GITOPS_KUBERNETES_VERSION", env.LLM_GITOPS_KUBERNETES_VERSION);
    // Loaded only here: validating files needs neither the renderer nor the environment schemas.
    const { validateRender } = await import("./validate-render.ts");
    results = await validateRender(flags.options, given, env, io.cwd);
    files = new Set(results.map((r) => r.filename)).size;
  } else {
    const inputs = await discoverInputs(flags.paths, flags.ignoreFilenamePatterns).catch((e: unknown) => {
      throw e instanceof MissingInput ? new UsageError(e.message) : e;
    });
    files = inputs.length;
    const binary = flags.engine === "builtin" ? undefined : await findKubeconform(flags.kubeconform);
    if (flags.engine === "binary" && !binary) throw new UsageError("-engine binary: kubeconform not found on PATH; install it or pass -kubeconform PATH");
    const cache = defaultValidatorCacheDir(env);
    const validator = createValidator({ ...flags.options, ...(cache ? { validatorCache: cache } : {}) });
    if (binary) {
      // Files refused unread (special files, links out of the directory, loops) never reach
      // kubeconform, which would hang on a FIFO or follow the link: they fail here as errors.
      const refused = await validator.validate(await readResources(inputs.filter((i) => i.refused !== undefined), flags.options.strict));
      const readable = inputs.filter((i) => i.refused === undefined).map((i) => i.path);
      results = [...refused, ...(readable.length ? await runKubeconform(binary, readable, flags.options) : [])];
    } else results = await validator.validateFiles(inputs, flags.options.strict, io.stdin);
  }
  const text = formatResults(results, { format: flags.output, summary: flags.summary, verbose: flags.verbose, files, stdin: flags.paths.length === 1 && flags.paths[0] === "-" });
  if (text) io.out(text);
  return results.some((r) => r.status === "statusInvalid" || r.status === "statusError") ? EXIT.checkFailed : EXIT.ok;
}

/** The flags on the command line (parseFlags has accepted them): a value after a valued flag is no flag. */
function givenFlags(args: readonly string[]): Set<string> {
  const given = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") break;
    if (!arg.startsWith("-") || arg === "-") continue;
    const [name = "", inline] = arg.replace(/^--?/, "").split(/=(.*)/s, 2);
    given.add(name);
    if (inline === undefined && VALUED.includes(name)) i++;
  }
  return given;
}
