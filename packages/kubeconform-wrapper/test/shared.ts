import { resolve } from "node:path";
import { inject } from "vitest";
import { mirrorPath } from "../src/locations.ts";

/**
 * The schema mirror the tests read, from the test setup (global-setup.ts): LLM_GITOPS_SCHEMA_MIRROR,
 * ../shared/crds, or the schema cache it filled from upstream.
 */
export const MIRROR = inject("schemaMirror");
export const FIXTURES = resolve(import.meta.dirname, "fixtures");

/** The local file of an upstream URL in the test mirror, whatever its layout. */
export function mirrored(url: string): string {
  const path = mirrorPath(url, MIRROR);
  if (!path) throw new Error(`${url} has no place in a mirror`);
  return path;
}
