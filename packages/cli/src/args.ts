import { didYouMean } from "@llm-gitops/config";
import { excerpt, UsageError } from "@llm-gitops/core";

export interface FlagSpec {
  type: "boolean" | "string";
  /** Repeatable: every value is kept, in order. */
  multiple?: boolean;
  /** A one-letter alias, e.g. h for help. */
  short?: string;
  /** The values a string flag accepts. */
  choices?: readonly string[];
}

type Value<F extends FlagSpec> = F["type"] extends "boolean" ? boolean : F["multiple"] extends true ? string[] : F extends { choices: readonly (infer C)[] } ? C : string;
export type Parsed<S extends Record<string, FlagSpec>> = { [K in keyof S]?: Value<S[K]> };

/**
 * A command's flags in either style, as validate (kubeconform) takes them: `-check` and `--check`,
 * `-root DIR`, `--root=DIR`. Anything unknown is a usage error with the nearest flag, in the dash
 * style it was typed in; so is a positional argument where the command takes none.
 */
export function parseCommandArgs<S extends Record<string, FlagSpec>>(args: readonly string[], spec: S, positionals = false): { values: Parsed<S>; positionals: string[] } {
  const values: Record<string, boolean | string | string[]> = {};
  const rest: string[] = [];
  const byShort = new Map(Object.entries(spec).flatMap(([name, f]) => (f.short ? [[f.short, name] as const] : [])));
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      rest.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      rest.push(arg);
      continue;
    }
    const dashes = arg.startsWith("--") ? "--" : "-";
    const eq = arg.indexOf("=");
    const typed = arg.slice(dashes.length, eq < 0 ? undefined : eq);
    const inline = eq < 0 ? undefined : arg.slice(eq + 1);
    const name = typed in spec ? typed : byShort.get(typed);
    if (name === undefined) throw unknownFlag(dashes, typed, Object.keys(spec));
    const flag = spec[name]!;
    if (flag.type === "boolean") {
      if (inline !== undefined && inline !== "true" && inline !== "false") throw new UsageError(`${dashes}${typed} takes no value (or =true, =false), got ${excerpt(inline)}`);
      values[name] = inline !== "false";
      continue;
    }
    const value = inline ?? args[++i];
    // `--base --upload-pack=x` forgot the value: never take the next flag as one.
    if (value === undefined || (inline === undefined && value.startsWith("-") && value !== "-")) {
      throw new UsageError(`${dashes}${typed} needs a value${value === undefined ? "" : ` (got the flag ${excerpt(value)}; write ${dashes}${typed}=VALUE for a value starting with '-')`}`);
    }
    if (flag.choices && !flag.choices.includes(value)) {
      const near = didYouMean(value, flag.choices);
      throw new UsageError(`${dashes}${typed} must be one of ${flag.choices.join(", ")}, got ${excerpt(value)}${near ? `; did you mean ${near}?` : ""}`);
    }
    values[name] = flag.multiple ? [...((values[name] as string[] | undefined) ?? []), value] : value;
  }
  if (!positionals && rest.length) throw new UsageError(`unexpected argument ${excerpt(rest[0])}; this command takes only flags`);
  return { values: values as Parsed<S>, positionals: rest };
}

/** `unknown flag --chek; did you mean --check?` */
export function unknownFlag(dashes: string, typed: string, names: readonly string[]): UsageError {
  const near = didYouMean(typed, names);
  // Echoed only when it looks like a flag: arguments come from scripts and pull requests.
  const shown = /^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/.test(typed) ? `${dashes}${typed}` : excerpt(`${dashes}${typed}`);
  return new UsageError(`unknown flag ${shown}${near ? `; did you mean ${dashes}${near}?` : ""}`);
}

/** The flag every command shares. */
export const HELP: FlagSpec = { type: "boolean", short: "h" };
