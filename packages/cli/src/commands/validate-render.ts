import type { Options, Result } from "@llm-gitops/kubeconform-wrapper";
import { findRoot, generateFiles, readSources } from "../project.ts";
import { projectSchemaOptions, validateTruths } from "../schema.ts";

/**
 * `validate` without paths: a fresh render of the project found from `cwd`, validated with
 * check's settings except where a flag given says otherwise. Project settings validate each
 * overlay against its cluster's KServe CRD; explicit locations are taken as given.
 */
export async function validateRender(options: Options, given: ReadonlySet<string>, env: Record<string, string | undefined>, cwd: string): Promise<Result[]> {
  const { truths, inputs } = generateFiles(await readSources(await findRoot(cwd)));
  return validateTruths(truths, projectOptions(options, given, env), given.has("schema-location") ? undefined : inputs);
}

/** check's settings for a fresh render, with every flag given on the command line in force. */
function projectOptions(o: Options, given: ReadonlySet<string>, env: Record<string, string | undefined>): Options {
  const project = projectSchemaOptions(env);
  const pick = <K extends keyof Options>(flag: string, key: K) => (given.has(flag) ? { [key]: o[key] } : {});
  return {
    ...project,
    ...(o.mirror ? { mirror: o.mirror } : {}),
    ...pick("strict", "strict"),
    ...pick("kubernetes-version", "kubernetesVersion"),
    ...pick("schema-location", "schemaLocations"),
    ...pick("cache", "cache"),
    ...pick("ignore-missing-schemas", "ignoreMissingSchemas"),
    ...pick("skip", "skip"),
    ...pick("reject", "reject"),
    ...pick("n", "workers"),
    ...pick("no-cel", "cel"),
  };
}
