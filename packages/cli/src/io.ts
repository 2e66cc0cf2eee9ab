/** Where a command writes; tests capture it. */
export interface Io {
  cwd: string;
  out(line: string): void;
  err(line: string): void;
  /** Standard input, for `validate -`. */
  stdin?: () => Promise<string>;
  env?: Record<string, string | undefined>;
  /** The sha256 of the code running (the bin's bundle): renders it made may be reused (render-cache.ts). */
  build?: string;
}

export const EXIT = { ok: 0, checkFailed: 1, usage: 2, internal: 3 } as const;
