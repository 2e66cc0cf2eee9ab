import { existsSync } from "node:fs";
import { resolve } from "node:path";

/** The offline schema mirror beside the repository (../shared/crds), which tests may read. */
export const MIRROR = resolve(import.meta.dirname, "../../../../shared/crds");
if (!existsSync(MIRROR)) throw new Error(`schema mirror not found at ${MIRROR}: the tests read upstream schemas from ../shared/crds beside the repository`);
export const FIXTURES = resolve(import.meta.dirname, "fixtures");
