import { createRequire } from "node:module";
import type { Signature } from "./signature.ts";

const require = createRequire(import.meta.url);

type Model = new (data: unknown) => { validate(): void };

/**
 * Core kinds when no schema location is configured and the default one cannot be reached:
 * kubernetes-models ships ajv-compiled validators for every built-in kind. They follow the
 * OpenAPI spec, which does not close objects, so they cannot reject unknown fields.
 */
export function modelValidator(sig: Signature): ((data: unknown) => boolean) | undefined {
  if (!/^[a-z0-9.]*\/?v\d+[a-z0-9]*$/.test(sig.apiVersion) || !/^[A-Z]\w*$/.test(sig.kind)) return undefined;
  let Model: Model | undefined;
  try {
    Model = (require(`kubernetes-models/${sig.apiVersion}/${sig.kind}`) as Record<string, Model>)[sig.kind];
  } catch {
    return undefined;
  }
  if (!Model) return undefined;
  const fn = (data: unknown) => {
    try {
      new Model!(data).validate();
      fn.errors = [];
      return true;
    } catch (e) {
      fn.errors = ((e as { errors?: unknown[] }).errors ?? [{ instancePath: "", schemaPath: "#", keyword: "model", params: {}, message: (e as Error).message }]) as never[];
      return false;
    }
  };
  fn.errors = [] as never[];
  return fn;
}

export const FALLBACK_SOURCE = "kubernetes-models";
